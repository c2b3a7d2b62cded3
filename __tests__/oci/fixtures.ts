import { createHash, randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'

const sha = (b: Uint8Array | string): string =>
  `sha256:${createHash('sha256').update(b).digest('hex')}`

export interface Blob {
  digest: string
  bytes: Buffer
  mediaType: string
}

export interface TestImage {
  manifest: Buffer
  manifestDigest: string
  manifestMediaType: string
  config: Blob
  layers: (Blob & { diffId: string; tar: Buffer })[]
  platform: { os: string; architecture: string; variant?: string }
}

/** A tar of `files` (name → content), deterministic headers. */
export async function makeTar(files: Record<string, Buffer | string>): Promise<Buffer> {
  const p = pack()
  const chunks: Buffer[] = []
  p.on('data', (c: unknown) => chunks.push(c as Buffer))
  const done = new Promise<void>((r) => p.on('end', () => r()))
  for (const [name, content] of Object.entries(files)) {
    p.entry({ name, mtime: new Date(0), mode: 0o644 }, Buffer.from(content))
  }
  p.finalize()
  await done
  return Buffer.concat(chunks)
}

/**
 * An image built in memory: gzip layers of random files, a config with the
 * right diff_ids, an OCI or Docker schema 2 manifest.
 */
export async function makeImage(opts: {
  platform?: { os: string; architecture: string; variant?: string }
  layerSizes?: number[]
  docker?: boolean
  seed?: string
  /** Each layer's files, instead of random data of `layerSizes`. */
  files?: Record<string, Buffer | string>[]
}): Promise<TestImage> {
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' }
  const docker = opts.docker ?? false
  const layers: TestImage['layers'] = []
  const contents =
    opts.files ??
    (opts.layerSizes ?? [20_000, 5_000]).map((size, i) => ({
      [`layer${i}/data.bin`]: randomBytes(size),
      [`layer${i}/id.txt`]: `${opts.seed ?? ''} ${platform.architecture} ${i}\n`
    }))
  for (const files of contents) {
    const tar = await makeTar(files)
    const gz = gzipSync(tar)
    layers.push({
      digest: sha(gz),
      bytes: gz,
      diffId: sha(tar),
      tar,
      mediaType: docker
        ? 'application/vnd.docker.image.rootfs.diff.tar.gzip'
        : 'application/vnd.oci.image.layer.v1.tar+gzip'
    })
  }
  const configBytes = Buffer.from(
    JSON.stringify({
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) }
    })
  )
  const config: Blob = {
    digest: sha(configBytes),
    bytes: configBytes,
    mediaType: docker
      ? 'application/vnd.docker.container.image.v1+json'
      : 'application/vnd.oci.image.config.v1+json'
  }
  const manifestMediaType = docker
    ? 'application/vnd.docker.distribution.manifest.v2+json'
    : 'application/vnd.oci.image.manifest.v1+json'
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: { mediaType: config.mediaType, digest: config.digest, size: config.bytes.length },
      layers: layers.map((l) => ({
        mediaType: l.mediaType,
        digest: l.digest,
        size: l.bytes.length
      }))
    })
  )
  return { manifest, manifestDigest: sha(manifest), manifestMediaType, config, layers, platform }
}

export function makeIndex(images: TestImage[]): {
  bytes: Buffer
  digest: string
  mediaType: string
} {
  const mediaType = 'application/vnd.oci.image.index.v1+json'
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      manifests: [
        ...images.map((i) => ({
          mediaType: i.manifestMediaType,
          digest: i.manifestDigest,
          size: i.manifest.length,
          platform: i.platform
        })),
        // a BuildKit-style attestation entry must be skipped
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: images[0]!.manifestDigest,
          size: images[0]!.manifest.length,
          platform: { architecture: 'unknown', os: 'unknown' },
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
        }
      ]
    })
  )
  return { bytes, digest: sha(bytes), mediaType }
}

/** Pushes through the registry API only (spec §3.5): POST upload, PUT ?digest=, PUT manifest. */
export class Pusher {
  constructor(
    private readonly base: string,
    private readonly authHeader?: (repo: string) => Promise<string | undefined>
  ) {}

  private async headers(
    repo: string,
    extra: Record<string, string> = {}
  ): Promise<Record<string, string>> {
    const a = await this.authHeader?.(repo)
    return a ? { ...extra, authorization: a } : extra
  }

  async blob(repo: string, b: { digest: string; bytes: Buffer }): Promise<void> {
    const post = await fetch(`${this.base}/v2/${repo}/blobs/uploads/`, {
      method: 'POST',
      headers: await this.headers(repo)
    })
    if (post.status !== 202) throw new Error(`upload POST ${post.status}: ${await post.text()}`)
    const loc = new URL(post.headers.get('location')!, this.base)
    loc.searchParams.set('digest', b.digest)
    const put = await fetch(loc, {
      method: 'PUT',
      body: b.bytes,
      headers: await this.headers(repo, { 'content-type': 'application/octet-stream' })
    })
    if (put.status !== 201) throw new Error(`upload PUT ${put.status}: ${await put.text()}`)
  }

  async manifest(repo: string, ref: string, bytes: Buffer, mediaType: string): Promise<string> {
    const put = await fetch(`${this.base}/v2/${repo}/manifests/${ref}`, {
      method: 'PUT',
      body: bytes,
      headers: await this.headers(repo, { 'content-type': mediaType })
    })
    if (put.status !== 201) throw new Error(`manifest PUT ${put.status}: ${await put.text()}`)
    return put.headers.get('docker-content-digest')!
  }

  async image(repo: string, tag: string | undefined, img: TestImage): Promise<string> {
    for (const l of img.layers) await this.blob(repo, l)
    await this.blob(repo, img.config)
    return this.manifest(repo, tag ?? img.manifestDigest, img.manifest, img.manifestMediaType)
  }

  /** A multi-platform index: each image by digest, then the index under `tag`. */
  async index(repo: string, tag: string, images: TestImage[]): Promise<string> {
    for (const img of images) await this.image(repo, undefined, img)
    const idx = makeIndex(images)
    return this.manifest(repo, tag, idx.bytes, idx.mediaType)
  }
}

export const basicAuth = (user: string, pass: string): string =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
