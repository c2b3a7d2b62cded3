import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import tar from 'tar-stream'
import type { BlobStore, PayloadImage } from '../../src/payload/index.js'

/**
 * A small OCI image layout writer for tests: layers from {path: bytes} maps,
 * gzip blobs as a registry serves them, configs with diff IDs, and
 * multi-platform indexes (umoci cannot write arm/v7 variants, spec §3.3).
 */
export type Files = Record<string, Uint8Array | string>

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** Deterministic pseudo-random bytes, text-like so layers compress and delta like real files. */
export function content(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size)
  let h = createHash('sha256').update(seed).digest()
  for (let i = 0; i < size; i += 32) {
    for (let j = 0; j < 32 && i + j < size; j++) out[i + j] = 97 + (h[j]! % 26)
    if ((i / 32) % 3 === 0 && i + 31 < size) out[i + 31] = 10
    h = createHash('sha256').update(h).digest()
  }
  return out
}

export async function layerTar(files: Files): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  pack.on('data', (c: unknown) => {
    chunks.push(c as Buffer)
  })
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()))
  const dirs = new Set<string>()
  for (const path of Object.keys(files).sort()) {
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/') + '/'
      if (!dirs.has(d)) {
        dirs.add(d)
        pack.entry({ name: d, type: 'directory', mtime: new Date(0), mode: 0o755 })
      }
    }
    const data = files[path]!
    pack.entry({ name: path, mtime: new Date(0), mode: 0o644 }, Buffer.from(data))
  }
  pack.finalize()
  await done
  return Buffer.concat(chunks)
}

export class OciLayout implements BlobStore {
  constructor(readonly dir: string) {}

  blobPath(digest: string): string {
    return join(this.dir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''))
  }

  async put(data: Uint8Array): Promise<string> {
    const digest = `sha256:${sha(data)}`
    await mkdir(join(this.dir, 'blobs', 'sha256'), { recursive: true })
    await writeFile(this.blobPath(digest), data)
    return digest
  }

  /** An image of `layers` (each a files map) for one platform, as a registry would hold it. */
  async image(
    reference: string,
    layers: Files[],
    platform = { os: 'linux', architecture: 'amd64' } as {
      os: string
      architecture: string
      variant?: string
    }
  ): Promise<PayloadImage> {
    const descs = []
    const diffIds = []
    for (const files of layers) {
      const raw = await layerTar(files)
      diffIds.push(`sha256:${sha(raw)}`)
      const gz = gzipSync(raw, { level: 6 })
      descs.push({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: await this.put(gz),
        size: gz.length
      })
    }
    const config = Buffer.from(
      JSON.stringify({
        ...platform,
        config: { Cmd: ['/bin/sh'] },
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: layers.map(() => ({ created_by: 'test' }))
      })
    )
    return this.putImage(reference, config, descs, diffIds)
  }

  /** Stores the config and an OCI manifest over `layers`; returns the image as the builders take it. */
  async putImage(
    reference: string,
    config: Buffer,
    layers: PayloadImage['layers'],
    diffIds: string[]
  ): Promise<PayloadImage> {
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

  /** Names single-platform images in index.json (`oci:DIR:TAG`), as umoci or skopeo would. */
  async tag(tags: Record<string, PayloadImage>): Promise<void> {
    await writeFile(join(this.dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
    await writeFile(
      join(this.dir, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: Object.entries(tags).map(([tag, image]) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: image.manifestDigest,
          size: image.manifest.length,
          annotations: { 'org.opencontainers.image.ref.name': tag }
        }))
      })
    )
  }

  /** A multi-platform index over per-platform images; returns its digest. */
  async index(
    images: { image: PayloadImage; platform: Record<string, string> }[]
  ): Promise<string> {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: images.map(({ image, platform }) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: image.manifestDigest,
          size: image.manifest.length,
          platform
        }))
      })
    )
    const digest = await this.put(index)
    await writeFile(join(this.dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
    await writeFile(
      join(this.dir, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.index.v1+json',
            digest,
            size: index.length,
            annotations: { 'org.opencontainers.image.ref.name': 'multi' }
          }
        ]
      })
    )
    return digest
  }
}

/** Picks one platform's image out of a multi-platform index in the layout (what issue 5's resolveImage does). */
export async function selectPlatform(
  layout: OciLayout,
  indexDigest: string,
  reference: string,
  want: { architecture: string; variant?: string }
): Promise<PayloadImage> {
  const { readFile } = await import('node:fs/promises')
  const index = JSON.parse(await readFile(layout.blobPath(indexDigest), 'utf8')) as {
    manifests: { digest: string; platform: { architecture: string; variant?: string } }[]
  }
  const m = index.manifests.find(
    (x) => x.platform.architecture === want.architecture && x.platform.variant === want.variant
  )
  if (!m) throw new Error('platform not in index')
  const manifest = await readFile(layout.blobPath(m.digest))
  const parsed = JSON.parse(manifest.toString()) as {
    config: { digest: string }
    layers: { digest: string; size: number; mediaType: string }[]
  }
  const config = await readFile(layout.blobPath(parsed.config.digest))
  const diffIds = (JSON.parse(config.toString()) as { rootfs: { diff_ids: string[] } }).rootfs
    .diff_ids
  return {
    reference,
    manifest,
    manifestDigest: m.digest,
    config,
    configDigest: parsed.config.digest,
    layers: parsed.layers,
    diffIds
  }
}
