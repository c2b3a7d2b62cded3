// bench/pull: pull a generated multi-layer image (≥ 200 MiB, ≥ 8 layers) from
// the loopback registry with our client and with `skopeo copy docker://… oci:…`,
// cold (empty store / empty destination) and warm (second pull, store filled).
// Run: npm run bench -- pull [--runs=3] [--layers=N --layer-mib=M]
//      [--node=/path/to/node ...]   (each Node gets its own rows; default: this Node)
//      [--serve]                    (only serve the image, for profiling by hand)
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { randomFillSync } from 'node:crypto'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { gzipSync } from 'node:zlib'
import { startRegistry } from '../../__tests__/helpers/registry.js'

const arg = (name: string, dflt: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`))
  return a ? Number(a.split('=')[1]) : dflt
}
// lets generateAndPush() collect the layers' memory before anything is measured
setFlagsFromString('--expose-gc')
// 16 × 32 MiB: the size the goals are checked at. A warm pull costs a fixed ~0.1 s (Node
// start-up, loading the CLI, one HEAD), so below ~500 MiB "warm ≤ 0.1× cold" measures the
// runtime's start-up more than the store (bench/README.md, pull, has all three sizes).
const LAYERS = arg('layers', 16)
const LAYER_MIB = arg('layer-mib', 32)
const RUNS = arg('runs', 3)
const OUT = join(process.cwd(), 'bench', 'out', 'pull')
const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

interface Blob {
  digest: string
  bytes: Buffer
}

/** A tar with one file of `data`: 512-byte header + data + padding + two zero blocks. */
function tarOf(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512)
  header.write(name, 0)
  header.write('0000644\0', 100)
  header.write('0000000\0', 108)
  header.write('0000000\0', 116)
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124)
  header.write('00000000000\0', 136)
  header.write('        ', 148)
  header.write('0', 156)
  header.write('ustar\0', 257)
  header.write('00', 263)
  let sum = 0
  for (const b of header) sum += b
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512)
  return Buffer.concat([header, data, pad, Buffer.alloc(1024)])
}

async function pushBlob(base: string, repo: string, b: Blob): Promise<void> {
  const post = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' })
  const loc = new URL(post.headers.get('location')!, base)
  loc.searchParams.set('digest', b.digest)
  const put = await fetch(loc, {
    method: 'PUT',
    body: b.bytes,
    headers: { 'content-type': 'application/octet-stream' }
  })
  if (put.status !== 201) throw new Error(`push blob: ${put.status}`)
}

/**
 * Generates the image and pushes it one layer at a time: layers of mostly
 * incompressible data (gzip -1), so the blob is as big as the tar. No layer
 * stays in this process's memory: every measured tool is spawned from here,
 * and fork() of a process holding the whole image costs tens of ms per spawn,
 * which would be added to every wall time (most to the warm pull's ratio).
 * Returns the compressed size.
 */
async function generateAndPush(base: string, repo: string): Promise<number> {
  const layers: { digest: string; size: number; diffId: string }[] = []
  for (let i = 0; i < LAYERS; i++) {
    const data = Buffer.alloc(LAYER_MIB * 1024 * 1024)
    randomFillSync(data)
    const tar = tarOf(`layer${i}.bin`, data)
    const gz = gzipSync(tar, { level: 1 })
    await pushBlob(base, repo, { digest: sha(gz), bytes: gz })
    layers.push({ digest: sha(gz), size: gz.length, diffId: sha(tar) })
  }
  const configBytes = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) }
    })
  )
  const config = { digest: sha(configBytes), bytes: configBytes }
  await pushBlob(base, repo, config)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: config.digest,
        size: configBytes.length
      },
      layers: layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: l.digest,
        size: l.size
      }))
    })
  )
  const res = await fetch(`${base}/v2/${repo}/manifests/v1`, {
    method: 'PUT',
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }
  })
  if (res.status !== 201) throw new Error(`push manifest: ${res.status}`)
  // give the layers' memory back now (V8 would free it at some later collection)
  runInNewContext('gc')?.()
  return layers.reduce((n, l) => n + l.size, 0)
}

interface Measure {
  wallMs: number
  /** user + sys CPU of the process (the machine is shared, so this is steadier than wall). */
  cpuMs: number
  innerMs?: number
  rssMiB: number
}

/**
 * Started and timed by a small bash: fork() cost grows with the forking
 * process's memory, and this process (tsx, the registry client) is far larger
 * than bash, so timing the spawn from here adds ~20 ms to every wall time
 * that belongs to neither tool. bash reads its clock ($EPOCHREALTIME, µs)
 * right before and after the command.
 */
const TIMER =
  's=$EPOCHREALTIME; "$@"; rc=$?; e=$EPOCHREALTIME; echo "wall-us ${s//[.,]/} ${e//[.,]/}" >&2; exit $rc'

/** Runs a command under /usr/bin/time -v: wall time, CPU time and peak RSS. */
function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env
): { measure: Measure; stdout: string } {
  const r = spawnSync('bash', ['-c', TIMER, 'timer', '/usr/bin/time', '-v', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env
  })
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`)
  const num = (re: RegExp): number => Number(re.exec(r.stderr)?.[1] ?? NaN)
  const [, s, e] = /wall-us (\d+) (\d+)/.exec(r.stderr) ?? []
  const wallMs = (Number(e) - Number(s)) / 1000
  const rss = num(/Maximum resident set size \(kbytes\): (\d+)/)
  const cpuMs =
    (num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)) * 1000
  return { measure: { wallMs, cpuMs, rssMiB: rss / 1024 }, stdout: r.stdout }
}

/**
 * The CLI entry plus a clock, bundled with ncc exactly as scripts/build.mjs
 * bundles the shipped CLI (chunks loaded on demand, builtins through require).
 */
async function bundleChild(): Promise<string> {
  const outdir = join(OUT, 'child')
  await rm(outdir, { recursive: true, force: true })
  const r = spawnSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      'bench/pull/child.ts',
      '-o',
      outdir,
      '--quiet',
      '--target',
      'es2022'
    ],
    { stdio: 'inherit' }
  )
  if (r.status !== 0) throw new Error('ncc failed to bundle bench/pull/child.ts')
  return join(outdir, 'index.js')
}
let childPath = ''
/** V8's code cache for our runs (the CLI keeps it under ~/.cache; the bench keeps its own). */
let childEnv: NodeJS.ProcessEnv = process.env

function ours(node: string, ref: string, store: string, out: string): Measure {
  const { measure, stdout } = timed(
    node,
    [
      childPath,
      '-q',
      'image',
      'pull',
      ref,
      '--platform',
      'linux/amd64',
      '--store',
      store,
      '--output',
      out
    ],
    childEnv
  )
  const inner = JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number }
  return { ...measure, innerMs: inner.ms }
}

function skopeo(ref: string, out: string): Measure {
  return timed('skopeo', [
    'copy',
    '--quiet',
    '--src-tls-verify=false',
    `docker://${ref}`,
    `oci:${out}:v1`
  ]).measure
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const f = (ms: number): string => `${(ms / 1000).toFixed(3)} s`

function nodeVersion(node: string): string {
  return spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true })
  const work = join(OUT, 'work')
  await rm(work, { recursive: true, force: true })
  await mkdir(work, { recursive: true })
  const nodes = process.argv
    .filter((a) => a.startsWith('--node='))
    .map((a) => a.slice('--node='.length))
  if (!nodes.length) nodes.push(process.execPath)
  console.log(`generating ${LAYERS} layers × ${LAYER_MIB} MiB (random data, gzip -1) …`)
  childPath = await bundleChild()
  childEnv = { ...process.env, NODE_COMPILE_CACHE: join(work, 'node-compile-cache') }
  const reg = await startRegistry(work)
  try {
    const total = await generateAndPush(reg.url, 'bench/app')
    const ref = `${reg.host}/bench/app:v1`
    if (process.argv.includes('--serve')) {
      // for profiling by hand: keep the registry up until Ctrl-C
      console.log(`serving ${ref} (child bundle: ${childPath}); Ctrl-C to stop`)
      await new Promise((resolve) => process.once('SIGINT', resolve))
      return
    }
    // one untimed run per Node fills V8's code cache, as any earlier CLI run on the machine would
    for (const node of nodes) {
      ours(node, ref, join(work, 'prime-store'), join(work, `prime-${nodes.indexOf(node)}`))
    }
    await rm(join(work, 'prime-store'), { recursive: true, force: true })
    const rows = new Map<string, Measure[]>()
    const add = (k: string, m: Measure): void => void rows.set(k, [...(rows.get(k) ?? []), m])
    const digestOf = async (layout: string): Promise<string> =>
      (
        JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as {
          manifests: { digest: string }[]
        }
      ).manifests[0]!.digest
    // Each measurement starts with the page cache flushed (sync) and the previous tool's
    // output deleted, so no tool pays for another's write-back; the order rotates per run.
    const settle = (): void => void spawnSync('sync')
    for (let run = 0; run < RUNS; run++) {
      const d = join(work, `run${run}`)
      await mkdir(d, { recursive: true })
      const tools = ['skopeo', ...nodes.keys()] as ('skopeo' | number)[]
      const order = [...tools.slice(run % tools.length), ...tools.slice(0, run % tools.length)]
      let want: string | undefined
      const same = (digest: string): void => {
        want ??= digest
        if (digest !== want) throw new Error('ours and skopeo wrote different manifests')
      }
      for (const tool of order) {
        if (tool === 'skopeo') {
          // skopeo cold: empty destination (it has no store of its own)
          settle()
          add('skopeo', skopeo(ref, join(d, 'skopeo-oci')))
          same(await digestOf(join(d, 'skopeo-oci')))
          await rm(join(d, 'skopeo-oci'), { recursive: true, force: true })
          continue
        }
        const i = tool
        const node = nodes[i]!
        // ours cold: empty store and empty destination; warm: filled store, new destination
        settle()
        add(`cold${i}`, ours(node, ref, join(d, `store${i}`), join(d, `ours-${i}-cold`)))
        settle()
        add(`warm${i}`, ours(node, ref, join(d, `store${i}`), join(d, `ours-${i}-warm`)))
        // the floor under any Node program: start-up and exit alone
        add(`bare${i}`, timed(node, ['-e', '0']).measure)
        for (const kind of ['cold', 'warm']) same(await digestOf(join(d, `ours-${i}-${kind}`)))
        await rm(d, { recursive: true, force: true })
        await mkdir(d, { recursive: true })
      }
      await rm(d, { recursive: true, force: true })
    }
    const m = (k: string, pick: (x: Measure) => number): number => median(rows.get(k)!.map(pick))
    const best = (k: string): number => Math.min(...rows.get(k)!.map((x) => x.wallMs))
    const wall = (x: Measure): number => x.wallMs
    const cpu = (x: Measure): number => x.cpuMs
    console.log(
      `\nimage: ${LAYERS} layers, ${(total / 1048576).toFixed(0)} MiB compressed; ${RUNS} runs each, median (best in brackets); loopback docker-registry 2.8.2; output: OCI layout for both`
    )
    console.log(
      'machine: 2 cores shared with other helpers; wall figures are noisy, CPU (user+sys) is steadier\n'
    )
    console.log(
      '| tool | case | wall | in-process | CPU user+sys | peak RSS | wall ratio | CPU ratio |'
    )
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
    const sw = m('skopeo', wall)
    const sc = m('skopeo', cpu)
    const w = (k: string): string => `${f(m(k, wall))} (${f(best(k))})`
    console.log(
      `| skopeo ${skopeoVersion()} | cold (= warm: no store) | ${w('skopeo')} | — | ${f(sc)} | ${m('skopeo', (x) => x.rssMiB).toFixed(0)} MiB | 1 | 1 |`
    )
    for (const [i, node] of nodes.entries()) {
      const v = nodeVersion(node)
      for (const kind of ['cold', 'warm']) {
        const k = `${kind}${i}`
        console.log(
          `| ours, Node ${v} | ${kind} | ${w(k)} | ${f(m(k, (x) => x.innerMs!))} | ${f(m(k, cpu))} | ${m(k, (x) => x.rssMiB).toFixed(0)} MiB | ${(m(k, wall) / sw).toFixed(2)}× (${(best(k) / best('skopeo')).toFixed(2)}×) skopeo | ${(m(k, cpu) / sc).toFixed(2)}× skopeo |`
        )
      }
      const b = `bare${i}`
      console.log(
        `| node -e 0, Node ${v} | start-up alone | ${w(b)} | — | ${f(m(b, cpu))} | ${m(b, (x) => x.rssMiB).toFixed(0)} MiB | ${(m(b, wall) / m(`cold${i}`, wall)).toFixed(3)}× our cold | |`
      )
      console.log(
        `| ours, Node ${v} | warm/cold | ${(m(`warm${i}`, wall) / m(`cold${i}`, wall)).toFixed(3)}× (${(best(`warm${i}`) / best(`cold${i}`)).toFixed(3)}×) | ${(m(`warm${i}`, (x) => x.innerMs!) / m(`cold${i}`, (x) => x.innerMs!)).toFixed(3)}× | ${(m(`warm${i}`, cpu) / m(`cold${i}`, cpu)).toFixed(3)}× | | | |`
      )
    }
    console.log(
      '\ngoals: cold wall ≤ 1.0× skopeo; warm wall ≤ 0.1× our cold. "wall" is the whole process (Node start-up included), as skopeo\'s is, timed by a small bash around it; "in-process" is the CLI\'s main() alone. Ratios compare medians (bests in brackets).'
    )
    console.log(
      "cold = empty store and empty output folder for ours, empty output folder for skopeo (it keeps no blob store, so its warm pull is its cold pull); warm = store filled by the cold run, new output folder. Each measurement starts after `sync` with the other tools' outputs deleted; the order of the tools rotates from run to run. V8's code cache was filled by one untimed run before (Node ≥ 22.1 only)."
    )
  } finally {
    await reg.stop()
    if (!existsSync(join(OUT, 'keep'))) await rm(work, { recursive: true, force: true })
  }
}

function skopeoVersion(): string {
  return (
    /version ([\d.]+)/.exec(spawnSync('skopeo', ['--version'], { encoding: 'utf8' }).stdout)?.[1] ??
    ''
  )
}

await main()
