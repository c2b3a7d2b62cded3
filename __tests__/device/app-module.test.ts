import { createHash } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readArtifact } from '../../src/artifact/index.js'
import { runnableImage, describeOnRealDevice, type ImageStore } from '../helpers/real-device.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { Pusher } from '../oci/fixtures.js'
import { ModuleDevice, buildRelease, composeProject } from './app-module-device.js'

/** Deterministic bytes: a sha256 chain from a seed. */
function bytes(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size)
  let h = createHash('sha256').update(seed).digest()
  for (let o = 0; o < size; o += 32) {
    h.copy(out, o)
    h = createHash('sha256').update(h).digest()
  }
  return out
}

const data = bytes('data', 256 << 10)
const edited = Buffer.concat([
  data.subarray(0, 100_000),
  Buffer.from('edit'),
  data.subarray(100_000)
])

describeOnRealDevice('the app Update Module on a real device', () => {
  let work: string
  let registry: RunningRegistry
  const compose: Record<string, string> = {}

  beforeAll(async () => {
    work = await tempDir()
    registry = await startRegistry(work)
    const push = new Pusher(registry.url)
    const r = registry.host
    await push.image('shop/web', '1', await runnableImage([{ 'app/v': 'web-1\n', 'app/d': data }]))
    await push.image(
      'shop/web',
      '2',
      await runnableImage([{ 'app/v': 'web-2\n', 'app/d': edited }])
    )
    await push.image('shop/api', '1', await runnableImage([{ 'app/v': 'api-1\n' }]))
    compose.v1 = await composeProject(work, 'v1', {
      web: { image: `${r}/shop/web:1` },
      api: { image: `${r}/shop/api:1` }
    })
    compose.v2 = await composeProject(work, 'v2', {
      web: { image: `${r}/shop/web:2` },
      api: { image: `${r}/shop/api:1` }
    })
    compose.v3 = await composeProject(work, 'v3', {
      web: { image: `${r}/shop/web:2` },
      api: { image: `${r}/shop/api:1` },
      sick: {
        image: `${r}/shop/api:1`,
        healthcheck: { test: ['CMD', '/bin/false'], interval: '1s', retries: 2 }
      }
    })
  })
  afterAll(async () => registry?.stop())

  /**
   * v1, v2, v3 built in one store. `byName`: each names the release before it
   * (`--previous-artifact-name`), so its record gives the exact images and how
   * the device holds them, as the action's Mender or cache lookup does; else
   * the previous compose file alone.
   */
  const releases = async (store: ImageStore | 'containerd-registry', byName = false) => {
    const out = await tempDir()
    const cacheDir = `${out}/cache`
    const b = (name: string, c: string, previous?: string, previousName?: string) =>
      buildRelease({
        compose: c,
        previous,
        name,
        store,
        out,
        cacheDir,
        ...(byName && previousName ? { extra: ['--previous-artifact-name', previousName] } : {})
      })
    return {
      v1: await b('shop-1', compose.v1!),
      v2: await b('shop-2', compose.v2!, compose.v1, 'shop-1'),
      v3: await b('shop-3', compose.v3!, compose.v2, 'shop-2')
    }
  }

  // classic; containerd with the default payloads (uncompressed layers, v1's
  // record says the device holds them so); containerd-registry: v1 keeps the
  // registry's compressed blobs, v2's deltas are against them and their
  // meta-data asks for xdelta3 -D
  const variants = [
    { device: 'classic', build: 'classic', xdelta: '-d -s' },
    { device: 'containerd', build: 'containerd', xdelta: '-d -s' },
    { device: 'containerd', build: 'containerd-registry', xdelta: '-d -D -s' }
  ] as const
  for (const { device: store, build, xdelta } of variants) {
    it(`v1 full → commit → v2 deltas → commit; v3 unhealthy rolls back to v2 (${store} store, ${build} payloads)`, async () => {
      const arts = await releases(build, build === 'containerd')
      // the artifact says how its deltas decode: -D only for compressed sources
      const meta = (await readArtifact(arts.v2)).metaData as { xdelta_args?: string }
      expect(meta.xdelta_args).toBe(xdelta)
      const d = await ModuleDevice.start(store)
      try {
        await d.install(arts.v1)
        expect(await d.contents('shop')).toEqual({ web: 'web-1', api: 'api-1' })
        await d.commit()
        const v1Ids = (await d.releaseImages('shop', 'current')).map((l) => l.split(' ')[0]!)

        const r2 = await d.install(arts.v2)
        expect(r2.stderr).toContain('layer deltas against')
        expect(await d.contents('shop')).toEqual({ web: 'web-2', api: 'api-1' })
        // v1's web image is kept until the commit, for a rollback
        const v2Ids = (await d.releaseImages('shop', 'new')).map((l) => l.split(' ')[0]!)
        const v1Only = v1Ids.filter((id) => !v2Ids.includes(id))
        expect(v1Only).toHaveLength(1)
        expect(await d.imageIds()).toEqual(expect.arrayContaining(v1Only))
        await d.commit()
        expect(await d.imageIds()).not.toEqual(expect.arrayContaining(v1Only))
        expect(await d.imageIds()).toEqual(expect.arrayContaining(v2Ids))
        expect((await d.client.showProvides())['data-docker.shop.version']).toBe('shop-2')

        const r3 = await d.client.install(arts.v3)
        expect(r3.code).not.toBe(0)
        expect(r3.stderr).toMatch(/service sick is not running healthy/)
        expect(await d.contents('shop')).toEqual({ web: 'web-2', api: 'api-1' })
        expect((await d.client.showProvides())['data-docker.shop.version']).toBe('shop-2')
      } finally {
        await d.stop()
      }
    }, 300_000)
  }
})
