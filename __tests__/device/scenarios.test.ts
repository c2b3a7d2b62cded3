import { join } from 'node:path'
import { expect, it } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { content, OciLayout, type Files } from './oci-fixtures.js'
import { Device } from './device.js'
import { appPayload, writeAndValidate } from './harness.js'

const base = (v: string): Files => ({
  'usr/lib/libc.so': content(`libc-${v}`, 300_000),
  'usr/bin/sh': content(`sh-${v}`, 80_000),
  'etc/os-release': `VERSION=${v}\n`
})
const app = (v: string): Files => ({
  'app/main.js': content('main', 120_000).toString() + `// ${v}\n`,
  'app/data.bin': content('data', 200_000)
})

describeWithTools(['xdelta3', 'skopeo', 'mender-artifact'], 'device simulator: app module', () => {
  for (const store of ['classic', 'containerd', 'legacy'] as const) {
    it(`first release then a patch release of one layer (${store} store)`, async () => {
      const root = await tempDir()
      const layout = new OciLayout(join(root, 'layout'))
      const v1 = await layout.image('registry.example.com/web:1', [base('12'), app('1')])
      const v2 = await layout.image('registry.example.com/web:2', [base('12'), app('2')])
      const device = new Device(root, store)

      const first = await appPayload(
        root,
        layout,
        { name: 'r1', services: [{ name: 'web', next: v1 }] },
        { store }
      )
      expect(first.images[0]!.mode).toBe('full')
      await device.installApp({ images: first.files[0]!, manifests: first.files[1]! })
      expect(device.images.has('registry.example.com/web:1')).toBe(true)

      const second = await appPayload(
        root,
        layout,
        { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
        { store, previousVersion: 'r1' }
      )
      const rep = second.images[0]!
      expect(rep.mode).toBe('deep-delta')
      expect(rep.layers.map((l) => l.choice)).toEqual(['same', 'similar'])
      expect(rep.layers[0]!.shippedSize).toBeLessThan(2000)
      const loaded = await device.installApp({
        images: second.files[0]!,
        manifests: second.files[1]!
      })
      expect(loaded.map((l) => l.reference)).toEqual(['registry.example.com/web:2'])
      const read = await writeAndValidate(root, second, 'r2')
      expect(read).toContain('rootfs-image.myapp.version: r2')
      expect(read).toContain('rootfs-image.myapp.*')
      expect(read).toContain('rootfs-image.myapp.version: r1')
    })
  }
})
