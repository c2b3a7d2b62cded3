import {
  ContentStore,
  RegistryClient,
  dockerCredentials,
  openImageSource,
  parseReference,
  parsePlatform,
  pullImage,
  referenceName,
  type ResolvedImage
} from '../../oci/index.js'
import { UserError } from '../../util/errors.js'
import type { Logger } from '../../util/log.js'
import type { FetchedImage, FetchResult, FetchStage } from '../stages.js'
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
  return async ({ options, plan, target }) => {
    const store = await ContentStore.open(options.cacheDir, { log: state.log })
    const client = new RegistryClient({
      log: state.log,
      credentials: dockerCredentials({ env: options.composeEnv, log: state.log })
    })
    await refreshBasesFromCache(options, plan, target, state)
    const counts: Counts = { blobsFetched: 0, bytesFetched: 0, blobsReused: 0 }
    const services: FetchResult['services'] = []
    try {
      for (const svc of plan.services) {
        const source = options.serviceImages[svc.name] ?? state.source(svc.image.reference)
        const next = await pull(source, target.platform, { store, client, log: state.log }, counts)
        const base = state.bases.get(RunState.key(target.platform, svc.name))
        let current: ResolvedImage | undefined
        if (base?.manifestDigest && base.reference) {
          const from = pinnedSource(state.source(base.reference), base.manifestDigest)
          current = await pull(from, target.platform, { store, client, log: state.log }, counts)
          if (current.manifestDigest !== base.manifestDigest)
            throw new UserError(
              `service '${svc.name}': the previous image ${from} is ${current.manifestDigest}, but the previous release recorded ${base.manifestDigest}`,
              {
                hint: 'the image source changed since that release; build a full artifact with delta: off'
              }
            )
        }
        state.fetched.set(RunState.key(target.platform, svc.name), {
          nextReference: svc.image.reference,
          next,
          ...(current ? { current } : {})
        })
        services.push({
          name: svc.name,
          image: fetchedImage(svc.image.reference, next),
          ...(current && base?.reference ? { previous: fetchedImage(base.reference, current) } : {})
        })
      }
    } finally {
      await client.close()
    }
    return { platform: target.platform, services, ...counts }
  }
}

async function pull(
  source: string,
  platform: string,
  deps: { store: ContentStore; client: RegistryClient; log: Logger },
  counts: Counts
): Promise<ResolvedImage> {
  const src = await openImageSource(source, deps)
  try {
    const p = parsePlatform(platform)
    const resolved = await src.resolve(p)
    const seen = new Set<string>()
    for (const l of resolved.layers) {
      if (seen.has(l.digest)) continue
      seen.add(l.digest)
      if (await deps.store.hasBlob(l)) counts.blobsReused++
      else {
        counts.blobsFetched++
        counts.bytesFetched += l.size
      }
    }
    const pulled = await pullImage(src, p, { store: deps.store, log: deps.log })
    return pulled.resolved
  } finally {
    await src.close()
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
