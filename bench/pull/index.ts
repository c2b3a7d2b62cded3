// bench/pull: pull a generated multi-layer image (≥ 200 MiB, ≥ 8 layers) from
// the loopback registry with our client and with `skopeo copy docker://… oci:…`,
// cold (empty store / empty destination) and warm (second pull, store filled).
// Run: npm run bench -- pull   (add --layers=N --layer-mib=M to change the image)
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { randomFillSync } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { startRegistry } from '../../__tests__/helpers/registry.js'

const arg = (name: string, dflt: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`))
  return a ? Number(a.split('=')[1]) : dflt
}
const LAYERS = arg('layers', 10)
const LAYER_MIB = arg('layer-mib', 24)
const RUNS = arg('runs', 2)
const OUT = join(process.cwd(), 'bench', 'out', 'pull')
const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

interface Blob {
  digest: string
  bytes: Buffer
}

/** Layers of mostly incompressible data, so the gzip blob is as big as the tar. */
async function generate(): Promise<{
  layers: (Blob & { diffId: string })[]
  config: Blob
  manifest: Buffer
}> {
  const layers: (Blob & { diffId: string })[] = []
  for (let i = 0; i < LAYERS; i++) {
    const data = Buffer.alloc(LAYER_MIB * 1024 * 1024)
    randomFillSync(data)
    // a tar with one file: 512-byte header + data + padding + two zero blocks
    const header = Buffer.alloc(512)
    header.write(`layer${i}.bin`, 0)
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
    const tar = Buffer.concat([header, data, pad, Buffer.alloc(1024)])
    const gz = gzipSync(tar, { level: 1 })
    layers.push({ digest: sha(gz), bytes: gz, diffId: sha(tar) })
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) }
    })
  )
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha(config),
        size: config.length
      },
      layers: layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: l.digest,
        size: l.bytes.length
      }))
    })
  )
  return { layers, config: { digest: sha(config), bytes: config }, manifest }
}

async function push(
  base: string,
  repo: string,
  img: Awaited<ReturnType<typeof generate>>
): Promise<void> {
  for (const b of [...img.layers, img.config]) {
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
  const res = await fetch(`${base}/v2/${repo}/manifests/v1`, {
    method: 'PUT',
    body: img.manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }
  })
  if (res.status !== 201) throw new Error(`push manifest: ${res.status}`)
}

interface Measure {
  wallMs: number
  innerMs?: number
  rssMiB: number
}

/** Runs a command under /usr/bin/time -v: wall time and peak RSS. */
function timed(cmd: string, args: string[]): { measure: Measure; stdout: string } {
  const t0 = performance.now()
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26
  })
  const wallMs = performance.now() - t0
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`)
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN)
  return { measure: { wallMs, rssMiB: rss / 1024 }, stdout: r.stdout }
}

/** The child bundled once with esbuild (as the action ships bundled), so start-up is Node's alone. */
async function bundleChild(): Promise<string> {
  const outfile = join(OUT, 'child.mjs')
  const { build } = await import('esbuild')
  await build({
    entryPoints: ['bench/pull/child.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
    }
  })
  return outfile
}
let childPath = ''

function ours(ref: string, store: string, out: string, tars: boolean): Measure {
  const { measure, stdout } = timed(process.execPath, [
    childPath,
    ref,
    store,
    out,
    tars ? '1' : '0'
  ])
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
const f = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true })
  const work = join(OUT, 'work')
  await rm(work, { recursive: true, force: true })
  await mkdir(work, { recursive: true })
  console.log(`generating ${LAYERS} layers × ${LAYER_MIB} MiB (random data, gzip -1) …`)
  childPath = await bundleChild()
  const img = await generate()
  const total = img.layers.reduce((n, l) => n + l.bytes.length, 0)
  const reg = await startRegistry(work)
  try {
    await push(reg.url, 'bench/app', img)
    const ref = `${reg.host}/bench/app:v1`
    const rows: Record<string, Measure[]> = {
      oursCold: [],
      oursWarm: [],
      oursColdTars: [],
      skopeoCold: [],
      skopeoWarm: []
    }
    for (let run = 0; run < RUNS; run++) {
      const d = join(work, `run${run}`)
      await mkdir(d, { recursive: true })
      // skopeo cold: empty destination; warm: same destination again (blobs reused)
      rows.skopeoCold!.push(skopeo(ref, join(d, 'skopeo-oci')))
      rows.skopeoWarm!.push(skopeo(ref, join(d, 'skopeo-oci')))
      // ours cold: empty store; warm: filled store, new output folder
      rows.oursCold!.push(ours(ref, join(d, 'store'), join(d, 'ours-oci-1'), false))
      rows.oursWarm!.push(ours(ref, join(d, 'store'), join(d, 'ours-oci-2'), false))
      rows.oursColdTars!.push(ours(ref, join(d, 'store-tars'), join(d, 'ours-oci-3'), true))
      // outputs must be the same image
      const a = JSON.parse(await readFile(join(d, 'skopeo-oci', 'index.json'), 'utf8')) as {
        manifests: { digest: string }[]
      }
      const b = JSON.parse(await readFile(join(d, 'ours-oci-1', 'index.json'), 'utf8')) as {
        manifests: { digest: string }[]
      }
      if (a.manifests[0]!.digest !== b.manifests[0]!.digest)
        throw new Error('ours and skopeo wrote different manifests')
      await rm(d, { recursive: true, force: true })
    }
    const m = (k: string, pick: (x: Measure) => number) => median(rows[k]!.map(pick))
    console.log(
      `\nimage: ${LAYERS} layers, ${(total / 1048576).toFixed(0)} MiB compressed; ${RUNS} runs each, median; loopback docker-registry 2.8.2`
    )
    console.log('machine: 2 cores shared with other helpers running tests; figures are noisy\n')
    console.log(
      '| case | ours wall | ours in-process | skopeo wall | ratio wall (ours/skopeo) | ours peak RSS | skopeo peak RSS |'
    )
    console.log('| --- | --- | --- | --- | --- | --- | --- |')
    const line = (name: string, o: string, s: string) =>
      console.log(
        `| ${name} | ${f(m(o, (x) => x.wallMs))} | ${f(m(o, (x) => x.innerMs ?? 0))} | ${f(m(s, (x) => x.wallMs))} | ${(m(o, (x) => x.wallMs) / m(s, (x) => x.wallMs)).toFixed(2)}× | ${m(o, (x) => x.rssMiB).toFixed(0)} MiB | ${m(s, (x) => x.rssMiB).toFixed(0)} MiB |`
      )
    line('cold (blobs only)', 'oursCold', 'skopeoCold')
    line('warm (store filled)', 'oursWarm', 'skopeoWarm')
    line('cold + uncompressed layer tars', 'oursColdTars', 'skopeoCold')
    console.log(
      `\nwarm/cold (ours): wall ${(m('oursWarm', (x) => x.wallMs) / m('oursCold', (x) => x.wallMs)).toFixed(3)}×, in-process ${(m('oursWarm', (x) => x.innerMs!) / m('oursCold', (x) => x.innerMs!)).toFixed(3)}× (goal ≤ 0.1×)`
    )
    console.log(
      '"ours wall" is the whole bundled Node process (start-up included); "in-process" is the pull itself.'
    )
  } finally {
    await reg.stop()
    if (!existsSync(join(OUT, 'keep'))) await rm(work, { recursive: true, force: true })
  }
}

await main()
