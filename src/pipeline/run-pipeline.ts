import { join } from 'node:path'
import { artifactFileName } from './artifact-file-name.js'
import { describeError } from '../util/errors.js'
import { formatBytes, formatDuration } from '../util/format.js'
import type { Logger } from '../util/log.js'
import type { BuildOptions, BuildTarget } from './options.js'
import { withComposeFiles } from './compose-files.js'
import { checkPlatformCoverage } from './platform-coverage.js'
import type { BuildResult, CacheReport, LayerPairingRow, Phase, ServiceReport } from './result.js'
import type {
  CacheHooks,
  CacheRestore,
  DeltaResult,
  FetchResult,
  PackagedArtifact,
  Plan,
  PublishResult,
  Stages
} from './stages.js'

export interface PipelineHooks {
  cache?: CacheHooks
  /** Monotonic clock in ms; injectable so tests can assert durations. */
  now?: () => number
}

const TITLES: Record<Phase, string> = {
  plan: 'Plan',
  fetch: 'Fetch',
  delta: 'Delta',
  package: 'Package',
  publish: 'Publish'
}

/** The artifact path of one target: `--output` for a single platform, else one file per platform. */
export function artifactPath(options: BuildOptions, target: BuildTarget): string {
  const suffix = target.platform.replace(/\//g, '-')
  if (options.outputPath)
    return options.targets.length === 1
      ? options.outputPath
      : options.outputPath.replace(/(\.mender)?$/, `-${suffix}.mender`)
  const base = `${artifactFileName(options.artifactName)}${options.targets.length === 1 ? '' : `-${suffix}`}`
  return join(options.outputDir, `${base}.mender`)
}

/**
 * Runs plan → (cache restore, bases chosen again) → fetch → delta → package →
 * publish, one log group per phase ending in a one-line result. Each stage
 * gets the options and the results before it, nothing else. Several
 * platforms give one artifact each, all with the same name; a dry run stops
 * before publish.
 */
export async function runPipeline(
  given: BuildOptions,
  stages: Stages,
  log: Logger,
  hooks: PipelineHooks = {}
): Promise<BuildResult> {
  try {
    return await runStages(await withComposeFiles(given, log), stages, log, hooks)
  } finally {
    await stages.close?.()
  }
}

async function runStages(
  options: BuildOptions,
  stages: Stages,
  log: Logger,
  hooks: PipelineHooks
): Promise<BuildResult> {
  const now = hooks.now ?? (() => performance.now())
  const phaseLines: BuildResult['phaseLines'] = {}
  const durationsMs: BuildResult['durationsMs'] = {}
  const phase = async <T>(name: Phase, fn: () => Promise<T>, line: (r: T) => string) => {
    const run = async () => {
      const start = now()
      const result = await fn()
      durationsMs[name] = now() - start
      phaseLines[name] = `${TITLES[name]}: ${line(result)} (${formatDuration(durationsMs[name])})`
      log.info(phaseLines[name])
      return result
    }
    return log.group ? log.group(TITLES[name], run) : run()
  }

  const planned = await phase(
    'plan',
    async () => {
      const p = await stages.plan({ options })
      checkPlatformCoverage(p)
      return p
    },
    planLine
  )

  let restore: CacheRestore | undefined
  let plan = planned
  const fetched = await phase(
    'fetch',
    async () => {
      restore = await restoreCache(hooks.cache, planned, options, log)
      // the restored store may hold the previous release's record: the bases
      // are chosen again from it before anything is pulled
      if (stages.rebase) plan = await stages.rebase({ options, plan: planned })
      const results: FetchResult[] = []
      for (const target of plan.targets) results.push(await stages.fetch({ options, plan, target }))
      return results
    },
    (r) => fetchLine(r, restore)
  )

  const deltas = await phase(
    'delta',
    async () => {
      const results: DeltaResult[] = []
      for (const [i, target] of plan.targets.entries())
        results.push(await stages.delta({ options, plan, target, fetched: fetched[i]! }))
      return results
    },
    deltaLine
  )

  const artifacts = await phase(
    'package',
    async () => {
      const results: PackagedArtifact[] = []
      for (const [i, target] of plan.targets.entries()) {
        const a = await stages.package({
          options,
          plan,
          target,
          fetched: fetched[i]!,
          delta: deltas[i]!,
          outputPath: artifactPath(options, target)
        })
        if (a.name !== plan.artifactName)
          throw new Error(
            `package stage named the artifact '${a.name}', not '${plan.artifactName}'`
          )
        results.push(a)
      }
      return results
    },
    packageLine
  )

  let published: PublishResult | undefined
  if (options.dryRun || (!options.upload && !options.deploy)) {
    phaseLines.publish = `${TITLES.publish}: skipped (${options.dryRun ? 'dry run' : 'upload is off and no deployment target'})`
    log.info(phaseLines.publish)
  } else {
    published = await phase(
      'publish',
      () => stages.publish({ options, plan, artifacts }),
      publishLine
    )
  }

  const services = serviceReports(plan, fetched, deltas)
  return {
    applicationName: plan.applicationName,
    artifactName: plan.artifactName,
    dryRun: options.dryRun,
    ...(plan.previous ? { previousRef: plan.previous.ref } : {}),
    ...(plan.previous?.artifactName ? { previousArtifactName: plan.previous.artifactName } : {}),
    services,
    artifacts,
    ...(published ? { published } : {}),
    ...(published?.problem ? { failure: published.problem } : {}),
    fullSize: services.reduce((n, s) => n + s.fullBytes, 0),
    deltaSize: services.reduce((n, s) => n + s.shippedBytes, 0),
    cache: cacheReport(restore, fetched, deltas),
    phaseLines,
    durationsMs
  }
}

/** Cache trouble never fails a build: it only costs a slower fetch. */
async function restoreCache(
  cache: CacheHooks | undefined,
  plan: Plan,
  options: BuildOptions,
  log: Logger
): Promise<CacheRestore | undefined> {
  if (!cache) return undefined
  try {
    return await cache.restore({ plan, options })
  } catch (err) {
    log.warn(`Cache restore failed, fetching everything: ${describeError(err)}`)
    return undefined
  }
}

function cacheReport(
  restore: CacheRestore | undefined,
  fetched: FetchResult[],
  deltas: DeltaResult[]
): CacheReport {
  const blobsFetched = fetched.reduce((n, f) => n + f.blobsFetched, 0)
  const deltasEncoded = deltas.reduce((n, d) => n + (d.deltasEncoded ?? 0), 0)
  const hit = restore?.matchedKey !== undefined && restore.matchedKey === restore.primaryKey
  const enabled = restore !== undefined
  return {
    enabled,
    ...(restore ? { primaryKey: restore.primaryKey } : {}),
    ...(restore?.matchedKey ? { matchedKey: restore.matchedKey } : {}),
    hit,
    // An exact hit holds everything this key stands for; otherwise save if
    // anything came over the network or a delta was encoded.
    dirty: enabled && !hit && (blobsFetched > 0 || deltasEncoded > 0),
    blobsFetched,
    deltasEncoded,
    deltasFromCache: deltas.reduce((n, d) => n + (d.deltasFromCache ?? 0), 0),
    bytesFetched: fetched.reduce((n, f) => n + f.bytesFetched, 0),
    blobsReused: fetched.reduce((n, f) => n + f.blobsReused, 0)
  }
}

export function serviceReports(
  plan: Plan,
  fetched: FetchResult[],
  deltas: DeltaResult[]
): ServiceReport[] {
  const out: ServiceReport[] = []
  for (const [i, target] of plan.targets.entries()) {
    for (const payload of deltas[i]?.services ?? []) {
      const planned = plan.services.find((s) => s.name === payload.name)
      const got = fetched[i]?.services.find((s) => s.name === payload.name)
      const layers = { reused: 0, delta: 0, full: 0 }
      for (const l of payload.layers) layers[l.mode]++
      const pairings = payload.layers.flatMap((l, layer): LayerPairingRow[] =>
        l.pairing && l.pairing.reason !== 'same layer'
          ? [
              {
                layer,
                mode: l.mode,
                fullBytes: l.fullBytes,
                shippedBytes: l.shippedBytes,
                ...l.pairing
              }
            ]
          : []
      )
      out.push({
        platform: target.platform,
        name: payload.name,
        ...(planned?.previous ? { oldReference: planned.previous.reference } : {}),
        ...(got?.previous ? { oldDigest: got.previous.manifestDigest } : {}),
        newReference: planned?.image.reference ?? got?.image.reference ?? '',
        newDigest: got?.image.manifestDigest ?? planned?.image.digest ?? '',
        layers,
        fullBytes: payload.fullBytes,
        shippedBytes: payload.shippedBytes,
        ...(pairings.length ? { pairings } : {})
      })
    }
  }
  return out
}

function planLine(p: Plan): string {
  const prev = p.previous ? `previous release ${p.previous.ref}` : 'no previous release (full)'
  const platforms = p.targets.map((t) => `${t.platform} (${t.deviceTypes.join(', ')})`).join('; ')
  return `${p.services.length} service${p.services.length === 1 ? '' : 's'}, ${prev}, ${platforms}`
}

function fetchLine(r: FetchResult[], restore: CacheRestore | undefined): string {
  const fetched = r.reduce((n, f) => n + f.blobsFetched, 0)
  const bytes = r.reduce((n, f) => n + f.bytesFetched, 0)
  const reused = r.reduce((n, f) => n + f.blobsReused, 0)
  const cache = !restore
    ? ''
    : restore.matchedKey
      ? `, cache ${restore.matchedKey === restore.primaryKey ? 'hit' : 'partial hit'}`
      : ', cache miss'
  return `${fetched} blob${fetched === 1 ? '' : 's'} fetched (${formatBytes(bytes)}), ${reused} from the store${cache}`
}

function deltaLine(r: DeltaResult[]): string {
  const counts = { reused: 0, delta: 0, full: 0 }
  let full = 0
  let shipped = 0
  for (const d of r)
    for (const s of d.services) {
      full += s.fullBytes
      shipped += s.shippedBytes
      for (const l of s.layers) counts[l.mode]++
    }
  const encoded = r.reduce((n, d) => n + (d.deltasEncoded ?? 0), 0)
  const cached = r.reduce((n, d) => n + (d.deltasFromCache ?? 0), 0)
  const work = encoded + cached ? `; ${encoded} encoded, ${cached} from the delta cache` : ''
  return `${counts.reused} layers reused, ${counts.delta} delta, ${counts.full} full; ${formatBytes(full)} → ${formatBytes(shipped)} shipped (${savingPercent(full, shipped)} saved)${work}`
}

function packageLine(a: PackagedArtifact[]): string {
  const name = a[0]?.name ?? ''
  const each = a.map((x) => `${x.platform} ${formatBytes(x.size)}`).join(', ')
  return `${a.length} artifact${a.length === 1 ? '' : 's'} '${name}' (${each})${a.some((x) => x.signed) ? ', signed' : ''}`
}

function publishLine(p: PublishResult): string {
  const up = p.artifacts.filter((a) => a.uploaded).length
  const existing = p.artifacts.length - up
  const dep = p.deployment
    ? `, deployment ${p.deployment.id} ${p.deployment.status}`
    : ', no deployment'
  return `${up} uploaded, ${existing} already on the server${dep}`
}

export function savingPercent(full: number, shipped: number): string {
  if (full <= 0) return '0%'
  return `${Math.round((1 - shipped / full) * 1000) / 10}%`
}
