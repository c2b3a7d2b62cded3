import {
  ContentStore,
  layerCompression,
  RegistryClient,
  dockerCredentials,
  openImageSource,
  parseReference,
  parsePlatform,
  pullImage,
  referenceName,
  type ImageSource,
  type Platform,
  type ResolvedImage
} from '../../oci/index.js'
import { limiter } from '../../oci/progress.js'
import { UserError } from '../../util/errors.js'
import type { Logger } from '../../util/log.js'
import type { FetchedImage, FetchedService, FetchResult, FetchStage } from '../stages.js'
import { prewarmForEarlyPairs } from './delta.js'
import { refreshBasesFromCache } from './plan.js'
import { RunState } from './run-state.js'

const TRANSPORTS = /^(oci|oci-archive|docker-archive|docker-daemon):/

/** A registry reference is pulled by the recorded digest; a local source is checked against it. */
export function pinnedSource(source: string, manifestDigest: string): string {
  if (TRANSPORTS.test(source)) return source
  const ref = parseReference(source.replace(/^docker:\/\//, ''))
  return `${referenceName(ref)}@${manifestDigest}`
}

interface Counts {
  blobsFetched: number
  bytesFetched: number
  blobsReused: number
}

/**
 * fetch: every new image, and the base image of every service, into the
 * content store (the folder the cache keeps). Blobs already there (restored
 * cache, earlier run, a layer shared with another service) are counted as
 * reused; only the others travel.
 */
export function fetchStage(state: RunState): FetchStage {
  return async ({ options, plan, target, onLayerPair }) => {
    const store = await ContentStore.open(options.cacheDir, { log: state.log })
    const client = new RegistryClient({
      log: state.log,
      credentials: dockerCredentials({ env: options.composeEnv, log: state.log })
    })
    await refreshBasesFromCache(options, plan, target, state)
    const counts: Counts = { blobsFetched: 0, bytesFetched: 0, blobsReused: 0 }
    const deps = { store, client, log: state.log }
    const p = parsePlatform(target.platform)
    const opened: OpenedImage[] = []
    const services: FetchResult['services'] = []
    try {
      // resolve every image first (manifests and configs are small), then pull
      // all their layers at once: the services' downloads, decompressions and
      // hashes overlap instead of running one image after the other
      const wanted = await Promise.all(
        plan.services.map(async (svc) => {
          const source = options.serviceImages[svc.name] ?? state.source(svc.image.reference)
          const base = state.bases.get(RunState.key(target.platform, svc.name))
          const from =
            base?.manifestDigest && base.reference
              ? pinnedSource(state.source(base.reference), base.manifestDigest)
              : undefined
          const next = await openResolved(source, p, deps, opened)
          const current = from ? await openResolved(from, p, deps, opened) : undefined
          return { svc, base, from, next, current }
        })
      )
      // counted in service order as pulling one image after the other would:
      // a blob an earlier image of this run brings is reused by a later one
      const seen = new Set<string>()
      for (const w of wanted)
        for (const img of w.current ? [w.next, w.current] : [w.next])
          await countBlobs(img.resolved, store, seen, counts)
      // the likely delta pairs first, each announced as soon as its two layers are in
      // the store (their encodes start while the rest pulls); the store fetches each
      // blob and makes each tar once, whoever asks for it first
      if (onLayerPair)
        await prewarmForEarlyPairs(
          state,
          options,
          target.platform,
          wanted.flatMap((w) =>
            earlyPairs(w.next.resolved, w.current?.resolved).map((i) => ({
              sourceDiffId: w.current!.resolved.diffIds[i]!,
              targetDiffId: w.next.resolved.diffIds[i]!
            }))
          )
        )
      const early = onLayerPair
        ? wanted.flatMap((w) =>
            earlyPairs(w.next.resolved, w.current?.resolved).map(async (i) => {
              await Promise.all([layerTar(w.current!, i, store), layerTar(w.next, i, store)])
              onLayerPair({
                service: w.svc.name,
                index: i,
                sourceDiffId: w.current!.resolved.diffIds[i]!,
                targetDiffId: w.next.resolved.diffIds[i]!
              })
            })
          )
        : []
      // a failure there is the pull's to report
      const earlyDone = Promise.allSettled(early)
      const limit = limiter(IMAGES_AT_ONCE)
      const pull = (img: OpenedImage) =>
        limit(async () => (await pullImage(img.src, p, { store, log: state.log })).resolved)
      const settled = await Promise.allSettled(
        wanted.map(async ({ svc, base, from, next: n, current: c }) => {
          const [next, current] = await Promise.all([pull(n), c ? pull(c) : undefined])
          if (current && current.manifestDigest !== base?.manifestDigest)
            throw new UserError(
              `service '${svc.name}': the previous image ${from} is ${current.manifestDigest}, but the previous release recorded ${base?.manifestDigest}`,
              {
                hint: 'the image source changed since that release; build a full artifact with delta: off'
              }
            )
          state.fetched.set(RunState.key(target.platform, svc.name), {
            nextReference: svc.image.reference,
            next,
            ...(current ? { current } : {})
          })
          const service: FetchedService = {
            name: svc.name,
            image: fetchedImage(svc.image.reference, next),
            ...(current && base?.reference
              ? { previous: fetchedImage(base.reference, current) }
              : {})
          }
          return service
        })
      )
      await earlyDone
      // every pull has settled (none still writes to the store): the first failure, in service order
      for (const r of settled) if (r.status === 'rejected') throw r.reason
      for (const r of settled) if (r.status === 'fulfilled') services.push(r.value)
    } finally {
      await Promise.all(opened.map((o) => o.src.close()))
      await client.close()
    }
    return { platform: target.platform, services, ...counts }
  }
}

/**
 * Images pulled at once (each pulls up to 4 layers at once): every image of a
 * typical app. With 4, the images past the fourth waited for a lane, that is
 * for the layers shared with the first ones (a base layer) to be downloaded
 * and unpacked, before their own layers started.
 */
const IMAGES_AT_ONCE = 8

/**
 * Indexes of the layers of `next` that a delta against `current` will most
 * likely encode: changed in place (another diff ID at the same index), not a
 * layer `current` has anywhere (that one ships as a copy).
 */
export function earlyPairs(next: ResolvedImage, current: ResolvedImage | undefined): number[] {
  if (!current || current.manifestDigest === next.manifestDigest) return []
  const had = new Set(current.diffIds)
  return next.diffIds.flatMap((id, i) => (i < current.diffIds.length && !had.has(id) ? [i] : []))
}

/** Layer `i` of `img` as an uncompressed tar in the store (fetched and made once, shared with the pull). */
async function layerTar(img: OpenedImage, i: number, store: ContentStore): Promise<string> {
  const layer = img.resolved.layers[i]!
  const compression = layerCompression(layer.mediaType)
  if (!compression) throw new UserError(`unsupported layer media type ${layer.mediaType}`)
  await img.src.fetchBlob(layer)
  return store.ensureLayerTar(layer, compression, img.resolved.diffIds[i]!)
}

interface OpenedImage {
  src: ImageSource
  resolved: ResolvedImage
}

/** Opens `source` (closed by the caller through `opened`) and resolves it for `platform`. */
async function openResolved(
  source: string,
  platform: Platform,
  deps: { store: ContentStore; client: RegistryClient; log: Logger },
  opened: OpenedImage[]
): Promise<OpenedImage> {
  const src = await openImageSource(source, deps)
  const o = { src, resolved: undefined as unknown as ResolvedImage }
  opened.push(o)
  o.resolved = await src.resolve(platform)
  return o
}

/** Counts the layers of `resolved` as fetched (not in the store, not seen this run) or reused. */
async function countBlobs(
  resolved: ResolvedImage,
  store: ContentStore,
  seen: Set<string>,
  counts: Counts
): Promise<void> {
  const mine = new Set<string>()
  for (const l of resolved.layers) {
    if (mine.has(l.digest)) continue
    mine.add(l.digest)
    if (seen.has(l.digest)) counts.blobsReused++
    else if (await store.hasBlob(l)) counts.blobsReused++
    else {
      counts.blobsFetched++
      counts.bytesFetched += l.size
    }
    seen.add(l.digest)
  }
}

function fetchedImage(reference: string, r: ResolvedImage): FetchedImage {
  return {
    reference,
    manifestDigest: r.manifestDigest,
    configDigest: r.configDigest,
    layers: r.layers.map((l, i) => ({
      digest: l.digest,
      diffId: r.diffIds[i] ?? '',
      size: l.size,
      mediaType: l.mediaType
    }))
  }
}
