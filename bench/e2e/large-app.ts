// The benchmark's example app, three services v1 → v2, at a realistic size,
// generated from fixed seeds (the same bytes on every machine; owner and mtime
// fixed), not committed:
//
//   base     every image, same in v1 and v2: ~40 MiB of library-like files
//   web      base + runtime (~16 MiB of source-like text) + app layer that changes:
//            ~8 MiB of mixed files with every 16th file edited in v2
//   api      base + runtime (~12 MiB of text) + app layer that changes (as web)
//   db       base + ~12 MiB of binary-like files, the same image in v1 and v2
//
// Library-like and binary-like files repeat 64-byte blocks from a per-layer
// dictionary with some noise (they gzip about 2:1, as shared libraries do);
// text-like files are words from a fixed vocabulary.
//
// One platform (linux/amd64), gzip layers, OCI layouts.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { createGzip } from 'node:zlib'
import tar from 'tar-stream'
import { mulberry32 as prng } from '../../__tests__/helpers/seeded.js'

const MiB = 1024 * 1024
const MTIME = new Date('2024-01-01T00:00:00Z')
/** Version of the generated inputs: a change here makes the next run generate them again. */
const INPUTS = 'seeded-v1'

type Kind = 'binary' | 'text' | 'mixed'

interface FileEntry {
  path: string
  size: number
  mode: number
  kind: Kind
  seed: number
}

const WORDS = Array.from({ length: 512 }, (_, i) => {
  const r = prng(7000 + i)
  const n = 2 + Math.floor(r() * 9)
  return Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('')
})

/** The bytes of one generated file. */
function fileBytes(f: FileEntry, dictionary: Buffer[]): Buffer {
  const r = prng(f.seed)
  const kind = f.kind === 'mixed' ? (r() < 0.5 ? 'text' : 'binary') : f.kind
  const out = Buffer.alloc(f.size)
  let at = 0
  if (kind === 'text') {
    while (at < f.size) {
      const w = `${WORDS[Math.floor(r() * WORDS.length)]!}${r() < 0.1 ? '\n' : ' '}`
      at += out.write(w, at)
    }
    return out
  }
  while (at < f.size) {
    if (r() < 0.15) out[at++] = Math.floor(r() * 256)
    else at += dictionary[Math.floor(r() * dictionary.length)]!.copy(out, at)
  }
  return out
}

/** Generated files under `/prefix`, sorted, until `max` bytes (1 KiB – 256 KiB each). */
function generate(seed: number, prefix: string, kind: Kind, max: number): FileEntry[] {
  const r = prng(seed)
  const out: FileEntry[] = []
  let total = 0
  for (let i = 0; total < max; i++) {
    const size = Math.min(max - total, Math.floor(1024 * 2 ** (r() * 8)))
    out.push({
      path: `/${prefix}/${String(i).padStart(5, '0')}`,
      size,
      mode: 0o644,
      kind,
      seed: seed * 100_003 + i
    })
    total += size
  }
  return out
}

function dictionaryFor(seed: number): Buffer[] {
  const r = prng(seed ^ 0x5bd1e995)
  return Array.from({ length: 256 }, () =>
    Buffer.from(Array.from({ length: 64 }, () => Math.floor(r() * 256)))
  )
}

/** An uncompressed layer tar of `files` (named relative to `/`), edited by `edit` if given. */
async function filesTar(
  files: FileEntry[],
  out: string,
  edit?: (i: number, bytes: Buffer) => Buffer
): Promise<void> {
  const pack = tar.pack()
  const done = pipeline(pack, createWriteStream(out))
  const dictionary = dictionaryFor(files[0]?.seed ?? 0)
  for (const [i, f] of files.entries()) {
    let bytes: Buffer = fileBytes(f, dictionary)
    if (edit) bytes = edit(i, bytes)
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: relative('/', f.path), mode: f.mode, mtime: MTIME, uid: 0, gid: 0 },
        bytes,
        (err) => (err ? reject(err) : resolve())
      )
    )
  }
  pack.finalize()
  await done
}

/** A release of the app layer without the corpus: every 16th file edited in v2. */
const editV2 = (i: number, b: Buffer): Buffer =>
  i % 16 === 0 ? Buffer.concat([b.subarray(0, b.length >> 1), Buffer.from(`v2 ${i}\n`)]) : b

interface Blob {
  digest: string
  size: number
}

/** gzip (level 6, no name or mtime: stable bytes) into the layout, with digests of both sides. */
async function addLayer(layout: string, tarPath: string): Promise<{ blob: Blob; diffId: string }> {
  const raw = createHash('sha256')
  const gz = createHash('sha256')
  let size = 0
  const tmp = join(layout, 'blobs', 'sha256', 'tmp')
  await pipeline(
    createReadStream(tarPath),
    new Transform({
      transform(c: Buffer, _e, cb) {
        raw.update(c)
        cb(null, c)
      }
    }),
    createGzip({ level: 6 }),
    new Transform({
      transform(c: Buffer, _e, cb) {
        gz.update(c)
        size += c.length
        cb(null, c)
      }
    }),
    createWriteStream(tmp)
  )
  const hex = gz.digest('hex')
  await rename(tmp, join(layout, 'blobs', 'sha256', hex))
  return { blob: { digest: `sha256:${hex}`, size }, diffId: `sha256:${raw.digest('hex')}` }
}

async function addJson(layout: string, value: unknown): Promise<Blob> {
  const bytes = Buffer.from(JSON.stringify(value))
  const hex = createHash('sha256').update(bytes).digest('hex')
  await writeFile(join(layout, 'blobs', 'sha256', hex), bytes)
  return { digest: `sha256:${hex}`, size: bytes.length }
}

/** One OCI layout holding one linux/amd64 image of `layers` (uncompressed tars), tagged `tag`. */
async function writeImage(dir: string, tag: string, layers: string[], cmd: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true })
  const added = []
  for (const l of layers) added.push(await addLayer(dir, l))
  const config = await addJson(dir, {
    architecture: 'amd64',
    os: 'linux',
    created: MTIME.toISOString(),
    config: { Cmd: [cmd], Labels: { 'org.opencontainers.image.version': tag } },
    rootfs: { type: 'layers', diff_ids: added.map((a) => a.diffId) },
    history: added.map(() => ({ created: MTIME.toISOString(), created_by: `bench ${cmd} ${tag}` }))
  })
  const manifest = await addJson(dir, {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: added.map((a) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      ...a.blob
    }))
  })
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          platform: { os: 'linux', architecture: 'amd64' },
          annotations: { 'org.opencontainers.image.ref.name': tag }
        }
      ]
    })
  )
}

export interface LargeApp {
  /** [service, tag, OCI layout folder] of every image (db:16 serves both releases). */
  images: [string, string, string][]
  /** Uncompressed bytes of the v2 images' layers, counting the shared base once. */
  uniqueBytes: number
  /** Where the app layers' releases come from. */
  appSource: string
}

/** Writes the layouts under `out` (kept between bench runs: made once, ~1 min). */
export async function makeLargeApp(out: string): Promise<LargeApp> {
  const marker = join(out, `done-${INPUTS}.json`)
  if (existsSync(marker)) return JSON.parse(await readFile(marker, 'utf8')) as LargeApp
  const tars = join(out, 'tars')
  await mkdir(tars, { recursive: true })
  const t = (name: string) => join(tars, `${name}.tar`)
  await filesTar(generate(1, 'usr/lib', 'binary', 40 * MiB), t('base'))
  await filesTar(generate(2, 'usr/lib/python', 'text', 16 * MiB), t('web-runtime'))
  await filesTar(generate(3, 'usr/share/perl', 'text', 12 * MiB), t('api-runtime'))
  await filesTar(generate(4, 'usr/bin', 'binary', 12 * MiB), t('db'))
  const app = async (svc: string, seed: number): Promise<string> => {
    const files = generate(seed, `srv/${svc}`, 'mixed', 8 * MiB)
    await filesTar(files, t(`${svc}-app-1`))
    await filesTar(files, t(`${svc}-app-2`), editV2)
    return `${svc}: 8 MiB generated (seed ${seed}), every 16th file edited`
  }
  const sources = [await app('web', 5), await app('api', 6)]
  const images: [string, string, string][] = []
  const image = async (svc: string, tag: string, layers: string[]) => {
    const dir = join(out, 'layouts', `${svc}-${tag}`)
    await writeImage(dir, tag, layers.map(t), `/usr/bin/${svc}`)
    images.push([svc, tag, dir])
  }
  await image('web', '1.0', ['base', 'web-runtime', 'web-app-1'])
  await image('web', '2.0', ['base', 'web-runtime', 'web-app-2'])
  await image('api', '1.0', ['base', 'api-runtime', 'api-app-1'])
  await image('api', '2.0', ['base', 'api-runtime', 'api-app-2'])
  await image('db', '16', ['base', 'db'])
  let uniqueBytes = 0
  for (const n of ['base', 'web-runtime', 'web-app-2', 'api-runtime', 'api-app-2', 'db'])
    uniqueBytes += (await lstat(t(n))).size
  await rm(tars, { recursive: true, force: true })
  const result: LargeApp = { images, uniqueBytes, appSource: sources.join('; ') }
  await writeFile(marker, JSON.stringify(result))
  return result
}

/** The compose file of release v1 or v2 (images from `${REGISTRY}`). */
export function largeCompose(release: 'v1' | 'v2'): string {
  const tag = release === 'v1' ? '1.0' : '2.0'
  return [
    'name: bigshop',
    'services:',
    '  web:',
    `    image: \${REGISTRY}/bigshop/web:${tag}`,
    '    depends_on: [api]',
    '  api:',
    `    image: \${REGISTRY}/bigshop/api:${tag}`,
    '    depends_on: [db]',
    '  db:',
    '    image: ${REGISTRY}/bigshop/db:16',
    ''
  ].join('\n')
}
