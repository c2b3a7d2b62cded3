import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithTools, toolVersion } from '../helpers/tools.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'

describeWithTools(['docker-registry'], 'real distribution registry on loopback', () => {
  let reg: RunningRegistry
  beforeAll(async () => {
    reg = await startRegistry(await tempDir())
  })
  afterAll(() => reg?.stop())

  it('answers /v2/ with the distribution API version header', async () => {
    const res = await fetch(`${reg.url}/v2/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0')
    expect(reg.host).toMatch(/^127\.0\.0\.1:\d+$/)
  })

  it('reports unknown repositories as NAME_UNKNOWN', async () => {
    const res = await fetch(`${reg.url}/v2/nothing/here/manifests/latest`)
    expect(res.status).toBe(404)
    const body = (await res.json()) as { errors: { code: string }[] }
    expect(body.errors[0]?.code).toMatch(/NAME_UNKNOWN|MANIFEST_UNKNOWN/)
  })
})

describeWithTools(['xdelta3'], 'real xdelta3', () => {
  it('reports version 3.0.x', () => {
    expect(toolVersion('xdelta3')).toMatch(/^Xdelta version 3\.0\./)
  })

  it('round-trips an encode/decode of random data with an edit', async () => {
    const dir = await tempDir()
    const src = randomBytes(200_000)
    const tgt = Buffer.concat([src.subarray(0, 50_000), Buffer.from('edit'), src.subarray(50_000)])
    await writeFile(join(dir, 'src'), src)
    await writeFile(join(dir, 'tgt'), tgt)
    execFileSync('xdelta3', [
      '-e',
      '-f',
      '-S',
      'none',
      '-s',
      join(dir, 'src'),
      join(dir, 'tgt'),
      join(dir, 'd')
    ])
    execFileSync('xdelta3', ['-d', '-f', '-s', join(dir, 'src'), join(dir, 'd'), join(dir, 'out')])
    expect(Buffer.compare(await readFile(join(dir, 'out')), tgt)).toBe(0)
    expect((await readFile(join(dir, 'd'))).length).toBeLessThan(2000)
  })
})

describeWithTools(['mender-artifact'], 'real mender-artifact', () => {
  it('reports its version', () => {
    expect(toolVersion('mender-artifact')).toMatch(/^mender-artifact version \d+\.\d+/)
  })

  it('writes, validates and reads a module-image artifact', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'payload.txt'), 'hello')
    const out = join(dir, 'a.mender')
    execFileSync('mender-artifact', [
      'write',
      'module-image',
      '-T',
      'app',
      '-n',
      'a-1',
      '-t',
      'pi4',
      '-f',
      join(dir, 'payload.txt'),
      '-o',
      out
    ])
    expect(spawnSync('mender-artifact', ['validate', out]).status).toBe(0)
    const read = execFileSync('mender-artifact', ['read', out], { encoding: 'utf8' })
    expect(read).toContain('Name: a-1')
    expect(read).toContain('payload.txt')
  })
})

describeWithTools(['umoci', 'skopeo'], 'real umoci and skopeo', () => {
  it('umoci makes an OCI layout that skopeo inspects', async () => {
    const dir = await tempDir()
    const layout = join(dir, 'layout')
    execFileSync('umoci', ['init', '--layout', layout])
    execFileSync('umoci', ['new', '--image', `${layout}:v1`])
    const info = JSON.parse(
      execFileSync('skopeo', ['inspect', `oci:${layout}:v1`], { encoding: 'utf8' })
    ) as {
      Layers: string[]
      Architecture: string
    }
    expect(info.Layers).toEqual([])
    expect(toolVersion('skopeo')).toMatch(/skopeo version \d/)
    expect(toolVersion('umoci')).toMatch(/umoci version \d/)
  })
})
