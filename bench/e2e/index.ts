// bench/e2e: the three-service example app v1 → v2 at a realistic size (see
// large-app.ts: a ~40 MiB base layer shared by every image, a runtime layer
// per service, an app layer that changes), pushed to a real registry on
// loopback; our `mender-compose build` against the reference pipeline
// (reference.sh: `skopeo copy` of each image, `xdelta3 -e` per layer paired by
// index, `mender-artifact write module-image`) on the same inputs, in the same
// run, cold (empty store / empty layouts) and warm (the store of the cold run,
// as a restored cache gives it; the reference keeps its layouts).
// Prints wall time, CPU time (user+sys, children included) and bytes shipped,
// the ratios, and where our time goes (phase timings from `--json`).
// `--runs=N` (default 3) repeats each and takes the median.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { startRegistry } from '../../__tests__/helpers/registry.js'
import { SOURCE_CLI } from '../../__tests__/pipeline/shop.js'
import { largeCompose, makeLargeApp } from './large-app.js'

const run = promisify(execFile)
const OUT = resolve('bench/out/e2e')
// `--runs=N` (what `npm run bench -- e2e --runs=N` passes on), or `--runs N` run directly
const runsArg = process.argv.findIndex((a) => a.startsWith('--runs'))
const RUNS =
  runsArg < 0 ? 3 : Number(process.argv[runsArg]!.split('=')[1] ?? process.argv[runsArg + 1])
const ARCH = 'amd64'

/** Ours: the bundled CLI when built (what users run), else the source through tsx. */
const OURS = existsSync('dist/cli/index.js')
  ? [process.execPath, resolve('dist/cli/index.js')]
  : SOURCE_CLI.split(' ')

interface Measure {
  wallMs: number
  cpuMs: number
  rssKiB: number
  bytes: number
  /** Bytes of layers and deltas shipped, before the payload's gzip; the rest of `bytes` is the fixed part. */
  layerBytes: number
  phases?: Record<string, number>
  counts?: string
}

/** Runs under /usr/bin/time: wall, user+sys of the process and its children, peak RSS. */
async function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ stdout: string; wallMs: number; cpuMs: number; rssKiB: number }> {
  const t = performance.now()
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', '%U %S %M', cmd, ...args], {
    env,
    maxBuffer: 64 << 20
  })
  const wallMs = performance.now() - t
  const [u, s, m] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number)
  return { stdout, wallMs, cpuMs: (u! + s!) * 1000, rssKiB: m! }
}

async function ours(host: string, app: string, store: string, out: string): Promise<Measure> {
  const r = await timed(
    OURS[0]!,
    [
      ...OURS.slice(1),
      'build',
      '-f',
      join(app, 'v2', 'compose.yaml'),
      '--previous-compose',
      join(app, 'v1', 'compose.yaml'),
      '--project-directory',
      join(app, 'v2'),
      '--platform',
      `linux/${ARCH}`,
      '--device-type',
      'pc',
      '--application-name',
      'bigshop',
      '--artifact-name',
      'bigshop-2.0',
      '--previous-artifact-name',
      'bigshop-1.0',
      '--cache-dir',
      store,
      '--output',
      out,
      '--dry-run',
      '--json'
    ],
    { ...process.env, REGISTRY: host }
  )
  const json = JSON.parse(r.stdout) as {
    deltaSize: number
    durationsMs: Record<string, number>
    services: { layers: Record<string, number> }[]
  }
  const modes: Record<string, number> = {}
  for (const s of json.services)
    for (const [mode, n] of Object.entries(s.layers)) modes[mode] = (modes[mode] ?? 0) + n
  return {
    ...r,
    bytes: (await stat(out)).size,
    layerBytes: json.deltaSize,
    phases: json.durationsMs,
    counts: Object.entries(modes)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')
  }
}

async function reference(host: string, work: string, out: string): Promise<Measure> {
  await mkdir(work, { recursive: true })
  const r = await timed(
    'sh',
    [resolve('bench/e2e/reference.sh'), host, work, out, ARCH, 'bigshop-2.0', 'pc'],
    process.env
  )
  const payload = join(work, 'payload')
  let layerBytes = 0
  for (const svc of await readdir(payload))
    for (const f of await readdir(join(payload, svc)))
      layerBytes += (await stat(join(payload, svc, f))).size
  return { ...r, bytes: (await stat(out)).size, layerBytes }
}

function median(xs: Measure[]): Measure {
  return [...xs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(xs.length / 2)]!
}

async function main(): Promise<void> {
  const images = join(OUT, 'images')
  const t0 = performance.now()
  const app = await makeLargeApp(images)
  const made = performance.now() - t0
  const work = join(OUT, 'run')
  await rm(work, { recursive: true, force: true })
  await mkdir(work, { recursive: true })
  const project = join(work, 'app')
  for (const r of ['v1', 'v2'] as const) {
    await mkdir(join(project, r), { recursive: true })
    await writeFile(join(project, r, 'compose.yaml'), largeCompose(r))
  }
  const registry = await startRegistry(join(work, 'registry'))
  try {
    for (const [svc, tag, dir] of app.images)
      await run('skopeo', [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        `oci:${dir}:${tag}`,
        `docker://${registry.host}/bigshop/${svc}:${tag}`
      ])
    const rows: { what: string; o: Measure; r: Measure }[] = []
    for (const warm of [false, true]) {
      const o: Measure[] = []
      const r: Measure[] = []
      for (let i = 0; i < RUNS; i++) {
        const store = join(work, `store-${i}`)
        const refWork = join(work, `ref-${i}`)
        if (!warm) {
          await rm(store, { recursive: true, force: true })
          await rm(refWork, { recursive: true, force: true })
        }
        o.push(await ours(registry.host, project, store, join(work, 'ours.mender')))
        r.push(await reference(registry.host, refWork, join(work, 'ref.mender')))
      }
      rows.push({ what: warm ? 'warm' : 'cold', o: median(o), r: median(r) })
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`
    const lines = [
      `bench/e2e: bigshop (3 services, ${(app.uniqueBytes / 2 ** 20).toFixed(0)} MiB of distinct uncompressed layers in v2; app layers: ${app.appSource}) v1 → v2, linux/${ARCH}`,
      `median of ${RUNS} by wall time; ours = ${OURS.includes('--import') ? 'src via tsx' : 'dist/cli'}; images made in ${s(made)} (kept in bench/out/e2e/images)`,
      '2 cores shared with other work: wall times are indicative, CPU (user+sys incl. children) less noisy',
      '',
      '| cache | ours wall | ref wall | wall ratio | ours CPU | ref CPU | CPU ratio | ours bytes | ref bytes | bytes ratio | ours layers | ref layers |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        ({ what, o, r }) =>
          `| ${what} | ${s(o.wallMs)} | ${s(r.wallMs)} | ${x(o.wallMs, r.wallMs)} | ${s(o.cpuMs)} | ${s(r.cpuMs)} | ${x(o.cpuMs, r.cpuMs)} | ${o.bytes} | ${r.bytes} | ${x(o.bytes, r.bytes)} | ${o.layerBytes} | ${r.layerBytes} |`
      ),
      '',
      ...rows.map(
        ({ what, o, r }) =>
          `${what}: our phases ${Object.entries(o.phases ?? {})
            .map(([k, v]) => `${k} ${s(v)}`)
            .join(
              ', '
            )}; layers ${o.counts}; peak RSS ours ${Math.round(o.rssKiB / 1024)} MiB, ref ${Math.round(r.rssKiB / 1024)} MiB`
      ),
      "bytes: the artifact; layers: the layer deltas and full layers in it before the payload is gzipped (ours: the build result's deltaSize; ref: its .vcdiff and .tar files). The rest is the fixed part: headers, image configs and manifests, compose files",
      'goal: cold ≤ 0.5×, warm ≤ 0.2× the reference time; bytes ≤ the reference'
    ]
    console.log(lines.join('\n'))
    await writeFile(join(OUT, 'result.md'), `${lines.join('\n')}\n`)
  } finally {
    await registry.stop()
  }
}

await main()
