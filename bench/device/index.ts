/**
 * bench/device: installing v2 of an application on a real device (Docker
 * Engine 26, Compose v2, Debian's Mender client 3.4, this project's `app`
 * module from device/app) as layer deltas against v1, against installing the
 * same v2 as full images, from the same starting point (v1 installed and
 * committed). Both artifacts are built in this run by the project's pipeline
 * from images in a local registry.
 *
 * Images (deterministic): `big`, busybox + 8 layers of text-like files
 * (~26 MiB each, ~210 MiB in all), whose v2 edits two layers; `small`, which
 * v2 changes in one file.
 *
 * Measured per install: wall time of `mender install`, and peak extra disk:
 * the highest `du -sxb` of the device (Docker's data root, the client's data
 * folder with the module's work files, the module's store) sampled every
 * 200 ms during the install, less its value before. Goals: delta time ≤ 1.5×
 * full, delta peak extra disk ≤ 2× full.
 *
 *   npm run bench -- device [-- --store=classic|containerd --repeat=N]
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { rm } from 'node:fs/promises'
import { formatBytes } from '../../src/util/format.js'
import { runnableImage, type ImageStore } from '../../__tests__/helpers/real-device.js'
import { startRegistry } from '../../__tests__/helpers/registry.js'
import { Pusher } from '../../__tests__/oci/fixtures.js'
import {
  ModuleDevice,
  buildRelease,
  composeProject
} from '../../__tests__/device/app-module-device.js'
import { statSync } from 'node:fs'

const store = (process.argv.find((a) => a.startsWith('--store='))?.slice(8) ??
  'classic') as ImageStore
if (!['classic', 'containerd'].includes(store)) throw new Error(`--store=${store}`)

const LAYERS = 8
const FILES_PER_LAYER = 26
const FILE_BYTES = 1 << 20
const REPEAT = Number(process.argv.find((a) => a.startsWith('--repeat='))?.slice(9) ?? 3)

/** xorshift32: the same text on every run. */
function prng(seed: number): () => number {
  let x = seed || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 0x100000000
  }
}

/** 8 MiB of source-like text lines that files are cut from. */
function corpus(seed: number): Buffer {
  const r = prng(seed)
  const abc = 'abcdefghijklmnopqrstuvwxyz_'
  const words = Array.from({ length: 4096 }, () =>
    Array.from({ length: 2 + Math.floor(r() * 9) }, () => abc[Math.floor(r() * abc.length)]).join(
      ''
    )
  )
  const lines: string[] = []
  let size = 0
  while (size < 8 << 20) {
    const n = 3 + Math.floor(r() * 10)
    const words_ = Array.from({ length: n }, () => words[Math.floor(r() * words.length)])
    const line = `${'  '.repeat(Math.floor(r() * 4))}${words_.join(' ')};`
    lines.push(line)
    size += line.length + 1
  }
  return Buffer.from(lines.join('\n'))
}
const CORPUS = corpus(7)
/** Text v1 has nowhere: what a release adds. */
const NEW_TEXT = corpus(11)

const CHUNK = 4096

/** ~1 MiB of text made of 4 KiB pieces of the corpus, the same for the same seed. */
function textFile(seed: number, from = CORPUS): Buffer {
  const r = prng(seed)
  const parts: Buffer[] = []
  for (let o = 0; o < FILE_BYTES; o += CHUNK) {
    const at = Math.floor(r() * (from.length - CHUNK))
    parts.push(from.subarray(at, at + CHUNK))
  }
  return Buffer.concat(parts)
}

/**
 * Layer `l` of the big image. v2 changes layers 2 and 5: two files of new
 * text each, and a word inserted every 64 KiB of the others.
 */
function bigLayer(l: number, version: 1 | 2): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = {}
  for (let f = 0; f < FILES_PER_LAYER; f++) {
    let b = textFile(l * 1000 + f + 1)
    if (version === 2 && (l === 2 || l === 5) && f < 2) b = textFile(l * 1000 + f + 1, NEW_TEXT)
    else if (version === 2 && (l === 2 || l === 5)) {
      const parts: Buffer[] = []
      for (let o = 0; o < b.length; o += 65536)
        parts.push(b.subarray(o, o + 65536), Buffer.from(' v2 '))
      b = Buffer.concat(parts)
    }
    files[`srv/l${l}/f${f}.txt`] = b
  }
  if (l === LAYERS - 1) files['app/v'] = `big-${version}\n`
  return files
}

interface Measure {
  seconds: number
  peakExtra: number
}

function du(paths: string[]): Promise<number> {
  return new Promise((resolve) => {
    const p = spawn('du', ['-sxbc', ...paths], { stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.on('exit', () => {
      const total = /(\d+)\s+total\s*$/.exec(out.trim())
      resolve(total ? Number(total[1]) : 0)
    })
  })
}

async function measuredInstall(d: ModuleDevice, artifact: string): Promise<Measure> {
  const paths = [d.device.dir, d.dir]
  const base = await du(paths)
  let peak = base
  let done = false
  const sampler = (async () => {
    while (!done) {
      peak = Math.max(peak, await du(paths))
      await sleep(200)
    }
  })()
  const t0 = process.hrtime.bigint()
  const r = await d.client.install(artifact)
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  done = true
  await sampler
  peak = Math.max(peak, await du(paths))
  if (r.code !== 0) throw new Error(`install ${artifact} failed:\n${r.stderr}`)
  return { seconds, peakExtra: peak - base }
}

async function main(): Promise<void> {
  const work = resolve('bench', 'out', 'device')
  await rm(work, { recursive: true, force: true })
  const { mkdir } = await import('node:fs/promises')
  await mkdir(work, { recursive: true })
  const registry = await startRegistry(work)
  try {
    const t = Date.now()
    const step = (what: string) => console.log(`${what}: ${((Date.now() - t) / 1000).toFixed(0)} s`)
    const push = new Pusher(registry.url)
    for (const v of [1, 2] as const) {
      const big = await runnableImage(Array.from({ length: LAYERS }, (_, l) => bigLayer(l, v)))
      await push.image('bench/big', String(v), big)
      const small = await runnableImage([{ 'app/v': `small-${v}\n`, 'app/text': textFile(99) }])
      await push.image('bench/small', String(v), small)
      if (v === 1)
        console.log(
          `big image: ${big.layers.length} layers, ${formatBytes(big.layers.reduce((s, l) => s + l.tar.length, 0))} uncompressed`
        )
    }
    step('images pushed')
    const r = registry.host
    const c = (v: number) =>
      composeProject(work, `v${v}`, {
        big: { image: `${r}/bench/big:${v}` },
        small: { image: `${r}/bench/small:${v}` }
      })
    const [c1, c2] = [await c(1), await c(2)]
    // a containerd device gets containerd-registry payloads: v2 built with
    // --previous-compose takes v1 to be the registry's image, which v1's
    // containerd-registry artifact installs byte for byte
    const payloadStore = store === 'classic' ? 'classic' : 'containerd-registry'
    const common = { store: payloadStore, out: work, cacheDir: join(work, 'cache') } as const
    const v1 = await buildRelease({ ...common, compose: c1, name: 'bench-1' })
    const v2delta = await buildRelease({ ...common, compose: c2, previous: c1, name: 'bench-2' })
    step('v1, v2 delta built')
    const v2full = await buildRelease({ ...common, compose: c2, name: 'bench-2-full' })
    console.log(`images and artifacts ready in ${((Date.now() - t) / 1000).toFixed(0)} s`)

    // one device per kind, v1 installed and committed; each v2 install is
    // measured, then rolled back (which removes v2's images), REPEAT times,
    // alternating the kinds so both see the same neighbours on this machine
    const kinds = [
      ['full', v2full],
      ['delta', v2delta]
    ] as const
    const devices = await Promise.all(kinds.map(() => ModuleDevice.start(store)))
    const runs: Record<string, Measure[]> = { full: [], delta: [] }
    try {
      for (const d of devices) {
        await d.install(v1)
        await d.commit()
      }
      step('devices run v1')
      for (let i = 0; i < REPEAT; i++)
        for (const [k, [kind, art]] of kinds.entries()) {
          const d = devices[k]!
          runs[kind]!.push(await measuredInstall(d, art))
          const running = await d.contents('shop')
          if (running.big !== 'big-2' || running.small !== 'small-2')
            throw new Error(`${kind}: v2 does not run: ${JSON.stringify(running)}`)
          const back = await d.client.rollback()
          if (back.code !== 0) throw new Error(`rollback failed:\n${back.stderr}`)
        }
    } finally {
      await Promise.all(devices.map((d) => d.stop()))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const results: Record<string, Measure & { artifact: number; all: string }> = {}
    for (const [kind, art] of kinds)
      results[kind] = {
        seconds: median(runs[kind]!.map((m) => m.seconds)),
        peakExtra: Math.max(...runs[kind]!.map((m) => m.peakExtra)),
        artifact: statSync(art).size,
        all: runs[kind]!.map((m) => m.seconds.toFixed(1)).join(', ')
      }
    const f = results.full!
    const dl = results.delta!
    const rows = [
      `| v2 install (${store} store) | artifact | time s, median (runs) | peak extra disk |`,
      '| --- | ---: | ---: | ---: |',
      `| full images | ${formatBytes(f.artifact)} | ${f.seconds.toFixed(1)} (${f.all}) | ${formatBytes(f.peakExtra)} |`,
      `| layer deltas | ${formatBytes(dl.artifact)} | ${dl.seconds.toFixed(1)} (${dl.all}) | ${formatBytes(dl.peakExtra)} |`,
      `| delta ÷ full | ${(dl.artifact / f.artifact).toFixed(3)} | ${(dl.seconds / f.seconds).toFixed(2)} | ${(dl.peakExtra / f.peakExtra).toFixed(2)} |`
    ]
    console.log(`\n${store} store:\n${rows.join('\n')}\n`)
    const ok = (v: number, goal: number) => (v <= goal ? 'met' : 'MISSED')
    console.log(
      `- delta time ≤ 1.5× full: ${(dl.seconds / f.seconds).toFixed(2)}× → ${ok(dl.seconds / f.seconds, 1.5)}`
    )
    console.log(
      `- delta peak extra disk ≤ 2× full: ${(dl.peakExtra / f.peakExtra).toFixed(2)}× → ${ok(dl.peakExtra / f.peakExtra, 2)}`
    )
  } finally {
    await registry.stop()
  }
}

await main()
