import { join } from 'node:path'
import { expect, it } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { content, OciLayout, type Files } from './oci-fixtures.js'
import { Device } from './device.js'
import { appPayload } from './harness.js'
import type { ImageReport, ModulePayload } from '../../src/payload/index.js'

/**
 * Layers whose files changed path, moved between layers, or were split and
 * merged: each new layer must be paired with the current layer holding its
 * content. Every release goes through the device simulator, which decodes
 * each delta with the real `xdelta3 -d -s` against the layer of its own
 * `docker image save` export and checks the result loads (layer digests =
 * the config's diff IDs, image ID = sums-new).
 */

/** A release of generated "software": a few files edited between versions as a patch release would. */
function release(v: number, seed: string, size: number): Buffer {
  const body = content(seed, size)
  if (v === 1) return body
  // a patch release: 1 KiB of new bytes in eight places, one insertion
  const out = Buffer.from(body)
  for (let k = 1; k <= 8; k++)
    content(`${seed}-${v}-${k}`, 1024).copy(out, Math.floor((k * size) / 9))
  const at = size >> 1
  return Buffer.concat([out.subarray(0, at), Buffer.from(`inserted in ${v}\n`), out.subarray(at)])
}

/** The app: a large binary, libraries and data under `dir`. */
function app(v: number, dir: string): Files {
  return {
    [`${dir}/bin/app`]: release(v, 'app-binary', 400_000),
    [`${dir}/lib/libcore.so`]: release(v, 'libcore', 150_000),
    [`${dir}/lib/libnet.so`]: release(v, 'libnet', 90_000),
    [`${dir}/share/data.txt`]: release(v, 'data', 60_000),
    [`${dir}/VERSION`]: `${v}\n`
  }
}

const base: Files = {
  'usr/lib/libc.so': content('libc', 120_000),
  'etc/os-release': 'VERSION=12\n'
}

interface Upgrade {
  report: ImageReport
  second: ModulePayload
}

/** Release 1 (full) installed on a simulated device, then release 2 as deltas against it. */
async function upgrade(v1Layers: Files[], v2Layers: Files[]): Promise<Upgrade> {
  const root = await tempDir()
  const layout = new OciLayout(join(root, 'layout'))
  const v1 = await layout.image('registry.example.com/shop:1', v1Layers)
  const v2 = await layout.image('registry.example.com/shop:2', v2Layers)
  const device = new Device(root, 'classic')
  const first = await appPayload(
    root,
    layout,
    { name: 'r1', services: [{ name: 'shop', next: v1 }] },
    { store: 'classic' }
  )
  await device.installApp({ images: first.files[0]!, manifests: first.files[1]! })
  const second = await appPayload(
    root,
    layout,
    { name: 'r2', services: [{ name: 'shop', next: v2, current: v1 }] },
    { store: 'classic', previousVersion: 'r1' }
  )
  const loaded = await device.installApp({ images: second.files[0]!, manifests: second.files[1]! })
  expect(loaded.map((l) => l.reference)).toEqual(['registry.example.com/shop:2'])
  return { report: second.images[0]!, second }
}

const pairs = (r: ImageReport) =>
  r.layers.map((l) => [l.choice, l.pairing?.source, l.pairing?.reason])
const shipped = (r: ImageReport) => r.layers.reduce((n, l) => n + l.shippedSize, 0)

describeWithTools(['xdelta3', 'skopeo'], 'pairing layers by content (device simulator)', () => {
  it('a folder renamed with the version: as small as the same-path release', async () => {
    const versioned = await upgrade(
      [base, app(1, 'opt/app-2.6.7')],
      [base, app(2, 'opt/app-2.6.8')]
    )
    const samePath = await upgrade([base, app(1, 'opt/app')], [base, app(2, 'opt/app')])
    expect(pairs(samePath.report)).toEqual([
      ['reused', 0, 'same layer'],
      ['delta', 1, 'path overlap']
    ])
    // no file keeps its path: shared paths alone found nothing to pair it with
    expect(pairs(versioned.report)).toEqual([
      ['reused', 0, 'same layer'],
      ['delta', 1, 'content similarity']
    ])
    const layer = versioned.report.layers[1]!
    expect(layer.shippedSize).toBeLessThan(layer.fullSize / 20)
    expect(shipped(versioned.report)).toBeLessThanOrEqual(1.1 * shipped(samePath.report))
  })

  it('a jar-like single file renamed with its version', async () => {
    const jar = (v: string, n: number): Files => ({
      [`usr/share/java/shop-${v}.jar`]: release(n, 'jar', 500_000)
    })
    const { report } = await upgrade([base, jar('1.4.2', 1)], [base, jar('1.4.3', 2)])
    expect(pairs(report)).toEqual([
      ['reused', 0, 'same layer'],
      ['delta', 1, 'content similarity']
    ])
    expect(report.layers[1]!.shippedSize).toBeLessThan(report.layers[1]!.fullSize / 20)
  })

  it('a layer split into two: both halves decode against the old layer', async () => {
    const a = app(1, 'opt/app')
    const runtime = { 'usr/lib/runtime.so': content('runtime', 300_000) }
    const { report } = await upgrade(
      [base, { ...a, ...runtime }],
      [base, runtime, app(2, 'opt/app')]
    )
    expect(pairs(report)).toEqual([
      ['reused', 0, 'same layer'],
      ['delta', 1, 'path overlap'],
      ['delta', 1, 'path overlap']
    ])
    for (const l of report.layers.slice(1)) expect(l.shippedSize).toBeLessThan(l.fullSize / 20)
  })

  it('two layers merged into one: the source giving the smaller delta is kept', async () => {
    const libs = (v: number): Files => ({ 'usr/lib/libx.so': release(v, 'libx', 300_000) })
    const tools = (v: number): Files => ({ 'usr/bin/tool': release(v, 'tool', 280_000) })
    const { report } = await upgrade([base, libs(1), tools(1)], [base, { ...libs(2), ...tools(2) }])
    const merged = report.layers[1]!
    expect(merged.choice).toBe('delta')
    // the two sources were estimated close, so both were encoded; libx is the larger part
    expect(merged.pairing).toMatchObject({ source: 1, reason: 'path overlap', alsoTried: 2 })
    // only one of them is the delta's source: the rest of the layer travels as literals
    expect(merged.shippedSize).toBeLessThan(merged.fullSize / 2)
  })

  it('content moved to another layer under another path: paired by content, not paths', async () => {
    const lib = content('vendor-lib', 400_000)
    const keep = { 'usr/lib/keep.so': content('keep', 50_000) }
    const a1 = app(1, 'opt/app')
    const a2 = app(2, 'opt/app')
    const { report } = await upgrade(
      [base, { 'usr/lib/vendor/libv.so.1': lib, ...keep }, a1],
      [
        base,
        keep,
        // the library moved into the app's layer; of the app only its data file remains
        { 'opt/app/lib/vendor.so': lib, 'opt/app/share/data.txt': a2['opt/app/share/data.txt']! }
      ]
    )
    expect(pairs(report)).toEqual([
      ['reused', 0, 'same layer'],
      ['delta', 1, 'path overlap'],
      // by shared paths it would pair with the old app layer (data.txt)
      ['delta', 1, 'content similarity']
    ])
    for (const l of report.layers.slice(1)) expect(l.shippedSize).toBeLessThan(l.fullSize / 5)
  })

  it('a layer with nothing in common still ships whole', async () => {
    const { report } = await upgrade(
      [base, { 'srv/www/index.html': content('site-1', 200_000) }],
      [base, { 'var/lib/db/store.bin': content('database', 250_000) }]
    )
    expect(pairs(report)).toEqual([
      ['reused', 0, 'same layer'],
      ['full', undefined, 'none']
    ])
    expect(report.layers[1]!.shippedSize).toBe(report.layers[1]!.fullSize)
  })
})
