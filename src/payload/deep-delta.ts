import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { shippedManifest, type ArchiveLayer } from './image-archive.js'
import { encodeAll, type DeltaEngine, type EncodeJob, type EncodeResult } from '../delta/engine.js'
import { gzipSize } from '../delta/gzip-size.js'
import { digestHex, sha256File } from './digest.js'
import { planDeepDelta, type LayerChoice, type LayerFacts } from '../delta/layer-pairing.js'
import { imageId, type BlobStore, type DeviceStore, type PayloadImage } from './image.js'
import type { LayerCache } from './layers.js'
import { pairingOf, type LayerPairing } from '../delta/similarity/pairing-report.js'

export interface LayerOutcome {
  index: number
  digest: string
  choice: LayerChoice['kind']
  /** Index of the current layer the delta decodes against. */
  source?: number
  /**
   * The current layer the planner paired it with and why (also when its delta
   * lost to the full layer); absent without a current image.
   */
  pairing?: LayerPairing
  fullSize: number
  shippedSize: number
}

export interface DeepDeltaContext {
  store: DeviceStore
  blobs: BlobStore
  cache: LayerCache
  engine: DeltaEngine
  workDir: string
  log: Logger
}

/**
 * A layer as the device's store holds it: its name there (`.source` names
 * it), and the file whose bytes a delta is encoded from or to.
 */
export interface DeviceLayer {
  /** The layer file's name in the device's `docker image save` (blobs/sha256/<hex>). */
  digest: string
  /** What the planner compares: the diff ID, or the stored digest when deltas work on stored bytes. */
  contentId: string
  /** The bytes a delta is made against (as a source) or decodes to (as a target). */
  path: string
  size: number
  mediaType: string
  /** False when the device's xdelta3 cannot read this layer as a delta source (zstd). */
  usable: boolean
}

const UNCOMPRESSED_LAYER = 'application/vnd.oci.image.layer.v1.tar'

/** Compressions xdelta3 undoes on a source by itself (`gzip -dc`): gzip, not zstd. */
function xdelta3Reads(mediaType: string): boolean {
  return !/zstd/.test(mediaType)
}

/**
 * The layer files `docker save` yields on a device with `store`, reproduced
 * from the registry blobs. `asCurrent`: the image the device has now, held as
 * `image.held` says (containerd store); otherwise the image we ship.
 * Every mode but `containerd-registry` encodes on the uncompressed tars:
 * a current layer the device holds gzipped is decompressed by the device's
 * xdelta3 before decoding (its external `gzip -dc`, so not with `-D`).
 */
export async function deviceLayers(
  image: PayloadImage,
  store: DeviceStore,
  blobs: BlobStore,
  cache: LayerCache,
  asCurrent = false
): Promise<DeviceLayer[]> {
  if (image.layers.length !== image.diffIds.length)
    throw new UserError(
      `${image.reference}: ${image.layers.length} layers but ${image.diffIds.length} diff IDs in its config`
    )
  return Promise.all(
    image.layers.map(async (layer, i) => {
      if (store === 'containerd-registry') {
        const path = blobs.blobPath(layer.digest)
        const hex = await sha256File(path)
        if (hex !== digestHex(layer.digest))
          throw new UserError(`blob ${layer.digest} of ${image.reference} is corrupt on disk`)
        const { digest, size, mediaType } = layer
        return { digest, contentId: digest, path, size, mediaType, usable: true }
      }
      const diffId = image.diffIds[i]!
      const path = await cache.uncompressed(layer, diffId)
      const size = (await stat(path)).size
      if (store === 'containerd' && asCurrent && image.held === 'registry')
        return {
          digest: layer.digest,
          contentId: diffId,
          path,
          size,
          mediaType: layer.mediaType,
          usable: xdelta3Reads(layer.mediaType)
        }
      return {
        digest: diffId,
        contentId: diffId,
        path,
        size,
        mediaType: UNCOMPRESSED_LAYER,
        usable: true
      }
    })
  )
}

/**
 * The image ID the device gives `image` once it holds it (`asCurrent`: as it
 * holds it now): on the `containerd` store, for the images we ship, the digest
 * of the manifest over the uncompressed layers, which needs their sizes.
 */
export async function deviceImageId(
  image: PayloadImage,
  store: DeviceStore,
  blobs: BlobStore,
  cache: LayerCache,
  asCurrent = false
): Promise<string> {
  if (store !== 'containerd' || (asCurrent && image.held === 'registry'))
    return imageId(image, store)
  const layers = await deviceLayers(image, store, blobs, cache)
  return digestHex(shippedManifest(image, layers).digest)
}

/** What one image's deep delta needs encoded, planned before any encode runs. */
export interface DeepDeltaWork {
  next: PayloadImage
  target: DeviceLayer[]
  source: DeviceLayer[]
  /** Per new layer: which current layer it decodes against; absent without a current image. */
  plan?: LayerChoice[]
  /** The pairs to encode, in layer order (two for a layer whose best two sources are close). */
  jobs: Array<{ index: number; source: number; job: EncodeJob }>
}

/**
 * The layers of `next` for its `image.img`: whole when there is no current
 * image, else per-layer deltas against the device's current layers, chosen by
 * content. Each delta is decoded once and checked against the expected digest
 * before it is kept; a delta that gzips no smaller than the layer's registry
 * blob is replaced by the layer.
 */
export async function deepDeltaLayers(
  next: PayloadImage,
  current: PayloadImage | undefined,
  ctx: DeepDeltaContext
): Promise<{ layers: ArchiveLayer[]; outcomes: LayerOutcome[] }> {
  const work = await planDeepDeltaWork(next, current, ctx)
  return finishDeepDelta(
    work,
    await encodeAll(
      ctx.engine,
      work.jobs.map((j) => j.job)
    ),
    ctx
  )
}

/** Reproduces the device's layers of both images and plans which pairs to encode. */
export async function planDeepDeltaWork(
  next: PayloadImage,
  current: PayloadImage | undefined,
  ctx: DeepDeltaContext
): Promise<DeepDeltaWork> {
  const target = await deviceLayers(next, ctx.store, ctx.blobs, ctx.cache)
  if (!current) return { next, target, source: [], jobs: [] }
  const source = await deviceLayers(current, ctx.store, ctx.blobs, ctx.cache, true)
  const plan = planDeepDelta(
    await layerFacts(next, target, ctx, source),
    await layerFacts(current, source, ctx, target, true)
  )
  const dir = join(ctx.workDir, 'deltas', digestHex(next.manifestDigest))
  await mkdir(dir, { recursive: true })
  const jobs: DeepDeltaWork['jobs'] = []
  for (const [index, choice] of plan.entries()) {
    if (choice.kind === 'full') continue
    // a close runner-up is encoded too; the smaller delta is kept
    const sources =
      choice.kind === 'delta' && choice.alternate !== undefined
        ? [choice.source, choice.alternate]
        : [choice.source]
    for (const [k, s] of sources.entries()) {
      // hashed only where the encode reads them: not a cached delta, not an unchanged layer
      const reads = !(await ctx.engine.holds?.(source[s]!.contentId, target[index]!.contentId))
      jobs.push({
        index,
        source: s,
        job: {
          sourcePath: reads ? await outputPath(current, s, source[s]!, ctx) : source[s]!.path,
          targetPath: reads
            ? await outputPath(next, index, target[index]!, ctx)
            : target[index]!.path,
          outputPath: join(dir, k === 0 ? `${index}.vcdiff` : `${index}.${s}.vcdiff`),
          label: `${next.reference} layer ${index + 1}/${target.length}${k === 0 ? '' : ', against its runner-up base'}`
        }
      })
    }
  }
  return { next, target, source, plan, jobs }
}

/** The layer file, hashed against its ID before its bytes feed the payload. */
async function outputPath(
  image: PayloadImage,
  i: number,
  layer: DeviceLayer,
  ctx: DeepDeltaContext
): Promise<string> {
  // stored blobs on the containerd-registry store were hashed when listed
  if (ctx.store === 'containerd-registry') return layer.path
  return ctx.cache.forOutput(image.layers[i]!, image.diffIds[i]!)
}

/** Checks each encoded delta and assembles the image's layers; `results` in `work.jobs` order. */
export async function finishDeepDelta(
  work: DeepDeltaWork,
  results: readonly EncodeResult[],
  ctx: DeepDeltaContext
): Promise<{ layers: ArchiveLayer[]; outcomes: LayerOutcome[] }> {
  const { next, target, source } = work
  const encoded = await smallestPerLayer(work.jobs, results)
  const layers: ArchiveLayer[] = []
  const outcomes: LayerOutcome[] = []
  for (const [index, t] of target.entries()) {
    const full = async (): Promise<void> => {
      layers.push({
        digest: t.digest,
        size: t.size,
        mediaType: t.mediaType,
        content: { kind: 'full', path: await outputPath(next, index, t, ctx) }
      })
      outcomes.push({
        index,
        digest: t.digest,
        choice: 'full',
        ...(work.plan ? { pairing: pairingOf(work.plan[index]) } : {}),
        fullSize: t.size,
        shippedSize: t.size
      })
    }
    const e = encoded.get(index)
    if (!e) {
      await full()
      continue
    }
    const what = `${next.reference} layer ${index}`
    const deltaPath = e.job.outputPath
    // the payload is gzip: a delta is worth it only if it gzips smaller than the
    // layer does, and the registry blob is that layer gzipped (or zstd'd)
    const blobSize = next.layers[index]!.size
    const gz = e.result.gzipSize ?? (await gzipSize(deltaPath))
    if (e.result.size >= t.size || gz >= blobSize) {
      ctx.log.debug(`${what}: delta ${gz} B gzipped ≥ blob ${blobSize} B, shipping the layer`)
      await rm(deltaPath, { force: true })
      await full()
      continue
    }
    const s = source[e.source]!
    if (e.result.decodedDigest !== undefined) checkDecoded(e.result.decodedDigest, t.digest, what)
    else await verifyDelta(ctx.engine, e.job.sourcePath, deltaPath, t.digest, what)
    layers.push({
      digest: t.digest,
      size: t.size,
      mediaType: t.mediaType,
      content: { kind: 'delta', deltaPath, sourceHex: digestHex(s.digest) }
    })
    outcomes.push({
      index,
      digest: t.digest,
      choice: work.plan![index]!.kind,
      source: e.source,
      pairing: pairingOf(work.plan![index], e.source),
      fullSize: t.size,
      shippedSize: e.result.size
    })
  }
  return { layers, outcomes }
}

/**
 * Per layer, the job whose delta gzips smallest (a layer has two when its two
 * best sources were estimated close); the other deltas are deleted.
 */
async function smallestPerLayer(
  jobs: DeepDeltaWork['jobs'],
  results: readonly EncodeResult[]
): Promise<Map<number, DeepDeltaWork['jobs'][number] & { result: EncodeResult }>> {
  const best = new Map<
    number,
    DeepDeltaWork['jobs'][number] & { result: EncodeResult; gz: number }
  >()
  for (const [k, job] of jobs.entries()) {
    const result = results[k]!
    const gz = result.gzipSize ?? (await gzipSize(job.job.outputPath))
    const kept = best.get(job.index)
    if (kept && kept.gz <= gz) {
      await rm(job.job.outputPath, { force: true })
      continue
    }
    if (kept) await rm(kept.job.outputPath, { force: true })
    best.set(job.index, { ...job, result: { ...result, gzipSize: gz }, gz })
  }
  return best
}

/** The delta's decoding (by our decoder, in the engine) must be the layer the device will check. */
function checkDecoded(got: string, expectedDigest: string, what: string): void {
  if (got !== expectedDigest)
    throw new UserError(
      `${what}: the delta decodes to ${got}, expected ${expectedDigest}; refusing to package it`,
      { hint: 'the delta encoder is broken or a layer file changed during the build' }
    )
}

/** Decodes the delta with our decoder and compares the result with the digest the device will check. */
export async function verifyDelta(
  engine: DeltaEngine,
  sourcePath: string,
  deltaPath: string,
  expectedDigest: string,
  what: string
): Promise<void> {
  if (engine.checked?.(deltaPath, expectedDigest)) return
  const out = `${deltaPath}.check`
  try {
    await engine.decode({ sourcePath, deltaPath, outputPath: out })
    const got = await sha256File(out)
    if (got !== digestHex(expectedDigest))
      throw new UserError(
        `${what}: the delta decodes to sha256:${got}, expected ${expectedDigest}; refusing to package it`,
        { hint: 'the delta encoder is broken or a layer file changed during the build' }
      )
  } catch (err) {
    if (err instanceof UserError && err.message.startsWith(what)) throw err
    throw new UserError(`${what}: the delta does not decode: ${(err as Error).message}`, {
      cause: err,
      hint: 'the delta encoder is broken or a layer file changed during the build'
    })
  } finally {
    await rm(out, { force: true })
  }
}

/**
 * Member lists are read only where the planner may use them: not for a new
 * layer whose diff ID the current image has (it pairs with that layer), and
 * not for the current image at all when every new layer is paired so; reading
 * them means parsing every tar, which costs more than the rest of a build
 * whose layers are mostly unchanged. Content fingerprints (a whole read of the
 * tar, then kept in the store) are taken of the new layers that need a source
 * and of the current layers the new image does not keep as they are.
 */
async function layerFacts(
  image: PayloadImage,
  device: DeviceLayer[],
  ctx: DeepDeltaContext,
  other: DeviceLayer[],
  isCurrent = false
): Promise<LayerFacts[]> {
  const otherIds = new Set(other.map((l) => l.contentId))
  const ids = new Set(device.map((l) => l.contentId))
  const anyUnpaired = other.some((l) => !ids.has(l.contentId))
  const facts: LayerFacts[] = []
  for (const [i, layer] of image.layers.entries()) {
    const d = device[i]!
    if (!d.usable) {
      // a source the device cannot decode from: matches nothing, shares nothing
      facts.push({ diffId: `unusable:${i}`, members: new Map() })
      continue
    }
    const kept = otherIds.has(d.contentId)
    const needed = isCurrent ? anyUnpaired : !kept
    if (!needed) {
      facts.push({ diffId: d.contentId, members: new Map() })
      continue
    }
    // member paths and content come from the uncompressed tar whatever the store ships
    const tarPath = await ctx.cache.uncompressed(layer, image.diffIds[i]!)
    facts.push({
      diffId: d.contentId,
      members: await ctx.cache.members(tarPath),
      ...(kept ? {} : { fingerprint: await ctx.cache.fingerprints.of(tarPath) })
    })
  }
  return facts
}
