import { execFile } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { content, OciLayout, selectPlatform, type Files } from './oci-fixtures.js'
import { Device } from './device.js'
import { appPayload, writeAndValidate } from './harness.js'
import { tamperImage } from './tamper.js'
import { deltaEngine, lzmaDeltaEngine } from '../../src/delta/engine.js'
import { type DeviceStore, type ImageReport, type PayloadImage } from '../../src/payload/index.js'

const run = promisify(execFile)

const base = (v: string): Files => ({
  'usr/lib/libc.so':
    content(`libc-${v}`, 200_000).toString() + content('libc-tail', 100_000).toString(),
  'usr/bin/sh': content(`sh-${v}`, 80_000),
  'etc/os-release': `VERSION=${v}\n`
})
const deps = (v: string): Files => ({
  'usr/local/lib/node/lib.js': content('deps', 150_000).toString() + `// ${v}\n`,
  'usr/local/lib/node/extra.js': content(`extra-${v}`, 20_000)
})
const app = (v: string): Files => ({
  'app/main.js': content('main', 120_000).toString() + `// ${v}\n`,
  'app/data.bin': content('data', 200_000)
})
const tools = (): Files => ({ 'usr/bin/curl': content('curl', 90_000) })

const STORES: DeviceStore[] = ['classic', 'containerd', 'containerd-registry', 'legacy']

/** First release with `v1` (full), then a release from `v1` to `v2` through the device. */
async function upgrade(store: DeviceStore, v1Layers: Files[], v2Layers: Files[]) {
  const root = await tempDir()
  const layout = new OciLayout(join(root, 'layout'))
  const v1 = await layout.image('registry.example.com/web:1', v1Layers)
  const v2 = await layout.image('registry.example.com/web:2', v2Layers)
  const device = new Device(root, store)
  const first = await appPayload(
    root,
    layout,
    { name: 'r1', services: [{ name: 'web', next: v1 }] },
    { store }
  )
  await device.installApp({ images: first.files[0]!, manifests: first.files[1]! })
  const second = await appPayload(
    root,
    layout,
    { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
    { store, previousVersion: 'r1' }
  )
  const loaded = await device.installApp({ images: second.files[0]!, manifests: second.files[1]! })
  expect(loaded.map((l) => l.reference)).toEqual(['registry.example.com/web:2'])
  return { root, layout, device, v1, v2, first, second, report: second.images[0]! }
}

describeWithTools(
  ['xdelta3', 'skopeo', 'mender-artifact'],
  'device simulator: app module scenarios',
  () => {
    for (const store of STORES) {
      it(`first release then a patch release of one layer (${store})`, async () => {
        const { root, first, second, report } = await upgrade(
          store,
          [base('12'), app('1')],
          [base('12'), app('2')]
        )
        expect(first.images[0]!.mode).toBe('full')
        expect(report.mode).toBe('delta')
        // the delta installs only where the base's images are: what the first release provides
        const imagesKey = 'rootfs-image.myapp.images'
        expect(first.depends).toEqual({})
        expect(second.depends).toEqual({
          [imagesKey]: first.provides[imagesKey],
          'rootfs-image.myapp.version': 'r1'
        })
        expect(second.provides[imagesKey]).not.toBe(first.provides[imagesKey])
        expect(report.layers.map((l) => l.choice)).toEqual(['reused', 'delta'])
        expect(report.layers[0]!.shippedSize).toBeLessThan(2000)
        if (store !== 'containerd-registry')
          expect(report.layers[1]!.shippedSize).toBeLessThan(5000)
        const read = await writeAndValidate(root, second, 'r2')
        expect(read).toContain('rootfs-image.myapp.version: r2')
        expect(read).toContain('rootfs-image.myapp.*')
        expect(read).toMatch(/Depends:[\s\S]*rootfs-image\.myapp\.version: r1/)
        await writeAndValidate(root, first, 'r1')
      })

      it(`a layer added, removed and reordered (${store})`, async () => {
        const added = await upgrade(store, [base('12'), app('1')], [base('12'), tools(), app('1')])
        expect(added.report.layers.map((l) => [l.choice, l.source])).toEqual([
          ['reused', 0],
          ['full', undefined],
          ['reused', 1]
        ])
        const removed = await upgrade(
          store,
          [base('12'), tools(), deps('1'), app('1')],
          [base('12'), app('2')]
        )
        expect(removed.report.layers.map((l) => [l.choice, l.source])).toEqual([
          ['reused', 0],
          ['delta', 3]
        ])
        const reordered = await upgrade(
          store,
          [base('12'), deps('1'), app('1')],
          [base('12'), app('1'), deps('1')]
        )
        expect(reordered.report.layers.map((l) => [l.choice, l.source])).toEqual([
          ['reused', 0],
          ['reused', 2],
          ['reused', 1]
        ])
        const total = reordered.report.layers.reduce((n, l) => n + l.shippedSize, 0)
        expect(total).toBeLessThan(3000)
        for (const u of [added, removed, reordered]) await writeAndValidate(u.root, u.second, 'r2')
      })

      it(`a base-image upgrade under an unchanged app layer (${store})`, async () => {
        const { report, root, second } = await upgrade(
          store,
          [base('12'), app('1')],
          [base('13'), app('1')]
        )
        expect(report.layers.map((l) => l.choice)).toEqual(['delta', 'reused'])
        expect(report.layers[0]!.shippedSize).toBeLessThan(report.layers[0]!.fullSize)
        await writeAndValidate(root, second, 'r2')
      })
    }

    for (const store of ['classic', 'containerd', 'containerd-registry'] as const) {
      it(`unchanged service, one service added and one removed (${store})`, async () => {
        const root = await tempDir()
        const layout = new OciLayout(join(root, 'layout'))
        const web = await layout.image('registry.example.com/web:1', [base('12'), app('1')])
        const cache = await layout.image('registry.example.com/cache:1', [base('12'), tools()])
        const db = await layout.image('registry.example.com/db:5', [base('12'), deps('db')])
        const device = new Device(root, store)
        const r1 = await appPayload(
          root,
          layout,
          {
            name: 'r1',
            services: [
              { name: 'web', next: web },
              { name: 'cache', next: cache }
            ]
          },
          { store }
        )
        await device.installApp({ images: r1.files[0]!, manifests: r1.files[1]! })
        const r2 = await appPayload(
          root,
          layout,
          {
            name: 'r2',
            services: [
              { name: 'web', next: web, current: web },
              { name: 'db', next: db }
            ]
          },
          { store, previousVersion: 'r1' }
        )
        const byService: Record<string, ImageReport | undefined> = Object.fromEntries(
          r2.images.map((i) => [i.services[0]!, i])
        )
        expect(byService.web!.mode).toBe('reused')
        expect(byService.db!.mode).toBe('full')
        expect(byService.cache).toBeUndefined()
        const unchangedBytes = byService.web!.layers.reduce((n, l) => n + l.shippedSize, 0)
        expect(unchangedBytes).toBeLessThan(1000)
        // same reference in both releases: the device exports the current image by its ID
        const { stdout } = await run('tar', [
          '-xzOf',
          r2.files[0]!,
          `images/${byService.web!.id}/url-current.txt`
        ])
        expect(stdout).toBe(`sha256:${byService.web!.id}\n`)
        const loaded = await device.installApp({ images: r2.files[0]!, manifests: r2.files[1]! })
        expect(loaded.map((l) => l.reference).sort()).toEqual([
          'registry.example.com/db:5',
          'registry.example.com/web:1'
        ])
        const meta = r2.metaData as { images: string[] }
        expect(meta.images).toEqual([byService.db!.id, byService.web!.id].sort())
        await writeAndValidate(root, r2, 'r2')
      })

      it(`multi-platform source built for linux/arm/v7 (${store})`, async () => {
        const root = await tempDir()
        const layout = new OciLayout(join(root, 'layout'))
        const arm = { os: 'linux', architecture: 'arm', variant: 'v7' }
        const amd = { os: 'linux', architecture: 'amd64' }
        const mk = async (v: string): Promise<PayloadImage> => {
          const a = await layout.image('x', [base('arm'), app(v)], arm)
          const b = await layout.image('x', [base('amd'), app(v)], amd)
          const idx = await layout.index([
            { image: b, platform: amd },
            { image: a, platform: arm }
          ])
          // the layout itself is a valid multi-platform image for skopeo
          const { stdout } = await run('skopeo', [
            '--override-arch',
            'arm',
            '--override-variant',
            'v7',
            'inspect',
            `oci:${layout.dir}:multi`
          ])
          expect(JSON.parse(stdout).Architecture).toBe('arm')
          return selectPlatform(layout, idx, `registry.example.com/web:${v}`, arm)
        }
        const v1 = await mk('1')
        const v2 = await mk('2')
        const device = new Device(root, store)
        await device.preload(v1, layout)
        // pulled: a containerd store holds it as the registry serves it
        const current: PayloadImage = { ...v1, held: 'registry' }
        const r2 = await appPayload(
          root,
          layout,
          { name: 'r2', services: [{ name: 'web', next: v2, current }] },
          { store }
        )
        const [img] = await device.installApp({ images: r2.files[0]!, manifests: r2.files[1]! })
        const cfgPath = join(img!.dir, 'blobs', 'sha256', v2.configDigest.slice(7))
        const cfg = JSON.parse(await readFile(cfgPath, 'utf8'))
        expect([cfg.architecture, cfg.variant]).toEqual(['arm', 'v7'])
        expect(r2.images[0]!.layers.map((l) => l.choice)).toEqual(['reused', 'delta'])
        await writeAndValidate(root, r2, 'r2')
      })
    }

    it('lzma deltas (option for lzma-capable devices) decode with the device xdelta3 and are smaller', async () => {
      const root = await tempDir()
      const layout = new OciLayout(join(root, 'layout'))
      const v1 = await layout.image('registry.example.com/web:1', [base('12'), app('1'), deps('1')])
      const v2 = await layout.image('registry.example.com/web:2', [base('13'), app('2'), deps('2')])
      const sizes: number[] = []
      for (const engine of [deltaEngine(), lzmaDeltaEngine()]) {
        const device = new Device(root, 'classic')
        await device.preload(v1, layout)
        const r = await appPayload(
          root,
          layout,
          { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
          { store: 'classic', engine }
        )
        await device.installApp({ images: r.files[0]!, manifests: r.files[1]! })
        await writeAndValidate(root, r, 'r2')
        sizes.push(r.images[0]!.layers.reduce((n, l) => n + l.shippedSize, 0))
      }
      expect(sizes[1]!).toBeLessThan(sizes[0]!)
    })

    it('full images when deep deltas are off, even with a current image', async () => {
      const root = await tempDir()
      const layout = new OciLayout(join(root, 'layout'))
      const v1 = await layout.image('registry.example.com/web:1', [base('12'), app('1')])
      const v2 = await layout.image('registry.example.com/web:2', [base('12'), app('2')])
      const device = new Device(root, 'classic')
      await device.preload(v1, layout)
      const r = await appPayload(
        root,
        layout,
        { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
        { store: 'classic', deepDelta: false }
      )
      expect(r.images[0]!.mode).toBe('full')
      expect(r.depends).toEqual({})
      await device.installApp({ images: r.files[0]!, manifests: r.files[1]! })
    })
  }
)

describeWithTools(
  ['xdelta3', 'skopeo'],
  'device simulator catches what breaks real devices',
  () => {
    async function patchRelease(store: DeviceStore) {
      const root = await tempDir()
      const layout = new OciLayout(join(root, 'layout'))
      const v1 = await layout.image('registry.example.com/web:1', [base('12'), deps('1'), app('1')])
      const v2 = await layout.image('registry.example.com/web:2', [base('12'), deps('2'), app('2')])
      const device = new Device(root, store)
      const current = await device.preload(v1, layout)
      const r = await appPayload(
        root,
        layout,
        { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
        { store }
      )
      return { root, device, current, r, v1, v2 }
    }

    it('the untouched payload installs (control for the cases below)', async () => {
      const { device, r } = await patchRelease('classic')
      await device.installApp({ images: r.files[0]!, manifests: r.files[1]! })
    })

    it('a wrong .source fails with xdelta3 checksum mismatch', async () => {
      const { root, device, r, v1 } = await patchRelease('classic')
      const images = await tamperImage(root, r.files[0]!, async (x) => {
        const blobs = join(x, 'blobs', 'sha256')
        const src = (await readdir(blobs)).filter((f) => f.endsWith('.source'))
        // point the app layer's delta at the base layer of the current image
        const last = src.find(async (f) => f) ?? src[0]!
        await writeFile(join(blobs, last), `blobs/sha256/${v1.diffIds[0]!.slice(7)}`)
        await writeFile(join(blobs, src[1] ?? last), `blobs/sha256/${v1.diffIds[0]!.slice(7)}`)
      })
      await expect(device.installApp({ images, manifests: r.files[1]! })).rejects.toThrow(
        /checksum mismatch|diff ID/
      )
    })

    it('a blob missing on the device fails', async () => {
      const { device, r, current, v1 } = await patchRelease('classic')
      await rm(join(current.dir, 'blobs', 'sha256', v1.diffIds[1]!.slice(7)))
      await expect(
        device.installApp({ images: r.files[0]!, manifests: r.files[1]! })
      ).rejects.toThrow()
    })

    it('a blob missing from the payload fails', async () => {
      const { root, device, r, v2 } = await patchRelease('classic')
      const images = await tamperImage(root, r.files[0]!, async (x) => {
        const hex = v2.diffIds[2]!.slice(7)
        await rm(join(x, 'blobs', 'sha256', `${hex}.vcdiff`))
        await rm(join(x, 'blobs', 'sha256', `${hex}.source`))
      })
      await expect(device.installApp({ images, manifests: r.files[1]! })).rejects.toThrow(/missing/)
    })

    it('a blob whose name is not its sha256 fails', async () => {
      const { root, device, r, v2 } = await patchRelease('classic')
      const images = await tamperImage(root, r.files[0]!, async (x) => {
        const cfg = join(x, 'blobs', 'sha256', v2.configDigest.slice(7))
        const bytes = await readFile(cfg)
        await writeFile(cfg, Buffer.concat([bytes.subarray(0, -1), Buffer.from(' }')]))
      })
      await expect(device.installApp({ images, manifests: r.files[1]! })).rejects.toThrow(
        /sha256 differs from its name/
      )
    })

    it('containerd store, image pulled from the registry: the stock `xdelta3 -d -s` decodes against the gzip layer, -D fails', async () => {
      const root = await tempDir()
      const layout = new OciLayout(join(root, 'layout'))
      const v1 = await layout.image('registry.example.com/web:1', [base('12'), app('1')])
      const v2 = await layout.image('registry.example.com/web:2', [base('12'), app('2')])
      const r = await appPayload(
        root,
        layout,
        { name: 'r2', services: [{ name: 'web', next: v2, current: { ...v1, held: 'registry' } }] },
        { store: 'containerd' }
      )
      expect(r.metaData.xdelta_args).toBe('-d -s')
      expect(r.images[0]!.layers[1]!.shippedSize).toBeLessThan(5000)
      const stock = new Device(root, 'containerd')
      await stock.preload(v1, layout)
      const [img] = await stock.installApp({ images: r.files[0]!, manifests: r.files[1]! })
      // the loaded layers are plain tars named by diff ID: the next delta needs no decompression
      const names = await readdir(join(img!.dir, 'blobs', 'sha256'))
      for (const d of v2.diffIds) expect(names).toContain(d.slice(7))
      const withD = new Device(root, 'containerd', ['-d', '-D', '-s'])
      await withD.preload(v1, layout)
      await expect(
        withD.installApp({ images: r.files[0]!, manifests: r.files[1]! })
      ).rejects.toThrow(/source file too short|target window checksum mismatch/)
    })

    it('containerd-registry: deltas against the gzip blobs need XDELTA_ARGS="-d -D -s"', async () => {
      const root = await tempDir()
      const layout = new OciLayout(join(root, 'layout'))
      const v1 = await layout.image('registry.example.com/web:1', [base('12'), app('1')])
      const v2 = await layout.image('registry.example.com/web:2', [base('12'), app('2')])
      const stock = new Device(root, 'containerd-registry', ['-d', '-s'])
      await stock.preload(v1, layout)
      const r = await appPayload(
        root,
        layout,
        { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
        { store: 'containerd-registry' }
      )
      expect(r.metaData.xdelta_args).toBe('-d -D -s')
      await expect(
        stock.installApp({ images: r.files[0]!, manifests: r.files[1]! })
      ).rejects.toThrow()
      const configured = new Device(root, 'containerd-registry')
      await configured.preload(v1, layout)
      await configured.installApp({ images: r.files[0]!, manifests: r.files[1]! })
    })

    it('a renamed layer file in a legacy payload is not found by checksum', async () => {
      const { root, device, r } = await patchRelease('legacy')
      const images = await tamperImage(root, r.files[0]!, async (x) => {
        for (const d of await readdir(x)) {
          const p = join(x, d, 'layer.tar.current.sha256sum')
          await readFile(p).then(
            () => writeFile(p, '0'.repeat(64) + '\n'),
            () => undefined
          )
        }
      })
      await expect(device.installApp({ images, manifests: r.files[1]! })).rejects.toThrow(
        /cant find current layer/
      )
    })
  }
)
