import { mkdir, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { prewarmWorkers } from '../../delta/pool.js'
import { ContentStore } from '../../oci/index.js'
import {
  buildAppPayload,
  buildComposeModulePayload,
  payloadImageFromStore,
  planDeepDelta,
  poolDeltaEngine,
  portableDeltaEngine,
  lzmaDeltaEngine,
  type DeltaEngine,
  type AppService,
  type ImageReport
} from '../../payload/index.js'
import type { BuildOptions, DeltaEncoder } from '../options.js'
import type {
  DeltaAheadStage,
  DeltaStage,
  LayerMode,
  LayerPayload,
  ServicePayload
} from '../stages.js'
import { RunState } from './run-state.js'
import { cachedDeltaEngine, type CachedDeltaEngine } from '../delta-cache/cached-engine.js'
import { digestHex } from '../../payload/digest.js'
import { LayerCache } from '../../payload/layers.js'
import { VERSION } from '../../version.js'

/** The encoder and its settings, as the delta cache keys them. */
export function engineId(encoder: DeltaEncoder): string {
  const name = encoder === 'native' ? 'native (default settings)' : encoder
  return `${name}, mender-compose ${VERSION}`
}

/**
 * The user's `delta-encoder`. `native` (the default) depends on nothing
 * installed on the runner, so the same inputs give the same artifact
 * everywhere; `best` and `lzma` need the xdelta3 binary.
 */
function encoderEngine(encoder: DeltaEncoder, state: RunState): DeltaEngine {
  const concurrency = state.opts.deltaConcurrency
  const opts = { log: state.log, ...(concurrency ? { concurrency } : {}) }
  if (encoder === 'best') return portableDeltaEngine(opts)
  if (encoder === 'lzma') return lzmaDeltaEngine(undefined, concurrency)
  return poolDeltaEngine(opts)
}

const MODE: Record<string, LayerMode> = { same: 'reused', similar: 'delta', full: 'full' }

/** Whether the build's deltas are native deep deltas on the worker pool. */
function pooled(options: BuildOptions): boolean {
  return (
    options.deltaEncoder === 'native' &&
    options.module !== 'docker-compose' &&
    options.delta === 'deep'
  )
}

/** The platform's delta engine (the user's encoder behind the delta cache), made once per run. */
function engineFor(
  state: RunState,
  options: BuildOptions,
  platform: string
): Promise<{ engine: CachedDeltaEngine; store: ContentStore }> {
  let made = state.deltaEngines.get(platform)
  if (!made) {
    made = ContentStore.open(options.cacheDir, { log: state.log }).then((store) => ({
      store,
      engine: cachedDeltaEngine(encoderEngine(options.deltaEncoder, state), {
        store,
        engineId: engineId(options.deltaEncoder),
        log: state.log
      })
    }))
    state.deltaEngines.set(platform, made)
  }
  return made
}

/**
 * Starts the pool's workers as the images start to pull when some early
 * layer pair (see `EarlyLayerPair`) is not in the delta cache yet, so they are
 * ready when its layers are; none when every pair is there (a warm build).
 */
export async function prewarmForEarlyPairs(
  state: RunState,
  options: BuildOptions,
  platform: string,
  pairs: ReadonlyArray<{ sourceDiffId: string; targetDiffId: string }>
): Promise<void> {
  if (!pooled(options) || options.deviceImageStore === 'containerd' || pairs.length === 0) return
  const { engine } = await engineFor(state, options, platform)
  let missing = 0
  for (const p of pairs) if (!(await engine.holds(p.sourceDiffId, p.targetDiffId))) missing++
  if (missing > 0)
    prewarmWorkers(Math.min(missing, state.opts.deltaConcurrency ?? availableParallelism()))
}

/**
 * deltaAhead: an early layer pair (see `EarlyLayerPair`) encoded into the
 * delta cache while the images still pull; the delta stage then finds it
 * there, or waits for it. Only for deep deltas of uncompressed layers (the
 * classic and legacy device stores), and only when the two layers share
 * files, as the payload's planner requires of a pair.
 */
export function deltaAheadStage(state: RunState): DeltaAheadStage {
  return async ({ options, target, pair }) => {
    const key = RunState.key(target.platform, pair.service)
    const none = { platform: target.platform, service: pair.service, encoded: 0 }
    if (
      options.module === 'docker-compose' ||
      options.delta !== 'deep' ||
      options.deviceImageStore === 'containerd'
    )
      return none
    const { engine, store } = await engineFor(state, options, target.platform)
    const sourcePath = store.layerTarPath(pair.sourceDiffId)
    const targetPath = store.layerTarPath(pair.targetDiffId)
    const suffix = target.platform.replace(/\//g, '-')
    const dir = join(
      options.cacheDir,
      'tmp',
      `ahead-${process.pid}-${suffix}-${digestHex(pair.targetDiffId).slice(0, 16)}`
    )
    try {
      // the member lists are kept in the store: the delta stage's planner reads them from there
      const cache = new LayerCache(join(dir, 'layers'), store)
      const [source, next] = await Promise.all([
        cache.members(sourcePath),
        cache.members(targetPath)
      ])
      const [choice] = planDeepDelta(
        [{ diffId: pair.targetDiffId, members: next }],
        [{ diffId: pair.sourceDiffId, members: source }]
      )
      if (choice?.kind !== 'similar') return none
      await mkdir(dir, { recursive: true })
      state.encodedAhead.add(key)
      const job = { sourcePath, targetPath, outputPath: join(dir, `${pair.index}.vcdiff`) }
      return { ...none, encoded: await engine.prefill([job]) }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/**
 * delta: issue 6's payload builder (App Update Module deep deltas, or the
 * docker-compose module's full images) over the images fetched for one
 * platform.
 */
export function deltaStage(state: RunState): DeltaStage {
  return async ({ options, plan, target }) => {
    const { engine, store } = await engineFor(state, options, target.platform)
    const suffix = target.platform.replace(/\//g, '-')
    const outDir = join(options.outputDir, `.payload-${options.artifactName}-${suffix}`)
    const workDir = join(options.cacheDir, 'tmp', `work-${process.pid}-${suffix}`)
    await rm(outDir, { recursive: true, force: true })
    await mkdir(outDir, { recursive: true })
    // changed pairs whose encodes did not start during fetch (all, without deltaAhead): when
    // none is left (every pair encoded ahead, or a warm build), no worker starts for nothing
    const pairs = plan.services.filter((svc) => {
      const key = RunState.key(target.platform, svc.name)
      const got = state.fetched.get(key)
      return (
        got?.current &&
        got.current.manifestDigest !== got.next.manifestDigest &&
        !state.encodedAhead.has(key)
      )
    }).length
    // the pool's workers start while the layers are planned (~100 ms each otherwise)
    if (pooled(options) && pairs > 0)
      prewarmWorkers(Math.min(pairs, state.opts.deltaConcurrency ?? availableParallelism()))
    const services: AppService[] = []
    for (const svc of plan.services) {
      const got = state.fetched.get(RunState.key(target.platform, svc.name))
      if (!got) throw new Error(`service ${svc.name} was not fetched for ${target.platform}`)
      const next = await payloadImageFromStore(got.next, store, svc.image.reference)
      const base = state.bases.get(RunState.key(target.platform, svc.name))
      const current =
        got.current && base?.reference
          ? await payloadImageFromStore(got.current, store, base.reference)
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
              projectDirectory: options.projectDirectory,
              composeFiles: options.composeFiles,
              blobs: store,
              outDir,
              workDir,
              log: state.log
            })
          : await buildAppPayload({
              applicationName: options.applicationName,
              platform: target.platform,
              artifactName: options.artifactName,
              softwareFilesystem: options.softwareFilesystem,
              ...(plan.previous?.artifactName
                ? { previousVersion: plan.previous.artifactName }
                : {}),
              services,
              projectDirectory: options.projectDirectory,
              composeFiles: options.composeFiles,
              deepDelta: options.delta === 'deep',
              deviceStore: options.deviceImageStore,
              blobs: store,
              engine,
              outDir,
              workDir,
              log: state.log
            })
      const s = engine.stats
      if (s.hits + s.encoded + s.identical)
        state.log.info(
          `${target.platform}: ${s.encoded} deltas encoded, ${s.hits} from the delta cache, ${s.identical} of unchanged layers (nothing to encode)`
        )
      state.payloads.set(target.platform, payload)
      return {
        platform: target.platform,
        services:
          options.module === 'docker-compose'
            ? services.map((s) => fullService(s))
            : servicePayloads(payload.images),
        payloadDir: outDir,
        deltasEncoded: engine.stats.encoded,
        deltasFromCache: engine.stats.hits
      }
    } finally {
      await rm(workDir, { recursive: true, force: true })
    }
  }
}

/** Per service, how its layers travel; an image shared by services is counted on the first. */
export function servicePayloads(images: ImageReport[]): ServicePayload[] {
  const out: ServicePayload[] = []
  for (const img of images)
    for (const [i, name] of img.services.entries()) {
      const layers: LayerPayload[] = img.layers.map((l) => ({
        digest: l.digest,
        mode: i === 0 ? (MODE[l.choice] ?? 'full') : 'reused',
        fullBytes: l.fullSize,
        shippedBytes: i === 0 ? l.shippedSize : 0
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
