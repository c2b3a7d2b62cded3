import { open, readFile, rm } from 'node:fs/promises'
import { join, resolve as resolvePath } from 'node:path'
import { UserError } from '../../util/errors.js'
import { walkImage } from '../image-walk.js'
import { sha256Digest, type Descriptor } from '../manifest.js'
import { MediaType } from '../media-types.js'
import type { Platform } from '../platform.js'
import { formatReference, parseReference } from '../reference.js'
import type { ImageSource, ResolvedImage, SourceKind } from '../resolved.js'
import { hashFile, type ContentStore } from '../store.js'
import { extractImageArchive, safeEntryPath } from './extract.js'
import { copyBlobIntoStore } from './local-blob.js'

interface SaveEntry {
  Config: string
  RepoTags?: string[] | null
  Layers: string[]
}

async function layerMediaType(file: string): Promise<string> {
  const fh = await open(file, 'r')
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0)
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return MediaType.ociLayerGzip
    if (bytesRead === 4 && buffer.readUInt32LE(0) === 0xfd2fb528) return MediaType.ociLayerZstd
    return MediaType.ociLayer
  } finally {
    await fh.close()
  }
}

/**
 * `docker-archive:FILE[:REF]`: what `docker save` writes (legacy layout,
 * Docker ≥ 25 OCI-in-tar, or the containerd store's compressed blobs). The
 * archive's manifest.json is read; an OCI manifest is made for the image, so
 * its manifest digest is ours, not a registry's.
 */
export class DockerArchiveSource implements ImageSource {
  readonly reference: string
  private dir: string | undefined
  private readonly files = new Map<string, string>()

  constructor(
    private readonly file: string,
    private readonly wanted: string | undefined,
    private readonly store: ContentStore,
    readonly kind: SourceKind = 'docker-archive',
    reference?: string,
    private readonly removeFileOnClose = false
  ) {
    this.reference = reference ?? `docker-archive:${resolvePath(file)}${wanted ? `:${wanted}` : ''}`
  }

  private async unpacked(): Promise<string> {
    if (!this.dir) {
      const dir = this.store.tempPath('archive')
      this.dir = dir
      await extractImageArchive(this.file, dir).catch(async (err: unknown) => {
        // a half-unpacked archive is of no use to anyone
        this.dir = undefined
        await rm(dir, { recursive: true, force: true })
        throw err
      })
    }
    return this.dir
  }

  private pick(entries: SaveEntry[]): SaveEntry {
    if (!this.wanted) {
      if (entries.length === 1) return entries[0]!
      throw new UserError(
        `${this.reference}: the archive holds ${entries.length} images; name one`,
        {
          hint: `write docker-archive:FILE:REF with one of: ${entries.flatMap((e) => e.RepoTags ?? []).join(', ') || '(untagged)'}`
        }
      )
    }
    const want = formatReference(parseReference(this.wanted))
    const found = entries.find((e) =>
      (e.RepoTags ?? []).some((t) => formatReference(parseReference(t)) === want)
    )
    if (!found) {
      throw new UserError(`${this.reference}: no image tagged ${this.wanted} in the archive`, {
        hint: `it has: ${entries.flatMap((e) => e.RepoTags ?? []).join(', ') || '(untagged images)'}`
      })
    }
    return found
  }

  async resolve(platform: Platform): Promise<ResolvedImage> {
    const dir = await this.unpacked()
    let entries: SaveEntry[]
    try {
      entries = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as SaveEntry[]
    } catch {
      throw new UserError(
        `${this.reference}: not a docker save archive (no readable manifest.json)`
      )
    }
    const entry = this.pick(entries)
    const configFile = safeEntryPath(dir, entry.Config, this.file)
    const configBytes = await readFile(configFile)
    const configDigest = sha256Digest(configBytes)
    const diffIds =
      (JSON.parse(configBytes.toString('utf8')) as { rootfs?: { diff_ids?: string[] } }).rootfs
        ?.diff_ids ?? []
    await this.store.putBlobBytes(configDigest, configBytes)
    const layers: Descriptor[] = []
    for (const [i, name] of entry.Layers.entries()) {
      const path = safeEntryPath(dir, name, this.file)
      const mediaType = await layerMediaType(path)
      const named = /blobs\/sha256\/([a-f0-9]{64})$/.exec(name)
      let digest: string
      let size: number
      if (named) {
        digest = `sha256:${named[1]}`
        size = (await hashFile(path)).size
      } else if (mediaType === MediaType.ociLayer && diffIds[i]) {
        digest = diffIds[i]!
        size = (await hashFile(path)).size
      } else {
        ;({ digest, size } = await hashFile(path))
      }
      this.files.set(digest, path)
      layers.push({ mediaType, digest, size })
    }
    const manifestBytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: configDigest, size: configBytes.length },
        layers
      })
    )
    const manifestDigest = sha256Digest(manifestBytes)
    await this.store.putBlobBytes(manifestDigest, manifestBytes)
    return walkImage(
      {
        kind: this.kind,
        reference: this.reference,
        manifest: async () => ({ bytes: manifestBytes }),
        config: async () => configBytes
      },
      { bytes: manifestBytes, mediaType: MediaType.ociManifest, digest: manifestDigest },
      platform
    )
  }

  fetchBlob(desc: Descriptor, onBytes?: (n: number) => void): Promise<string> {
    const file = this.files.get(desc.digest)
    if (!file) throw new UserError(`${this.reference}: the archive has no blob ${desc.digest}`)
    return copyBlobIntoStore(this.store, file, desc, onBytes)
  }

  async close(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
    if (this.removeFileOnClose) await rm(this.file, { force: true })
  }
}
