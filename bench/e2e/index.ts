// bench/e2e: the example app (examples/shop, three services) v1 → v2 for
// linux/arm64, from a real registry on loopback, cold and warm cache: our
// `mender-compose build` against the reference pipeline on the same inputs in
// the same run: `skopeo copy` of each image, `xdelta3 -e` per layer (against
// the old layer at the same index, new layers in full), `mender-artifact
// write module-image`. Prints wall time and bytes shipped, and the ratios.
// `--runs N` (default 3) repeats each and takes the median.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { startRegistry } from '../../__tests__/helpers/registry.js'
import { pushShopImages, SOURCE_CLI } from '../../__tests__/pipeline/shop.js'

const run = promisify(execFile)
const OUT = resolve('bench/out/e2e')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3
const ARCH = 'arm64'

/** Ours: the bundled CLI when built (what users run), else the source through tsx. */
const OURS = existsSync('dist/cli/index.js')
  ? [process.execPath, resolve('dist/cli/index.js')]
  : SOURCE_CLI.split(' ')

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

let oursPeakKiB = 0

async function ours(host: string, store: string, out: string): Promise<number> {
  // /usr/bin/time -f %M: the CLI's peak RSS (KiB), printed as the last stderr line.
  const { stderr } = await run(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      ...OURS,
      'build',
      '-f',
      'examples/shop/v2/compose.yaml',
      '--previous-compose',
      'examples/shop/v1/compose.yaml',
      '--platform',
      `linux/${ARCH}`,
      '--device-type',
      'raspberrypi4',
      '--application-name',
      'shop',
      '--artifact-name',
      'shop-2.0',
      '--cache-dir',
      store,
      '--output',
      out,
      '--dry-run'
    ],
    { env: { ...process.env, REGISTRY: host }, maxBuffer: 64 << 20 }
  )
  oursPeakKiB = Math.max(oursPeakKiB, Number(stderr.trim().split('\n').at(-1)))
  return (await stat(out)).size
}

interface Manifest {
  config: { digest: string }
  layers: { digest: string }[]
}

async function layersOf(dir: string): Promise<string[]> {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    manifests: { digest: string }[]
  }
  const m = JSON.parse(
    await readFile(join(dir, 'blobs/sha256', index.manifests[0]!.digest.slice(7)), 'utf8')
  ) as Manifest
  return m.layers.map((l) => join(dir, 'blobs/sha256', l.digest.slice(7)))
}

/** The reference pipeline, as app-gen's deep-delta mode does it with the stock tools. */
async function reference(host: string, work: string, out: string): Promise<number> {
  const images = join(work, 'images')
  await mkdir(images, { recursive: true })
  const pairs: [string, string, string][] = [
    ['web', '1.0', '2.0'],
    ['api', '1.0', '2.0'],
    ['db', '16', '16']
  ]
  for (const [svc, a, b] of pairs)
    for (const tag of new Set([a, b]))
      await run('skopeo', [
        'copy',
        '--quiet',
        '--src-tls-verify=false',
        '--override-arch',
        ARCH,
        `docker://${host}/shop/${svc}:${tag}`,
        `oci:${join(images, `${svc}-${tag}`)}:${tag}`
      ])
  const payload = join(work, 'payload')
  await rm(payload, { recursive: true, force: true })
  await mkdir(payload, { recursive: true })
  for (const [svc, a, b] of pairs) {
    const oldLayers = await layersOf(join(images, `${svc}-${a}`))
    const newLayers = await layersOf(join(images, `${svc}-${b}`))
    const dir = join(payload, svc)
    await mkdir(dir)
    for (const [i, layer] of newLayers.entries()) {
      const tarNew = join(work, `new-${i}.tar`)
      await run('sh', ['-c', 'gzip -dc < "$1" > "$2"', 'sh', layer, tarNew])
      const old = oldLayers[i]
      if (old) {
        const tarOld = join(work, `old-${i}.tar`)
        await run('sh', ['-c', 'gzip -dc < "$1" > "$2"', 'sh', old, tarOld])
        await run('xdelta3', ['-e', '-f', '-s', tarOld, tarNew, join(dir, `${i}.vcdiff`)])
      } else await run('cp', [tarNew, join(dir, `${i}.tar`)])
    }
  }
  const tgz = join(work, 'images.tar.gz')
  await run('tar', ['-czf', tgz, '-C', payload, '.'])
  await rm(out, { force: true })
  await run('mender-artifact', [
    'write',
    'module-image',
    '-T',
    'app',
    '-n',
    'shop-2.0',
    '-t',
    'raspberrypi4',
    '-f',
    tgz,
    '-o',
    out
  ])
  return (await stat(out)).size
}

async function main(): Promise<void> {
  await rm(OUT, { recursive: true, force: true })
  await mkdir(OUT, { recursive: true })
  const registry = await startRegistry(OUT)
  try {
    await pushShopImages(registry.host)
    const rows: { what: string; ours: number; ref: number; oursBytes: number; refBytes: number }[] =
      []
    for (const warm of [false, true]) {
      const o: number[] = []
      const r: number[] = []
      let oursBytes = 0
      let refBytes = 0
      for (let i = 0; i < RUNS; i++) {
        const store = join(OUT, `store-${i}`)
        const refWork = join(OUT, `ref-${i}`)
        if (!warm) {
          await rm(store, { recursive: true, force: true })
          await rm(refWork, { recursive: true, force: true })
        }
        o.push(
          await timed(
            async () =>
              void (oursBytes = await ours(registry.host, store, join(OUT, 'ours.mender')))
          )
        )
        r.push(
          await timed(
            async () =>
              void (refBytes = await reference(registry.host, refWork, join(OUT, 'ref.mender')))
          )
        )
      }
      rows.push({
        what: warm ? 'warm' : 'cold',
        ours: median(o),
        ref: median(r),
        oursBytes,
        refBytes
      })
    }
    const ms = (x: number) => `${Math.round(x)} ms`
    const lines = [
      `bench/e2e: examples/shop v1 → v2, linux/${ARCH}, median of ${RUNS}; ours = ${OURS.includes('--import') ? 'src via tsx' : 'dist/cli'}`,
      '(2 cores shared with other work: times are indicative)',
      '',
      '| cache | ours time | reference time | time ratio | ours bytes | reference bytes | bytes ratio |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (x) =>
          `| ${x.what} | ${ms(x.ours)} | ${ms(x.ref)} | ${(x.ours / x.ref).toFixed(2)}× | ${x.oursBytes} | ${x.refBytes} | ${(x.oursBytes / x.refBytes).toFixed(2)}× |`
      ),
      '',
      `ours peak RSS (largest run): ${Math.round(oursPeakKiB / 1024)} MiB`,
      'goal: cold ≤ 0.5×, warm ≤ 0.2× the reference time; bytes ≤ the reference'
    ]
    console.log(lines.join('\n'))
    await writeFile(join(OUT, 'result.md'), `${lines.join('\n')}\n`)
  } finally {
    await registry.stop()
  }
}

await main()
