import {
  ContentStore,
  RegistryClient,
  openImageSource,
  parseReference,
  parsePlatform,
  pullImage,
  referenceName,
  type ImageSource,
  type Platform,
  type ResolvedImage
} from '../../oci/index.js'
import { mapLimit } from '../../util/map-limit.js'
import { UserError } from '../../util/errors.js'
import type { Logger } from '../../util/log.js'
import type { FetchedImage, FetchResult, FetchStage } from '../stages.js'
import type { Session } from './session.js'

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
 * content store (the folder the cache keeps), each by the digest the plan
 * resolved or chose, so what is shipped is what the plan (and the cache key)
 * describes. Blobs already there (restored cache, earlier run, a layer shared
 * with another service) are counted as reused; only the others travel.
 */
export function fetchStage(session: Session): FetchStage {
  return async ({ options, plan, target }) => {
    const { store, client } = await session.open(options)
    const log = session.log
    const counts: Counts = { blobsFetched: 0, bytesFetched: 0, blobsReused: 0 }
    const deps = { store, client, log }
    const p = parsePlatform(target.platform)
    const opened: OpenedImage[] = []
    const services: FetchResult['services'] = []
    try {
      // resolve every image first (manifests and configs are small), then pull
      // all their layers at once: the services' downloads, decompressions and
      // hashes overlap instead of running one image after the other
      // one open source per image, however many services run it
      const sources = new Map<string, Promise<OpenedImage>>()
      const open = (source: string): Promise<OpenedImage> => {
        let o = sources.get(source)
        if (!o) {
          o = openResolved(source, p, deps, opened)
          sources.set(source, o)
        }
        return o
      }
      const wanted = await mapLimit(plan.services, IMAGES_AT_ONCE, async (svc) => {
        const planned = svc.image.manifests[target.platform]
        if (!planned)
          throw new Error(`service ${svc.name} has no image planned for ${target.platform}`)
        const source = pinnedSource(
          options.serviceImages[svc.name] ?? session.source(svc.image.reference),
          planned
        )
        const baseDigest = svc.previous?.manifests[target.platform]
        const base =
          svc.previous && baseDigest
            ? { reference: svc.previous.reference, manifestDigest: baseDigest }
            : undefined
        const from = base
          ? pinnedSource(session.source(base.reference), base.manifestDigest)
          : undefined
        const next = await open(source)
        const current = from ? await open(from) : undefined
        return { svc, planned, source, base, from, next, current }
      })
      // counted in service order as pulling one image after the other would:
      // a blob an earlier image of this run brings is reused by a later one
      const seen = new Set<string>()
      for (const w of wanted)
        for (const img of w.current ? [w.next, w.current] : [w.next])
          await countBlobs(img.resolved, store, seen, counts)
      // each image pulled once; the services share the result
      const images = wanted.flatMap((w) => (w.current ? [w.next, w.current] : [w.next]))
      const unique = [...new Set(images)]
      const pulledOnce = await mapLimit(
        unique,
        IMAGES_AT_ONCE,
        async (img) => (await pullImage(img.src, p, { store, log })).resolved
      )
      const at = new Map(unique.map((img, i) => [img, i]))
      const pulled = images.map((img) => pulledOnce[at.get(img)!]!)
      let k = 0
      for (const { svc, planned, source, base, from, current: cur } of wanted) {
        const next = pulled[k++]!
        const current = cur ? pulled[k++]! : undefined
        if (next.manifestDigest !== planned)
          throw new UserError(
            `service '${svc.name}': the image ${source} is ${next.manifestDigest} now, but the plan resolved ${planned}`,
            { hint: 'the image source changed during the build; run it again' }
          )
        if (current && current.manifestDigest !== base?.manifestDigest)
          throw new UserError(
            `service '${svc.name}': the previous image ${from} is ${current.manifestDigest}, but the previous release recorded ${base?.manifestDigest}`,
            {
              hint: 'the image source changed since that release; build a full artifact with delta: off'
            }
          )
        services.push({
          name: svc.name,
          image: fetchedImage(svc.image.reference, next),
          ...(current && base
            ? {
                previous: {
                  ...fetchedImage(base.reference, current),
                  ...(svc.previous?.held?.[target.platform]
                    ? { held: svc.previous.held[target.platform] }
                    : {})
                }
              }
            : {})
        })
      }
    } finally {
      await Promise.all(opened.map((o) => o.src.close()))
    }
    return { platform: target.platform, services, ...counts }
  }
}

/**
 * Images pulled at once (each pulls up to 4 layers at once): every image of a
 * typical app. With fewer lanes than images, an image past them waits for a
 * lane, that is for the layers it shares with the first ones (a base layer)
 * to be downloaded and unpacked, before its own layers start.
 */
const IMAGES_AT_ONCE = 8

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
    })),
    diffIds: r.diffIds
  }
}
