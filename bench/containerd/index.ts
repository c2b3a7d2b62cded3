/**
 * bench/containerd: App Update Module delta payloads for a device on the
 * containerd image store against one on the classic store, for the same
 * releases, built in the same run:
 *   - classic: the classic store (uncompressed layers by diff ID);
 *   - containerd: the containerd store, current images as our previous
 *     artifact left them (uncompressed layers under our manifest);
 *   - containerd, v1 pulled: the same store, current images pulled from the
 *     registry (gzip blobs; the device's xdelta3 decompresses them);
 *   - containerd-registry: registry-identical manifests and blobs kept, deltas
 *     against the gzip bytes (the mode for fleets that need registry digests).
 * Cases: the delta corpus pairs (bench/delta; `npm run bench -- delta
 * --build` makes them) as the top layer of two-layer images over a shared
 * base; the example app (examples/shop, 3 services); and the e2e bench's
 * 3-service app (bench/e2e/large-app.ts, ~105 MiB of layers; `--no-large`
 * skips it). Figures are `images.tar.gz` sizes (gzip -6). Goal: containerd ≤
 * 1.1× classic on every row, both containerd columns.
 *
 *   npm run bench -- containerd [-- --corpus=DIR --max-mb=N --only=NAME,… --no-large]
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { poolDeltaEngine } from '../../src/delta/engine.js'
import {
  buildAppPayload,
  type AppService,
  type BlobStore,
  type DeviceStore,
  type PayloadImage
} from '../../src/payload/index.js'
import { IMAGES, makeImage } from '../../src/demo/shop-images.js'
import { formatBytes } from '../../src/util/format.js'
import { silentLogger } from '../../src/util/log.js'
import { makeLargeApp } from '../e2e/large-app.js'

const OUT = join('bench', 'out', 'containerd')
const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const CORPUS = arg('corpus') ?? join('bench', 'out', 'delta', 'corpus')
const MAX_PAIR_MB = Number(arg('max-mb') ?? 30)
const ONLY = arg('only')?.split(',').filter(Boolean)
const LARGE = !process.argv.includes('--no-large')

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const c of createReadStream(path)) h.update(c as Buffer)
  return h.digest('hex')
}

/** Blobs of several OCI layouts (and of the images made here), by digest. */
class Blobs implements BlobStore {
  private readonly where = new Map<string, string>()
  constructor(readonly dir: string) {}
  blobPath(digest: string): string {
    return this.where.get(digest) ?? join(this.dir, digest.replace(/^sha256:/, ''))
  }
  private async put(bytes: Uint8Array): Promise<string> {
    const digest = `sha256:${sha256(bytes)}`
    await mkdir(this.dir, { recursive: true })
    await writeFile(this.blobPath(digest), bytes)
    return digest
  }

  /** An image of existing uncompressed layer tars, gzipped as a registry holds them. */
  async fromTars(reference: string, tars: string[]): Promise<PayloadImage> {
    await mkdir(this.dir, { recursive: true })
    const layers = []
    const diffIds = []
    for (const tar of tars) {
      diffIds.push(`sha256:${await sha256Of(tar)}`)
      const tmp = join(this.dir, 'blob.tmp')
      await pipeline(createReadStream(tar), createGzip({ level: 6 }), createWriteStream(tmp))
      const digest = `sha256:${await sha256Of(tmp)}`
      await rename(tmp, this.blobPath(digest))
      const size = (await stat(this.blobPath(digest))).size
      layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size })
    }
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: diffIds }
      })
    )
    const configDigest = await this.put(config)
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: configDigest,
          size: config.length
        },
        layers
      })
    )
    const manifestDigest = await this.put(manifest)
    return { reference, manifest, manifestDigest, config, configDigest, layers, diffIds }
  }

  /** The linux/amd64 image of an OCI layout (an index is followed to that platform). */
  async fromLayout(dir: string, reference: string): Promise<PayloadImage> {
    const blob = (d: string): string => join(dir, 'blobs', 'sha256', d.replace(/^sha256:/, ''))
    for (const f of await readdir(join(dir, 'blobs', 'sha256')))
      this.where.set(`sha256:${f}`, join(dir, 'blobs', 'sha256', f))
    type Desc = { digest: string; mediaType?: string; platform?: { architecture: string } }
    let desc = (
      JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests: Desc[] }
    ).manifests[0]!
    for (;;) {
      const doc = JSON.parse(await readFile(blob(desc.digest), 'utf8')) as { manifests?: Desc[] }
      if (!doc.manifests) break
      desc = doc.manifests.find((m) => m.platform?.architecture === 'amd64')!
    }
    const manifest = await readFile(blob(desc.digest))
    const m = JSON.parse(manifest.toString()) as {
      config: { digest: string }
      layers: PayloadImage['layers']
    }
    const config = await readFile(blob(m.config.digest))
    const diffIds = (JSON.parse(config.toString()) as { rootfs: { diff_ids: string[] } }).rootfs
      .diff_ids
    return {
      reference,
      manifest,
      manifestDigest: desc.digest,
      config,
      configDigest: m.config.digest,
      layers: m.layers,
      diffIds
    }
  }
}

interface Case {
  name: string
  /** service → [v1, v2] */
  services: [string, PayloadImage, PayloadImage][]
}

const COLUMNS: { label: string; store: DeviceStore; held?: 'registry' }[] = [
  { label: 'classic', store: 'classic' },
  { label: 'containerd', store: 'containerd' },
  { label: 'containerd, v1 pulled', store: 'containerd', held: 'registry' },
  { label: 'containerd-registry', store: 'containerd-registry' }
]

let k = 0
async function payloadSize(
  c: Case,
  column: (typeof COLUMNS)[number] | undefined,
  blobs: Blobs
): Promise<{ size: number; seconds: number }> {
  const n = ++k
  const project = join(OUT, `project-${n}`)
  await mkdir(project, { recursive: true })
  await writeFile(
    join(project, 'compose.yaml'),
    `services:\n${c.services.map(([s, , v2]) => `  ${s}:\n    image: ${v2.reference}\n`).join('')}`
  )
  const services: AppService[] = c.services.map(([name, v1, v2]) => ({
    name,
    next: v2,
    ...(column ? { current: column.held ? { ...v1, held: column.held } : v1 } : {})
  }))
  const outDir = join(OUT, `out-${n}`)
  await mkdir(outDir, { recursive: true })
  const t = performance.now()
  const p = await buildAppPayload({
    applicationName: 'bench',
    platform: 'linux/amd64',
    artifactName: 'v2',
    services,
    projectDirectory: project,
    composeFiles: ['compose.yaml'],
    deviceStore: column?.store ?? 'classic',
    blobs,
    engine: poolDeltaEngine(),
    outDir,
    workDir: join(OUT, `work-${n}`),
    log: silentLogger
  })
  const seconds = (performance.now() - t) / 1000
  const size = (await stat(p.files[0]!)).size
  await rm(outDir, { recursive: true, force: true })
  await rm(join(OUT, `work-${n}`), { recursive: true, force: true })
  return { size, seconds }
}

async function cases(blobs: Blobs): Promise<Case[]> {
  const out: Case[] = []
  const base = join(OUT, 'base.tar')
  // a shared lower layer of real files (~21 MiB): what a corpus pair's image sits on
  execFileSync('tar', [
    '--sort=name',
    '--mtime=@0',
    '--owner=0',
    '--group=0',
    '-cf',
    base,
    '-C',
    '/usr/share',
    'perl'
  ])
  const names = (await readdir(CORPUS).catch(() => [] as string[])).sort()
  for (const name of names) {
    const old = join(CORPUS, name, 'old.tar')
    const next = join(CORPUS, name, 'new.tar')
    const st = await stat(old).catch(() => undefined)
    if (!st || !(await stat(next).catch(() => undefined))) continue
    if (st.size > MAX_PAIR_MB * (1 << 20)) continue
    out.push({
      name,
      services: [
        [
          'app',
          await blobs.fromTars(`registry.example.com/${name}:1`, [base, old]),
          await blobs.fromTars(`registry.example.com/${name}:2`, [base, next])
        ]
      ]
    })
  }
  const shopDir = join(OUT, 'shop')
  const shop = new Map<string, PayloadImage>()
  for (const [svc, tag] of IMAGES) {
    const made = await makeImage(shopDir, svc, tag)
    shop.set(
      `${svc}:${tag}`,
      await blobs.fromLayout(made.dir, `registry.example.com/shop/${svc}:${tag}`)
    )
  }
  out.push({
    name: 'examples/shop (3 services)',
    services: [
      ['web', shop.get('web:1.0')!, shop.get('web:2.0')!],
      ['api', shop.get('api:1.0')!, shop.get('api:2.0')!],
      ['db', shop.get('db:16')!, shop.get('db:16')!]
    ]
  })
  if (LARGE) {
    const app = await makeLargeApp(join('bench', 'out', 'e2e', 'images'))
    const img = new Map<string, PayloadImage>()
    for (const [svc, tag, dir] of app.images)
      img.set(
        `${svc}:${tag}`,
        await blobs.fromLayout(dir, `registry.example.com/bigshop/${svc}:${tag}`)
      )
    out.push({
      name: `bigshop (3 services, ${(app.uniqueBytes / 2 ** 20).toFixed(0)} MiB)`,
      services: [
        ['web', img.get('web:1.0')!, img.get('web:2.0')!],
        ['api', img.get('api:1.0')!, img.get('api:2.0')!],
        ['db', img.get('db:16')!, img.get('db:16')!]
      ]
    })
  }
  return out.filter((c) => !ONLY || ONLY.some((o) => c.name.startsWith(o)))
}

async function main(): Promise<void> {
  await rm(OUT, { recursive: true, force: true })
  await mkdir(OUT, { recursive: true })
  const blobs = new Blobs(join(OUT, 'blobs'))
  const head = [
    'release v1 → v2',
    'full (containerd)',
    ...COLUMNS.map((c) => c.label),
    'containerd / classic',
    'pulled / classic',
    'registry / classic',
    'build s'
  ]
  const rows: string[][] = []
  let worst = 0
  for (const c of await cases(blobs)) {
    const full = await payloadSize(c, undefined, blobs)
    const sizes: number[] = []
    let seconds = full.seconds
    for (const col of COLUMNS) {
      const r = await payloadSize(c, col, blobs)
      sizes.push(r.size)
      seconds += r.seconds
    }
    const [classic, ours, pulled, registry] = sizes as [number, number, number, number]
    worst = Math.max(worst, ours / classic, pulled / classic)
    rows.push([
      c.name,
      formatBytes(full.size),
      ...sizes.map(formatBytes),
      (ours / classic).toFixed(3),
      (pulled / classic).toFixed(3),
      (registry / classic).toFixed(2),
      seconds.toFixed(1)
    ])
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(
    'images.tar.gz of the v2 delta artifact (gzip -6), the same releases for each device image store, one run.\n' +
      `Encoder: delta-encoder native (the default). Corpus: ${CORPUS} (pairs ≤ ${MAX_PAIR_MB} MB), top layer over a shared base.`
  )
  console.log(line(head))
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
  for (const r of rows) console.log(line(r))
  const ok = worst <= 1.1
  console.log(
    `containerd (both columns) / classic, worst row: ${worst.toFixed(3)} (goal ≤ 1.1): ${ok ? 'met' : 'MISSED'}`
  )
  if (!ok) process.exitCode = 1
}

await main()
