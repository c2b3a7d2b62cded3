import { createHash } from 'node:crypto'
import { ContentStore } from '../oci/store.js'
import { describeError } from '../util/errors.js'
import { formatBytes } from '../util/format.js'
import type { Logger } from '../util/log.js'

/**
 * The layer store kept between workflow runs with the GitHub Actions cache
 * (@actions/cache), restored in main and saved in post. Nothing here may fail
 * a build: a cache problem costs a slower fetch and a warning.
 */

/** The part of @actions/cache we use; the real module satisfies it, tests may pass another. */
export interface CacheApi {
  isFeatureAvailable(): boolean
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
    options?: { lookupOnly?: boolean }
  ): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

/** Bump when the store layout changes, so old caches are not restored into a new layout. */
export const CACHE_KEY_VERSION = 'v1'

/** What main hands to post, inside the one JSON state value (src/action/state.ts). */
export interface CacheSaveState {
  paths: string[]
  primaryKey: string
  matchedKey?: string
  /** Something new was fetched: only then is a save worth the upload. */
  dirty: boolean
  /** Cap of the store: least-recently-used entries above it are evicted before saving. */
  maxBytes?: number
}

/** What a cache key is made of: the platforms, and every image digest the build involves. */
export interface CacheKeyInputs {
  targets: ReadonlyArray<{ platform: string }>
  services: ReadonlyArray<{ image: { digest: string }; previous?: { digest: string } }>
}

export interface CacheRestore {
  /** The key the store would be saved under. */
  primaryKey: string
  /** The key restored, if any (equal to primaryKey on an exact hit). */
  matchedKey?: string
}

function platformsSlug(plan: CacheKeyInputs): string {
  return plan.targets
    .map((t) => t.platform.replace(/\//g, '-'))
    .sort()
    .join('+')
}

/**
 * `mender-compose-v1-<platforms>-<hash of every image digest involved>`: the
 * exact key stands for "the store holds these images", and the prefix
 * restore-key finds the newest store for the same platforms, which usually
 * holds the previous release's layers, i.e. most of what is needed.
 */
export function cacheKeys(plan: CacheKeyInputs): { primaryKey: string; restoreKeys: string[] } {
  const digests = new Set<string>()
  for (const s of plan.services) {
    digests.add(s.image.digest)
    if (s.previous) digests.add(s.previous.digest)
  }
  const hash = createHash('sha256')
    .update([...digests].sort().join('\n'))
    .digest('hex')
    .slice(0, 32)
  const prefix = `mender-compose-${CACHE_KEY_VERSION}-${platformsSlug(plan)}-`
  return { primaryKey: `${prefix}${hash}`, restoreKeys: [prefix] }
}

/** The cache hooks the pipeline calls before fetch (its CacheHooks). */
export function actionsCacheHooks(
  api: CacheApi,
  log: Logger
): {
  restore(input: {
    plan: CacheKeyInputs
    options: { cacheDir: string }
  }): Promise<CacheRestore | undefined>
} {
  return {
    async restore({ plan, options }) {
      const { primaryKey, restoreKeys } = cacheKeys(plan)
      if (!api.isFeatureAvailable()) {
        // Self-hosted runners without a cache service, act, local runs: not a problem.
        log.debug('Cache: the Actions cache service is not available here; skipping')
        return undefined
      }
      try {
        const matchedKey = await api.restoreCache([options.cacheDir], primaryKey, restoreKeys)
        log.info(
          matchedKey
            ? `Cache: restored ${matchedKey === primaryKey ? 'exact key' : 'by prefix'} ${matchedKey}`
            : `Cache: no entry for ${primaryKey}`
        )
        return { primaryKey, ...(matchedKey ? { matchedKey } : {}) }
      } catch (err) {
        log.warn(`Cache restore failed, fetching everything: ${describeError(err)}`)
        return { primaryKey }
      }
    }
  }
}

export type SaveOutcome = 'saved' | 'skipped' | 'failed'

/** The post step's save. Returns what happened; never throws. */
export async function saveStoreCache(
  state: CacheSaveState | undefined,
  api: CacheApi,
  log: Logger
): Promise<SaveOutcome> {
  if (!state) {
    log.info('Cache: nothing to save (no cache state from the main step)')
    return 'skipped'
  }
  if (!state.dirty) {
    log.info(`Cache: nothing new was fetched; not saving ${state.primaryKey}`)
    return 'skipped'
  }
  if (state.matchedKey === state.primaryKey) {
    log.info(`Cache: exact hit on ${state.primaryKey}; not saving`)
    return 'skipped'
  }
  if (!api.isFeatureAvailable()) {
    log.debug('Cache: the Actions cache service is not available here; not saving')
    return 'skipped'
  }
  if (state.maxBytes) await capStore(state.paths[0]!, state.maxBytes, log)
  try {
    const id = await api.saveCache(state.paths, state.primaryKey)
    // -1: @actions/cache already logged why (another job reserved the key,
    // read-only token on a fork PR, service error): nothing more to say.
    if (id === -1) return 'failed'
    // A failed upload or commit after a successful reservation still returns
    // the reserved id (saveCacheV1 logs a warning and returns it), so ask the
    // service whether the entry is really there before saying it is.
    const found = await api.restoreCache(state.paths, state.primaryKey, [], { lookupOnly: true })
    if (found !== state.primaryKey) {
      log.warn(
        `Cache: the save of ${state.primaryKey} did not complete; the next run fetches again`
      )
      return 'failed'
    }
    log.info(`Cache: saved ${state.primaryKey}`)
    return 'saved'
  } catch (err) {
    log.warn(`Cache save failed: ${describeError(err)}`)
    return 'failed'
  }
}

/**
 * Evicts the least-recently-used blobs, layer tars and cached deltas above
 * `maxBytes`, so the saved store stops growing with every release (what this
 * run used was touched last, so it stays). A failure costs a larger save.
 */
export async function capStore(dir: string, maxBytes: number, log: Logger): Promise<void> {
  try {
    const store = await ContentStore.open(dir, { log })
    const r = await store.evict(maxBytes)
    log.info(
      `Cache: store ${formatBytes(r.keptBytes)} (cap ${formatBytes(maxBytes)})${r.removed ? `, evicted ${r.removed} entries (${formatBytes(r.freedBytes)})` : ''}`
    )
  } catch (err) {
    log.warn(`Cache: could not trim the store to ${formatBytes(maxBytes)}: ${describeError(err)}`)
  }
}
