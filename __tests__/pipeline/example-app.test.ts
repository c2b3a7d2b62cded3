import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { IMAGES, makeImage } from '../../src/demo/shop-images.js'
import { pushShopImages } from './shop.js'

const run = promisify(execFile)

interface Manifest {
  layers: { digest: string }[]
  manifests?: { digest: string; platform: { architecture: string; variant?: string } }[]
}

// The example app the e2e test, the benchmark and the demo build: its images
// are generated deterministically and pushed to the real registry with skopeo.
describeWithTools(['skopeo', 'docker-registry'], 'examples/shop', () => {
  let registry: RunningRegistry
  let pushed: string[]

  beforeAll(async () => {
    const dir = await tempDir()
    registry = await startRegistry(dir)
    pushed = await pushShopImages(registry.host)
  }, 180_000)
  afterAll(async () => {
    await registry?.stop()
  })

  const raw = async (ref: string): Promise<Manifest> =>
    JSON.parse(
      (
        await run('skopeo', [
          'inspect',
          '--raw',
          '--tls-verify=false',
          `docker://${registry.host}/${ref}`
        ])
      ).stdout
    ) as Manifest
  const arm64Layers = async (ref: string) => {
    const index = await raw(ref)
    const m = index.manifests!.find((x) => x.platform.architecture === 'arm64')!
    return (await raw(`${ref.split(':')[0]}@${m.digest}`)).layers.map((l) => l.digest)
  }

  it('pushes five images, each an index over three platforms', async () => {
    expect(pushed).toHaveLength(5)
    for (const line of pushed)
      expect(line).toMatch(/^127\.0\.0\.1:\d+\/shop\/(web|api|db):[\d.]+@sha256:[0-9a-f]{64}$/)
    const index = await raw('shop/web:2.0')
    expect(
      index.manifests!.map((m) => `${m.platform.architecture}${m.platform.variant ?? ''}`)
    ).toEqual(['amd64', 'arm64', 'armv7'])
  })

  it('differs v1 → v2 as the example promises', async () => {
    const [web1, web2, api1, api2] = await Promise.all(
      ['shop/web:1.0', 'shop/web:2.0', 'shop/api:1.0', 'shop/api:2.0'].map(arm64Layers)
    )
    // The base layer is shared by every service; web changes only its site layer.
    expect(web2![0]).toBe(web1![0])
    expect(api1![0]).toBe(web1![0])
    expect(web2![1]).not.toBe(web1![1])
    // api keeps base and deps, changes its app layer, adds one.
    expect(api2!.slice(0, 2)).toEqual(api1!.slice(0, 2))
    expect(api2![2]).not.toBe(api1![2])
    expect(api2).toHaveLength(api1!.length + 1)
  })

  it('is deterministic: a second generation gives the same digests', async () => {
    const dir = await tempDir()
    const lines: string[] = []
    for (const [service, tag] of IMAGES) {
      const img = await makeImage(join(dir, 'a'), service, tag)
      lines.push(`${img.dir}\t${tag}\t${img.digest}\n`)
    }
    const a = lines.join('')
    expect(a.replace(new RegExp(join(dir, 'a'), 'g'), '')).toBe(
      pushed.map((l) => l.replace(/^.*\/shop\/(\w+):([\d.]+)@(.*)$/, '/$1-$2\t$2\t$3')).join('\n') +
        '\n'
    )
  })

  it('has v1 and v2 compose files naming the pushed images', async () => {
    for (const v of ['v1', 'v2']) {
      const compose = parse(await readFile(`examples/shop/${v}/compose.yaml`, 'utf8')) as {
        services: Record<string, { image: string }>
      }
      expect(Object.keys(compose.services)).toEqual(['web', 'api', 'db'])
      for (const s of Object.values(compose.services))
        expect(s.image).toMatch(/^\$\{REGISTRY:-localhost:5000\}\/shop\/(web|api|db):[\d.]+$/)
    }
  })
})
