import { execFile } from 'node:child_process'
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { RealDevice, describeOnRealDevice } from '../helpers/real-device.js'
import { tempDir } from '../helpers/tmp.js'
import { content, OciLayout, type Files } from './oci-fixtures.js'
import { Device } from './device.js'
import { appPayload } from './harness.js'

const run = promisify(execFile)

/** Version `v` of a file: 1 KiB of new bytes in four places from the first. */
function edited(seed: string, size: number, v: number): Buffer {
  const out = Buffer.from(content(seed, size))
  if (v > 1)
    for (let k = 1; k <= 4; k++) content(`${seed}-${v}-${k}`, 1024).copy(out, (k * size) / 5)
  return out
}

const app = (v: number, dir: string): Files => ({
  [`${dir}/bin/app`]: edited('app', 300_000, v),
  [`${dir}/lib/libapp.so`]: edited('lib', 100_000, v)
})
const base: Files = { 'usr/lib/libc.so': content('libc', 80_000) }

// The headline case on a real Docker Engine 26 (classic store): the app's
// folder carries its version, so no file keeps its path. The delta is decoded
// by the real `xdelta3 -d -s` against the layer of the engine's own `docker
// image save`, and the rebuilt image is loaded by the engine.
describeOnRealDevice('pairing by content on the real engine', () => {
  it('a versioned folder ships as a delta that the engine loads', async () => {
    const root = await tempDir()
    const layout = new OciLayout(join(root, 'layout'))
    const v1 = await layout.image('registry.example.com/shop:1', [base, app(1, 'opt/app-2.6.7')])
    const v2 = await layout.image('registry.example.com/shop:2', [base, app(2, 'opt/app-2.6.8')])
    const first = await appPayload(
      root,
      layout,
      { name: 'r1', services: [{ name: 'shop', next: v1 }] },
      { store: 'classic' }
    )
    const second = await appPayload(
      root,
      layout,
      { name: 'r2', services: [{ name: 'shop', next: v2, current: v1 }] },
      { store: 'classic', previousVersion: 'r1' }
    )
    const layer = second.images[0]!.layers[1]!
    expect([layer.choice, layer.pairing?.source, layer.pairing?.reason]).toEqual([
      'delta',
      1,
      'content similarity'
    ])
    expect(layer.shippedSize).toBeLessThan(layer.fullSize / 20)

    const device = await RealDevice.start('classic')
    try {
      // release 1 as the module loads a full image
      const r1 = join(root, 'r1')
      await mkdir(r1)
      await run('tar', ['-xzf', first.files[0]!, '-C', r1])
      const [id1] = await readdir(join(r1, 'images'))
      await device.dockerOk(['load', '-i', join(r1, 'images', id1!, 'image.img')])
      // the engine's export of the current image is what the delta decodes against
      const exported = join(root, 'export')
      await mkdir(exported)
      await device.dockerOk(['image', 'save', '-o', join(root, 'cur.tar'), v1.reference])
      await run('tar', ['-xf', join(root, 'cur.tar'), '-C', exported])
      const sim = new Device(root, 'classic')
      sim.images.set(v1.reference, { reference: v1.reference, id: id1!, dir: exported })
      const [rebuilt] = await sim.installApp({
        images: second.files[0]!,
        manifests: second.files[1]!
      })
      await run('tar', ['-cf', join(root, 'r2.tar'), '-C', rebuilt!.dir, '.'])
      await device.dockerOk(['load', '-i', join(root, 'r2.tar')])
      const id = await device.dockerOk(['image', 'inspect', '--format', '{{.Id}}', v2.reference])
      expect(id.trim()).toBe(`sha256:${second.images[0]!.id}`)
      // the files inside are release 2's
      const c = (await device.dockerOk(['create', v2.reference, '/none'])).trim()
      const out = join(root, 'app')
      await device.dockerOk(['cp', `${c}:/opt/app-2.6.8/bin/app`, out])
      expect((await readFile(out)).equals(edited('app', 300_000, 2))).toBe(true)
    } finally {
      await device.stop()
    }
  })
})
