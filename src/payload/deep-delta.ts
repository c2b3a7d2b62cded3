import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import type { ArchiveLayer } from './image-archive.js'
import type { DeltaEngine } from './delta-engine.js'
import { digestHex, sha256File } from './digest.js'
import { planDeepDelta, type LayerChoice, type LayerFacts } from './deep-delta-plan.js'
import type { BlobStore, DeviceStore, PayloadImage } from './image.js'
import type { LayerCache } from './layers.js'

export interface LayerOutcome {
  index: number
  digest: string
  choice: LayerChoice['kind']
  /** Index of the current layer the delta decodes against. */
  source?: number
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

/** A layer as the device's store holds it: its name there and the file with those bytes. */
interface DeviceLayer {
  digest: string
  path: string
  size: number
  mediaType: string
}

const CLASSIC_LAYER = 'application/vnd.oci.image.layer.v1.tar'

/** The layer files `docker save` yields on a device with `store`, reproduced from the registry blobs. */
export async function deviceLayers(
  image: PayloadImage,
  store: DeviceStore,
  blobs: BlobStore,
  cache: LayerCache
): Promise<DeviceLayer[]> {
  if (image.layers.length !== image.diffIds.length)
    throw new UserError(
      `${image.reference}: ${image.layers.length} layers but ${image.diffIds.length} diff IDs in its config`
    )
  return Promise.all(
    image.layers.map(async (layer, i) => {
      if (store === 'containerd') {
        const path = blobs.blobPath(layer.digest)
        const hex = await sha256File(path)
        if (hex !== digestHex(layer.digest))
          throw new UserError(`blob ${layer.digest} of ${image.reference} is corrupt on disk`)
        return { digest: layer.digest, path, size: layer.size, mediaType: layer.mediaType }
      }
      const diffId = image.diffIds[i]!
      const path = await cache.uncompressed(layer, diffId)
      return { digest: diffId, path, size: (await stat(path)).size, mediaType: CLASSIC_LAYER }
    })
  )
}

/**
 * The layers of `next` for its `image.img`: whole when there is no current
 * image, else per-layer deltas against the device's current layers, chosen by
 * content. Each delta is decoded once and checked against the expected digest
 * before it is kept; a delta no smaller than the layer is replaced by the layer.
 */
export async function deepDeltaLayers(
  next: PayloadImage,
  current: PayloadImage | undefined,
  ctx: DeepDeltaContext
): Promise<{ layers: ArchiveLayer[]; outcomes: LayerOutcome[] }> {
  const target = await deviceLayers(next, ctx.store, ctx.blobs, ctx.cache)
  const full = (l: DeviceLayer): ArchiveLayer => ({
    digest: l.digest,
    size: l.size,
    mediaType: l.mediaType,
    content: { kind: 'full', path: l.path }
  })
  if (!current) {
    return {
      layers: target.map(full),
      outcomes: target.map((l, index) => ({
        index,
        digest: l.digest,
        choice: 'full',
        fullSize: l.size,
        shippedSize: l.size
      }))
    }
  }
  const source = await deviceLayers(current, ctx.store, ctx.blobs, ctx.cache)
  const plan = planDeepDelta(
    await layerFacts(next, target, ctx, source),
    await layerFacts(current, source, ctx, target, true)
  )
  const dir = join(ctx.workDir, 'deltas', digestHex(next.manifestDigest))
  await mkdir(dir, { recursive: true })
  const layers: ArchiveLayer[] = []
  const outcomes: LayerOutcome[] = []
  const shipFull = (t: DeviceLayer, index: number): void => {
    layers.push(full(t))
    outcomes.push({
      index,
      digest: t.digest,
      choice: 'full',
      fullSize: t.size,
      shippedSize: t.size
    })
  }
  for (const [index, choice] of plan.entries()) {
    const t = target[index]!
    if (choice.kind === 'full') {
      shipFull(t, index)
      continue
    }
    const s = source[choice.source]!
    const deltaPath = join(dir, `${index}.vcdiff`)
    const { size } = await ctx.engine.encode({
      sourcePath: s.path,
      targetPath: t.path,
      outputPath: deltaPath
    })
    if (size >= t.size) {
      ctx.log.debug(`${next.reference} layer ${index}: delta ${size} B ≥ layer ${t.size} B, full`)
      await rm(deltaPath, { force: true })
      shipFull(t, index)
      continue
    }
    await verifyDelta(ctx.engine, s.path, deltaPath, t.digest, `${next.reference} layer ${index}`)
    layers.push({
      digest: t.digest,
      size: t.size,
      mediaType: t.mediaType,
      content: { kind: 'delta', deltaPath, sourceHex: digestHex(s.digest) }
    })
    outcomes.push({
      index,
      digest: t.digest,
      choice: choice.kind,
      source: choice.source,
      fullSize: t.size,
      shippedSize: size
    })
  }
  return { layers, outcomes }
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
 * whose layers are mostly unchanged.
 */
async function layerFacts(
  image: PayloadImage,
  device: DeviceLayer[],
  ctx: DeepDeltaContext,
  other: DeviceLayer[],
  isCurrent = false
): Promise<LayerFacts[]> {
  const otherIds = new Set(other.map((l) => l.digest))
  const ids = new Set(device.map((l) => l.digest))
  const anyUnpaired = other.some((l) => !ids.has(l.digest))
  const facts: LayerFacts[] = []
  for (const [i, layer] of image.layers.entries()) {
    const needed = isCurrent ? anyUnpaired : !otherIds.has(device[i]!.digest)
    if (!needed) {
      facts.push({ diffId: device[i]!.digest, members: new Map() })
      continue
    }
    // member paths come from the uncompressed tar whatever the store ships
    const tarPath = await ctx.cache.uncompressed(layer, image.diffIds[i]!)
    facts.push({ diffId: device[i]!.digest, members: await ctx.cache.members(tarPath) })
  }
  return facts
}
