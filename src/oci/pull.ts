import { silentLogger, type Logger } from '../util/log.js'
import { UserError } from '../util/errors.js'
import { layerCompression } from './media-types.js'
import type { Platform } from './platform.js'
import { limiter, PullProgress } from './progress.js'
import type { ImageSource, ResolvedImage } from './resolved.js'
import type { ContentStore } from './store.js'

export interface PullOptions {
  store: ContentStore
  log?: Logger
  /** Parallel layer downloads (default 4). */
  concurrency?: number
  /** Also make the uncompressed layer tars (by diff ID); default true. */
  layerTars?: boolean
  progress?: PullProgress
}

export interface PulledImage {
  resolved: ResolvedImage
  /** Compressed blobs in the store, by layer index. */
  layerBlobPaths: string[]
  /** Uncompressed layer tars, by layer index (when layerTars). */
  layerTarPaths: string[]
}

/**
 * Resolves and fetches an image into the store: config, every layer blob
 * (verified, in parallel up to `concurrency`, shared blobs fetched once) and
 * the uncompressed tar of each layer checked against rootfs.diff_ids.
 */
export async function pullImage(
  source: ImageSource,
  platform: Platform,
  opts: PullOptions
): Promise<PulledImage> {
  const log = opts.log ?? silentLogger
  const store = opts.store
  const resolved = await source.resolve(platform)
  const progress = opts.progress ?? new PullProgress(log)
  const limit = limiter(opts.concurrency ?? 4)
  const wantTars = opts.layerTars !== false
  const missing = await Promise.all(resolved.layers.map(async (l) => !(await store.hasBlob(l))))
  resolved.layers.forEach((l, i) => missing[i] && progress.expect(l.size))
  const cached = missing.filter((m) => !m).length
  if (cached)
    log.info(
      `${resolved.reference}: ${cached} of ${resolved.layers.length} layers already in the content store`
    )
  try {
    const results = await Promise.all(
      resolved.layers.map((layer, i) =>
        limit(async () => {
          const label = `${resolved.reference} layer ${i + 1}/${resolved.layers.length} ${layer.digest.slice(7, 19)}`
          let blobPath: string
          if (missing[i]) {
            const p = progress.start(label, layer.size)
            try {
              blobPath = await source.fetchBlob(layer, p.bytes)
            } finally {
              p.finish()
            }
          } else {
            blobPath = await source.fetchBlob(layer)
          }
          let tarPath = ''
          if (wantTars) {
            const compression = layerCompression(layer.mediaType)
            if (!compression) {
              throw new UserError(
                `${resolved.reference}: layer ${layer.digest} has the unsupported media type ${layer.mediaType}`
              )
            }
            tarPath = await store.ensureLayerTar(layer, compression, resolved.diffIds[i]!)
          }
          return { blobPath, tarPath }
        })
      )
    )
    return {
      resolved,
      layerBlobPaths: results.map((r) => r.blobPath),
      layerTarPaths: wantTars ? results.map((r) => r.tarPath) : []
    }
  } finally {
    if (!opts.progress) progress.stopTimer()
  }
}
