import { mkdir, rm } from 'node:fs/promises'
import { artifactFileName } from '../artifact-file-name.js'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { prewarmWorkers } from '../../delta/pool.js'
import {
  lzmaDeltaEngine,
  poolDeltaEngine,
  portableDeltaEngine,
  type DeltaEngine
} from '../../delta/engine.js'
import {
  buildAppPayload,
  buildComposeModulePayload,
  payloadImageFromStore,
  type AppService,
  type ImageReport,
  type ManifestsSource
} from '../../payload/index.js'
import type { BuildOptions, DeltaEncoder } from '../options.js'
import type {
  DeltaStage,
  FetchedImage,
  FetchResult,
  Plan,
  LayerPairingNote,
  LayerPayload,
  ServicePayload
} from '../stages.js'
import type { Session } from './session.js'
import { cachedDeltaEngine } from '../../delta/cached-engine.js'
import { EncodeProgress } from '../../delta/progress.js'
import { describePairing, type LayerPairing } from '../../delta/similarity/pairing-report.js'
import { formatBytes } from '../../util/format.js'
import type { Logger } from '../../util/log.js'
import { VERSION } from '../../version.js'

/** The encoder and its settings, as the delta cache keys them. */
export function engineId(encoder: DeltaEncoder): string {
  const name = encoder === 'native' ? 'native (dense index)' : encoder
  return `${name}, mender-compose ${VERSION}`
}

/**
 * The user's `delta-encoder`. `native` (the default) depends on nothing
 * installed on the runner, so the same inputs give the same artifact
 * everywhere; `best` and `lzma` need the xdelta3 binary.
 */
function encoderEngine(encoder: DeltaEncoder, session: Session): DeltaEngine {
  const concurrency = session.opts.deltaConcurrency
  const opts = {
    log: session.log,
    // per-layer bytes, rate and time left while the encodes run (inside the Delta log group)
    progress: new EncodeProgress(session.log),
    ...(concurrency ? { concurrency } : {})
  }
  if (encoder === 'best') return portableDeltaEngine(opts)
  if (encoder === 'lzma') return lzmaDeltaEngine(undefined, concurrency)
  return poolDeltaEngine(opts)
}

/**
 * On the containerd store, a base nobody recorded is taken to be held as the
 * registry serves it (compressed layers under the registry's manifest); a
 * device that got it from one of our `containerd` artifacts holds it
 * uncompressed under another image ID, and refuses the deltas. Said before
 * the encodes, with what makes the record found.
 */
function warnUnrecordedContainerdBase(
  options: BuildOptions,
  plan: Plan,
  platform: string,
  fetched: FetchResult,
  log: Logger
): void {
  if (options.deviceImageStore !== 'containerd' || options.module === 'docker-compose') return
  if (!plan.previous || plan.previous.platforms.includes(platform)) return
  if (!fetched.services.some((s) => s.previous)) return
  const release = plan.previous.artifactName ?? plan.previous.ref
  log.warn(
    `${platform}: no record of the previous release ${release} was found (not on the Mender server, not in the cache), so its images are taken to be on the containerd-store devices as the registry serves them. Devices that got them from an artifact built with device-image-store: containerd will refuse this delta ("… which this device does not hold"): name the previous artifact (previous-artifact-name) with the Mender server reachable, or keep the cache, so its record is found; or ship this release with delta: off once`,
    { title: 'Delta base without a release record' }
  )
}

/**
 * delta: the module payload (App Update Module deep deltas, or the
 * docker-compose module's full images) over the images fetched for one
 * platform.
 */
export function deltaStage(session: Session): DeltaStage {
  return async ({ options, plan, target, fetched }) => {
    const { store } = await session.open(options)
    const log = session.log
    const suffix = target.platform.replace(/\//g, '-')
    const outDir = join(
      options.outputDir,
      `.payload-${artifactFileName(options.artifactName)}-${suffix}`
    )
    const workDir = join(options.cacheDir, 'tmp', `work-${process.pid}-${suffix}`)
    await rm(outDir, { recursive: true, force: true })
    await mkdir(outDir, { recursive: true })
    warnUnrecordedContainerdBase(options, plan, target.platform, fetched, log)
    const engine = cachedDeltaEngine(encoderEngine(options.deltaEncoder, session), {
      store,
      engineId: engineId(options.deltaEncoder),
      log
    })
    // the pool's workers start while the layers are planned, so no encode waits for a
    // thread to load; as many as there are likely pairs not in the delta cache: none warm
    if (
      options.deltaEncoder === 'native' &&
      options.module !== 'docker-compose' &&
      options.delta === 'deep'
    ) {
      let missing = 0
      for (const got of fetched.services)
        for (const [source, next] of likelyPairs(got.image, got.previous))
          if (!(await engine.holds(source, next))) missing++
      if (missing > 0)
        prewarmWorkers(Math.min(missing, session.opts.deltaConcurrency ?? availableParallelism()))
    }
    const services: AppService[] = []
    for (const svc of plan.services) {
      const got = fetched.services.find((s) => s.name === svc.name)
      if (!got) throw new Error(`service ${svc.name} was not fetched for ${target.platform}`)
      const next = await payloadImageFromStore(resolvedOf(got.image), store)
      const current = got.previous
        ? {
            ...(await payloadImageFromStore(resolvedOf(got.previous), store)),
            held: got.previous.held ?? 'registry'
          }
        : undefined
      services.push({ name: svc.name, next, ...(current ? { current } : {}) })
    }
    try {
      const payload =
        options.module === 'docker-compose'
          ? await buildComposeModulePayload({
              projectName: options.applicationName,
              artifactName: options.artifactName,
              softwareFilesystem: options.softwareFilesystem,
              images: services.map((s) => s.next),
              ...manifestsSource(options, plan),
              blobs: store,
              outDir,
              workDir,
              log
            })
          : await buildAppPayload({
              applicationName: options.applicationName,
              platform: target.platform,
              artifactName: options.artifactName,
              softwareFilesystem: options.softwareFilesystem,
              ...(plan.previous?.artifactName
                ? { previousVersion: plan.previous.artifactName }
                : {}),
              ...(plan.previous?.baseImages?.[target.platform] !== undefined
                ? { previousImages: plan.previous.baseImages[target.platform]! }
                : {}),
              services,
              ...manifestsSource(options, plan),
              deepDelta: options.delta === 'deep',
              deviceStore: options.deviceImageStore,
              blobs: store,
              engine,
              outDir,
              workDir,
              log
            })
      if (options.module !== 'docker-compose') logPairings(payload.images, log)
      const s = engine.stats
      if (s.hits + s.encoded + s.identical)
        log.info(
          `${target.platform}: ${s.encoded} deltas encoded, ${s.hits} from the delta cache, ${s.identical} of unchanged layers (nothing to encode)`
        )
      return {
        platform: target.platform,
        services:
          options.module === 'docker-compose'
            ? services.map((s) => fullService(s))
            : servicePayloads(payload.images),
        payloadDir: outDir,
        payload,
        deltasEncoded: engine.stats.encoded,
        deltasFromCache: engine.stats.hits
      }
    } finally {
      await rm(workDir, { recursive: true, force: true })
    }
  }
}

/**
 * The layer pairs (current diff ID, new diff ID) a delta of `next` against
 * `current` most likely encodes: a layer changed in place (another diff ID at
 * the same index, not one `current` has anywhere, which ships as a copy). The
 * planner pairs by content; this only sizes the workers started ahead.
 */
export function likelyPairs(
  next: Pick<FetchedImage, 'manifestDigest' | 'diffIds'> | undefined,
  current: Pick<FetchedImage, 'manifestDigest' | 'diffIds'> | undefined
): Array<[string, string]> {
  if (!next || !current || current.manifestDigest === next.manifestDigest) return []
  const had = new Set(current.diffIds)
  return next.diffIds.flatMap((id, i): Array<[string, string]> =>
    i < current.diffIds.length && !had.has(id) ? [[current.diffIds[i]!, id]] : []
  )
}

/** The project plan loaded, else its files (a plan from a test double). */
function manifestsSource(options: BuildOptions, plan: Plan): ManifestsSource {
  return plan.compose
    ? { project: plan.compose }
    : { projectDirectory: options.projectDirectory, composeFiles: options.composeFiles }
}

/** A fetched image as the payload builder reads it from the store. */
function resolvedOf(image: FetchedImage) {
  return {
    reference: image.reference,
    manifestDigest: image.manifestDigest,
    configDigest: image.configDigest,
    layers: image.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    diffIds: image.diffIds
  }
}

/** Per service, how its layers travel; an image shared by services is counted on the first. */
export function servicePayloads(images: ImageReport[]): ServicePayload[] {
  const out: ServicePayload[] = []
  for (const img of images)
    for (const [i, name] of img.services.entries()) {
      const layers: LayerPayload[] = img.layers.map((l) => ({
        digest: l.digest,
        mode: i === 0 ? l.choice : 'reused',
        fullBytes: l.fullSize,
        shippedBytes: i === 0 ? l.shippedSize : 0,
        ...(i === 0 && l.pairing ? { pairing: pairingNote(l.pairing, l.fullSize) } : {})
      }))
      out.push({
        name,
        layers,
        fullBytes: layers.reduce((n, l) => n + l.fullBytes, 0),
        shippedBytes: layers.reduce((n, l) => n + l.shippedBytes, 0)
      })
    }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1))
}

function pairingNote(p: LayerPairing, fullBytes: number): LayerPairingNote {
  return {
    reason: p.reason,
    ...(p.source !== undefined ? { source: p.source } : {}),
    detail: describePairing(p, fullBytes)
  }
}

/** One log line per changed layer of an image with a current image: its source and why. */
export function logPairings(images: ImageReport[], log: Logger): void {
  for (const img of images)
    for (const l of img.layers) {
      if (!l.pairing || l.pairing.reason === 'same layer') continue
      const how = l.choice === 'full' ? 'full' : `delta ${formatBytes(l.shippedSize)}`
      log.info(
        `${img.services.join(', ')}: layer ${l.index} (${formatBytes(l.fullSize)}, ${how}) ${l.pairing.reason === 'none' ? 'not paired: nothing in common with a current layer' : `paired with ${describePairing(l.pairing, l.fullSize)}`}`
      )
    }
}

/** The docker-compose module ships every layer in full. */
function fullService(s: AppService): ServicePayload {
  const layers: LayerPayload[] = s.next.layers.map((l) => ({
    digest: l.digest,
    mode: 'full',
    fullBytes: l.size,
    shippedBytes: l.size
  }))
  const bytes = layers.reduce((n, l) => n + l.fullBytes, 0)
  return { name: s.name, layers, fullBytes: bytes, shippedBytes: bytes }
}
