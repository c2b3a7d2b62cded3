import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createHash } from 'node:crypto'
import zlib from 'node:zlib'
import { UserError } from '../util/errors.js'
import { digestHex } from './digest.js'
import { tarMemberPaths } from './tar-members.js'
import { FingerprintCache } from '../delta/similarity/stored-fingerprint.js'
import type { BlobStore, LayerDescriptor } from './image.js'

/** Decompressor for a layer media type; zstd needs a Node with zlib zstd (22.15+). */
function decompressorFor(mediaType: string): Transform | undefined {
  if (/tar$/.test(mediaType) && !/gzip|zstd/.test(mediaType)) return undefined
  if (/gzip/.test(mediaType)) return zlib.createGunzip()
  if (/zstd/.test(mediaType)) {
    const make = (zlib as unknown as { createZstdDecompress?: () => Transform })
      .createZstdDecompress
    if (!make)
      throw new UserError(`layer media type ${mediaType} needs zstd, which this Node lacks`, {
        hint: 'run on Node ≥ 22.15, or push the image with gzip layers'
      })
    return make()
  }
  throw new UserError(`unsupported layer media type ${mediaType}`, {
    hint: 'only tar, tar+gzip and tar+zstd layers can be delta-encoded'
  })
}

/**
 * Keeps the uncompressed layer tars, named by diff ID, that the classic store's
 * `docker save` holds: decompressing a registry blob reproduces those exact
 * bytes, checked against the config's diff ID before use.
 */
export class LayerCache {
  private readonly memberPaths = new Map<string, Promise<Map<string, number>>>()
  /** Content fingerprints of layer tars, kept in the store beside their member lists. */
  readonly fingerprints: FingerprintCache

  constructor(
    private readonly dir: string,
    private readonly blobs: BlobStore
  ) {
    this.fingerprints = new FingerprintCache(blobs)
  }

  /**
   * Member paths of a layer tar, read once per build, and kept in the store
   * (when it keeps records) under the tar's diff ID, so a later build of the
   * same layers does not parse the tars again.
   */
  members(tarPath: string): Promise<Map<string, number>> {
    let m = this.memberPaths.get(tarPath)
    if (!m) {
      m = this.storedMembers(tarPath)
      this.memberPaths.set(tarPath, m)
    }
    return m
  }

  private async storedMembers(tarPath: string): Promise<Map<string, number>> {
    // layer tars here and in the store are named by the sha256 of their bytes
    const id = /^([0-9a-f]{64})(?:\.tar)?$/.exec(basename(tarPath))?.[1]
    const { getResolved, putResolved } = this.blobs
    if (!id || !getResolved || !putResolved) return tarMemberPaths(tarPath)
    const key = `layer-members/v1 sha256:${id}`
    const kept = await getResolved.call(this.blobs, key).catch(() => undefined)
    if (kept && Array.isArray(kept.value)) return new Map(kept.value as [string, number][])
    const members = await tarMemberPaths(tarPath)
    await putResolved.call(this.blobs, key, [...members]).catch(() => {})
    return members
  }

  private readonly made = new Map<string, Promise<string>>()

  /** The uncompressed tar of `layer`; callers asking for one diff ID at once share one job. */
  uncompressed(layer: LayerDescriptor, diffId: string): Promise<string> {
    let p = this.made.get(diffId)
    if (!p) {
      p = this.makeUncompressed(layer, diffId)
      this.made.set(diffId, p)
      p.catch(() => this.made.delete(diffId))
    }
    return p
  }

  /**
   * `uncompressed`, hashed against the diff ID before its bytes feed an
   * output (a delta's source or target, a whole layer): a tar the store
   * trusted by its marker is hashed once in this process, and one that no
   * longer hashes to its ID is made again from the blob. Planning reads
   * sizes, member lists and fingerprints only, so it takes `uncompressed`
   * and a build whose deltas all come from the cache hashes nothing.
   */
  async forOutput(layer: LayerDescriptor, diffId: string): Promise<string> {
    const path = await this.uncompressed(layer, diffId)
    // a tar this process made from the blob was hashed on its way to disk
    if (!this.blobs.hasLayerTar || path !== this.blobs.layerTarPath?.(diffId)) return path
    if (await this.blobs.hasLayerTar(diffId, { forOutput: true })) return path
    // dropped by the store as changed: make it again from the blob
    this.made.delete(diffId)
    return this.uncompressed(layer, diffId)
  }

  private async makeUncompressed(layer: LayerDescriptor, diffId: string): Promise<string> {
    // the content store may already hold it (hashed by forOutput before it feeds an output)
    if (this.blobs.hasLayerTar && this.blobs.layerTarPath && (await this.blobs.hasLayerTar(diffId)))
      return this.blobs.layerTarPath(diffId)
    const out = join(this.dir, digestHex(diffId))
    if (await exists(out)) return out
    await mkdir(this.dir, { recursive: true })
    const tmp = `${out}.${process.pid}.tmp`
    const hash = createHash('sha256')
    const tee = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk)
        cb(null, chunk)
      }
    })
    const decompress = decompressorFor(layer.mediaType)
    const src = createReadStream(this.blobs.blobPath(layer.digest))
    try {
      if (decompress) await pipeline(src, decompress, tee, createWriteStream(tmp))
      else await pipeline(src, tee, createWriteStream(tmp))
    } catch (err) {
      await rm(tmp, { force: true })
      await this.blobs.forgetBlob?.(layer.digest, 'it does not decompress')
      throw new UserError(`layer ${layer.digest} could not be decompressed`, {
        cause: err,
        hint: 'the stored blob was corrupt and is dropped: run the build again to fetch it'
      })
    }
    const got = `sha256:${hash.digest('hex')}`
    if (got !== diffId) {
      await rm(tmp, { force: true })
      await this.blobs.forgetBlob?.(layer.digest, `it decompresses to ${got}, not ${diffId}`)
      throw new UserError(
        `layer ${layer.digest} decompresses to ${got}, but the image config says ${diffId}`,
        { hint: 'the stored blob was corrupt and is dropped: run the build again to fetch it' }
      )
    }
    await rename(tmp, out)
    return out
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

export { tarMemberPaths }
