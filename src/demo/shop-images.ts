/**
 * The example app's images (examples/shop), v1 and v2, as OCI image layouts
 * written without Docker: deterministic layers (same bytes on every machine,
 * so digests and delta sizes are reproducible), each an index over three
 * platforms. Used by the demo, the tests, the benchmark and
 * examples/shop/push-images.sh (through `mender-compose demo --images-only`).
 *
 * v1 → v2: web changes its app layer a little (a delta ships a few KiB), api
 * changes its app layer and adds a layer (one delta, one full), db stays the
 * same (every layer reused).
 */
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import tar from 'tar-stream'

export interface Platform {
  os: string
  architecture: string
  variant?: string
}

type Files = Record<string, Buffer>

export const PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 'arm', variant: 'v7' }
]

const MTIME = new Date('2024-01-01T00:00:00Z')

/** xorshift32: the same pseudo-random bytes everywhere. */
function bytes(seed: string, length: number): Buffer {
  let x = 2463534242 ^ [...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    // Half the bytes from a small alphabet: compressible like real binaries, not like noise.
    out[i] = i % 2 ? x & 0xff : 0x41 + (x % 8)
  }
  return out
}

/** A layer tar from {path: Buffer}, deterministic (sorted, fixed owner and mtime). */
async function layerTar(files: Files): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (c: unknown) => chunks.push(c as Buffer))
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', () => resolve())
    pack.on('error', reject)
  })
  const dirs = new Set<string>()
  for (const path of Object.keys(files).sort()) {
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/')
      if (dirs.has(dir)) continue
      dirs.add(dir)
      pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: MTIME, uid: 0, gid: 0 })
    }
    pack.entry({ name: path, mode: 0o644, mtime: MTIME, uid: 0, gid: 0 }, files[path]!)
  }
  pack.finalize()
  await done
  return Buffer.concat(chunks)
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

/** The files of each layer of each image, by platform. */
function layersOf(service: string, tag: string, platform: Platform): Files[] {
  const p = `${platform.architecture}${platform.variant ?? ''}`
  const base: Files = {
    'bin/busybox': bytes(`base-${p}`, 768 * 1024),
    'etc/os-release': Buffer.from(`ID=shopos\nARCH=${p}\n`)
  }
  const layers = [base]
  if (service === 'web') {
    const site = bytes(`web-site-${p}`, 256 * 1024)
    if (tag === '2.0') site.write('<h1>Shop v2: now with a basket</h1>', 4096)
    layers.push({
      'srv/www/index.html': Buffer.from(`<h1>Shop ${tag}</h1>\n`),
      'srv/www/app.bin': site
    })
  } else if (service === 'api') {
    layers.push({ 'usr/lib/api/deps.bin': bytes(`api-deps-${p}`, 384 * 1024) })
    const app = bytes(`api-app-${p}`, 192 * 1024)
    if (tag === '2.0') app.write('api v2 handler table', 1000)
    layers.push({ 'usr/bin/api': app, 'etc/api/version': Buffer.from(`${tag}\n`) })
    if (tag === '2.0')
      layers.push({ 'usr/share/api/reports.bin': bytes(`api-reports-${p}`, 64 * 1024) })
  } else if (service === 'db') {
    layers.push({ 'usr/bin/db': bytes(`db-${p}`, 512 * 1024) })
  }
  return layers
}

async function writeBlob(dir: string, buf: Buffer): Promise<{ digest: string; size: number }> {
  const digest = sha(buf)
  await writeFile(join(dir, 'blobs', 'sha256', digest.slice(7)), buf)
  return { digest, size: buf.length }
}

/** One OCI layout with an index over PLATFORMS, tagged `tag`. */
export async function makeImage(
  outDir: string,
  service: string,
  tag: string
): Promise<{ service: string; tag: string; dir: string; digest: string }> {
  const dir = join(outDir, `${service}-${tag}`)
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true })
  const manifests: object[] = []
  for (const platform of PLATFORMS) {
    const layers: object[] = []
    const diffIds: string[] = []
    for (const files of layersOf(service, tag, platform)) {
      const raw = await layerTar(files)
      diffIds.push(sha(raw))
      // level 6 and no name/mtime in the gzip header: stable bytes.
      layers.push({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        ...(await writeBlob(dir, gzipSync(raw, { level: 6 })))
      })
    }
    const config = Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        created: MTIME.toISOString(),
        config: {
          Cmd: [`/usr/bin/${service === 'web' ? 'httpd' : service}`],
          Labels: { 'org.opencontainers.image.version': tag }
        },
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: diffIds.map(() => ({
          created: MTIME.toISOString(),
          created_by: `example ${service} ${tag}`
        }))
      })
    )
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          ...(await writeBlob(dir, config))
        },
        layers
      })
    )
    manifests.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      ...(await writeBlob(dir, manifest)),
      platform
    })
  }
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests
    })
  )
  const top = await writeBlob(dir, index)
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.index.v1+json',
          ...top,
          annotations: { 'org.opencontainers.image.ref.name': tag }
        }
      ]
    })
  )
  return { service, tag, dir, digest: top.digest }
}

/** The example's images: [service, tag] pairs of v1 and v2 (db:16 is in both). */
export const IMAGES: [string, string][] = [
  ['web', '1.0'],
  ['web', '2.0'],
  ['api', '1.0'],
  ['api', '2.0'],
  ['db', '16']
]
