// bench/e2e: the three-service example app v1 → v2 at a realistic size (see
// large-app.ts: a ~40 MiB base layer shared by every image, a runtime layer
// per service, an app layer that changes), pushed to a real registry on
// loopback; our `mender-compose build` against the reference (reference.sh:
// the archived app-gen's OCI deep delta scripted with skopeo, gunzip, jq,
// xdelta3 and mender-artifact, an artifact the device installs) on the same
// inputs, in the same run, cold (empty store / empty layouts) and warm (the
// store of the cold run, as a restored cache gives it; the reference keeps its
// layouts).
// Prints wall time, CPU time (user+sys, children included), the artifact's
// bytes and the layer bytes in it (the rest is the fixed part), the ratios, and
// where our time goes (phase timings from `--json`).
// `--runs=N` (default 3) repeats each and takes the median. `--ours-cli=PATH`
// (repeatable) times that build of the CLI (its dist/cli/index.js) instead of
// this checkout's; with several, each run times them in turn, so two builds
// are compared on the same inputs under the same load.
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
/** `--name=V` (what `npm run bench -- e2e --name=V` passes on) or `--name V`, every occurrence. */
function flag(name: string): string[] {
  const args = process.argv.slice(2)
  return args.flatMap((a, i) =>
    a === `--${name}`
      ? [args[i + 1]!]
      : a.startsWith(`--${name}=`)
        ? [a.slice(name.length + 3)]
        : []
  )
}
const RUNS = Number(flag('runs')[0] ?? 3)
const ARCH = 'amd64'

/** Each build of ours: the given CLIs, else the bundled CLI when built (what users run), else the source through tsx. */
const OURS: { label: string; cmd: string[] }[] = flag('ours-cli').length
  ? flag('ours-cli').map((p) => ({ label: p, cmd: [process.execPath, resolve(p)] }))
  : existsSync('dist/cli/index.js')
    ? [{ label: 'dist/cli', cmd: [process.execPath, resolve('dist/cli/index.js')] }]
    : [{ label: 'src via tsx', cmd: SOURCE_CLI.split(' ') }]

interface Measure {
  wallMs: number
  cpuMs: number
  rssKiB: number
  bytes: number
  /** Bytes of layers and deltas shipped, before the payload's gzip; the rest of `bytes` is the fixed part. */
  layerBytes: number
  /** The reference: its artifact written again with gzip (app-gen 1.1.0, before `--compression none`). */
  gzipBytes?: number
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

async function ours(
  cli: string[],
  host: string,
  app: string,
  store: string,
  out: string
): Promise<Measure> {
  const r = await timed(
    cli[0]!,
    [
      ...cli.slice(1),
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

/**
 * The reference builds v2 from the images that change (db is the same image in
 * both releases: an app-gen user leaves it out of `--image`, which would ship it
 * whole) and the compose file as the device runs it (the registry written out).
 */
async function reference(
  host: string,
  manifests: string,
  work: string,
  out: string
): Promise<Measure> {
  await mkdir(work, { recursive: true })
  const image = (svc: string, tag: string) => `${host}/bigshop/${svc}:${tag}`
  const r = await timed(
    'sh',
    [
      resolve('bench/e2e/reference.sh'),
      ...['--artifact-name', 'bigshop-2.0', '--device-type', 'pc', '--output-path', out],
      ...['--application-name', 'bigshop', '--manifests-dir', manifests],
      ...['--platform', `linux/${ARCH}`, '--workdir', work, '--src-tls-verify=false'],
      ...['--image', `${image('web', '1.0')},${image('web', '2.0')}`],
      ...['--image', `${image('api', '1.0')},${image('api', '2.0')}`]
    ],
    process.env
  )
  // untimed: the same payload with app-gen 1.1.0's artifact compression (mender-artifact's
  // default gzip, as ours), for a like-for-like fixed part
  const b = join(work, 'build')
  const gz = `${out}.gzip`
  await rm(gz, { force: true })
  await run('mender-artifact', [
    ...['write', 'module-image', '--compression', 'gzip', '-T', 'app', '-t', 'pc', '-o', gz],
    ...[
      '-n',
      'bigshop-2.0',
      '--meta-data',
      join(b, 'meta-data.json'),
      '--software-name',
      'bigshop'
    ],
    ...['-f', join(b, 'images.tar.gz'), '-f', join(b, 'manifests.tar.gz')]
  ])
  return {
    ...r,
    bytes: (await stat(out)).size,
    gzipBytes: (await stat(gz)).size,
    layerBytes: await referenceLayerBytes(work)
  }
}

/** The layer bytes in the reference's image.img files: every .vcdiff, and each layer shipped whole. */
async function referenceLayerBytes(work: string): Promise<number> {
  const images = join(work, 'build', 'images')
  let n = 0
  for (const id of await readdir(images)) {
    const img = join(images, id, 'image.img')
    const manifest = JSON.parse((await run('tar', ['-xOf', img, './manifest.json'])).stdout) as [
      { Layers: string[] }
    ]
    const layers = new Set(manifest[0].Layers.map((l) => `./${l}`))
    for (const line of (await run('tar', ['-tvf', img])).stdout.split('\n')) {
      const f = line.trim().split(/\s+/)
      const name = f.at(-1) ?? ''
      if (name.endsWith('.vcdiff') || layers.has(name)) n += Number(f[2])
    }
  }
  return n
}

/** `name size` of each member of an artifact (the outer tar): where its fixed part goes. */
async function members(artifact: string): Promise<string> {
  const list = (await run('tar', ['-tvf', artifact])).stdout.trim().split('\n')
  return list
    .map((l) => l.trim().split(/\s+/))
    .map((f) => `${f.at(-1)} ${f[2]}`)
    .join(', ')
}

function median(xs: Measure[]): Measure {
  return [...xs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(xs.length / 2)]!
}

const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

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
  const manifests = join(work, 'ref-manifests')
  await mkdir(manifests, { recursive: true })
  await writeFile(
    join(manifests, 'compose.yaml'),
    largeCompose('v2').replaceAll('${REGISTRY}', registry.host)
  )
  try {
    for (const [svc, tag, dir] of app.images)
      await run('skopeo', [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        `oci:${dir}:${tag}`,
        `docker://${registry.host}/bigshop/${svc}:${tag}`
      ])
    type Row = { what: string; o: Measure[]; r: Measure; all: Measure[][] }
    const rows: Row[] = []
    for (const warm of [false, true]) {
      const o: Measure[][] = OURS.map(() => [])
      const r: Measure[] = []
      for (let i = 0; i < RUNS; i++) {
        const refWork = join(work, `ref-${i}`)
        if (!warm) await rm(refWork, { recursive: true, force: true })
        // the builds in turn, a different one first each run, then the reference
        for (let k = 0; k < OURS.length; k++) {
          const c = (k + i) % OURS.length
          const store = join(work, `store-${c}-${i}`)
          if (!warm) await rm(store, { recursive: true, force: true })
          o[c]!.push(
            await ours(OURS[c]!.cmd, registry.host, project, store, join(work, `ours-${c}.mender`))
          )
        }
        r.push(await reference(registry.host, manifests, refWork, join(work, 'ref.mender')))
      }
      rows.push({ what: warm ? 'warm' : 'cold', o: o.map(median), r: median(r), all: o })
    }
    const memberLists = await Promise.all(
      [
        ...OURS.map((_, k) => join(work, `ours-${k}.mender`)),
        join(work, 'ref.mender'),
        join(work, 'ref.mender.gzip')
      ].map(members)
    )
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`
    const lines = [
      `bench/e2e: bigshop (3 services, ${(app.uniqueBytes / 2 ** 20).toFixed(0)} MiB of distinct uncompressed layers in v2; app layers: ${app.appSource}) v1 → v2, linux/${ARCH}`,
      `median of ${RUNS} by wall time; ours = ${OURS.map((c, k) => `[${k}] ${c.label}`).join(', ')}; images made in ${s(made)} (kept in bench/out/e2e/images)`,
      '2 cores shared with other work: wall times are indicative, CPU (user+sys incl. children) less noisy',
      '',
      '| cache | build | ours wall | ref wall | wall ratio | ours CPU | ref CPU | CPU ratio | ours bytes | ref bytes (none / gzip) | bytes ratio (none / gzip) | ours layers | ref layers |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.flatMap(({ what, o: os, r }) =>
        os.map(
          (o, k) =>
            `| ${what} | ${k} | ${s(o.wallMs)} | ${s(r.wallMs)} | ${x(o.wallMs, r.wallMs)} | ${s(o.cpuMs)} | ${s(r.cpuMs)} | ${x(o.cpuMs, r.cpuMs)} | ${o.bytes} | ${r.bytes} / ${r.gzipBytes} | ${x(o.bytes, r.bytes)} / ${x(o.bytes, r.gzipBytes!)} | ${o.layerBytes} | ${r.layerBytes} |`
        )
      ),
      '',
      ...rows.flatMap(({ what, o: os, r }) =>
        os.map(
          (o, k) =>
            `${what} [${k}]: our phases ${Object.entries(o.phases ?? {})
              .map(([k, v]) => `${k} ${s(v)}`)
              .join(
                ', '
              )}; layers ${o.counts}; peak RSS ours ${Math.round(o.rssKiB / 1024)} MiB, ref ${Math.round(r.rssKiB / 1024)} MiB`
        )
      ),
      '',
      'artifact members (name bytes), last run:',
      ...OURS.map((_, k) => `ours [${k}]: ${memberLists[k]}`),
      `ref: ${memberLists[OURS.length]}; with gzip: ${memberLists[OURS.length + 1]}`,
      ...(OURS.length > 1
        ? [
            '',
            `builds against [0] ${OURS[0]!.label}, median of the per-run ratios (each run's builds ran back to back):`,
            ...rows.flatMap(({ what, all }) =>
              all.slice(1).map((b, j) => {
                const a = all[0]!
                const ratio = (f: (m: Measure) => number) =>
                  mid(b.map((m, i) => f(m) / f(a[i]!))).toFixed(3)
                return `${what} [${j + 1}]/[0]: wall ${ratio((m) => m.wallMs)}, CPU ${ratio((m) => m.cpuMs)}; bytes ${b.map((m) => m.bytes).join(', ')} vs ${a.map((m) => m.bytes).join(', ')}; CPU s ${b.map((m) => (m.cpuMs / 1000).toFixed(2)).join(', ')} vs ${a.map((m) => (m.cpuMs / 1000).toFixed(2)).join(', ')}`
              })
            )
          ]
        : []),
      '',
      "bytes: the artifact (ref: as app-gen's final command writes it, `--compression none`, and the same payload written with gzip as app-gen 1.1.0 and ours do); layers: the layer deltas and whole layers in it before the payload's gzip (ours: the build result's deltaSize; ref: the .vcdiff files and whole layers in its image.img files). The rest is the fixed part: artifact headers and meta-data, image configs and manifests, docker-save structure, compose file",
      'goal: cold ≤ 0.5×, warm ≤ 0.2× the reference time; bytes ≤ the reference'
    ]
    console.log(lines.join('\n'))
    await writeFile(join(OUT, 'result.md'), `${lines.join('\n')}\n`)
  } finally {
    await registry.stop()
  }
}

await main()
