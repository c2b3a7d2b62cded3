import { copyFile, link, rm, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { hashFile, type ContentStore } from '../oci/store.js'
import { encodeAll, type DeltaEngine, type EncodeJob, type EncodeResult } from './engine.js'
import type { Logger } from '../util/log.js'
import { writeCopyDelta } from './copy-delta.js'

/**
 * The delta engine the pipeline hands the payload builder: the real engine
 * behind a cache of encoded deltas in the content store (the folder the
 * Actions cache keeps), so a release built again (a re-run, the next job of a
 * matrix, the same v1 → v2 for another device type) encodes nothing.
 *
 * - Key: (source content ID, target content ID, engine + settings + encoder
 *   version). Layer files in the store and the payload's layer cache are
 *   named by the sha256 of their bytes (diff ID or blob digest, checked when
 *   written), so the names are the IDs; a file not named so is not cached.
 * - An entry is written only after the delta was decoded and hashed to the
 *   target ID; on read the delta blob is checked against its digest (the
 *   store re-hashes entries it cannot trust) and the copy handed out is
 *   hashed again.
 * - Same source and target (an unchanged layer): a copy-only delta made
 *   from the size alone; nothing is encoded.
 * - A delta this engine has already decoded and checked is not decoded a
 *   second time when the payload verifies it (`checked`; and `decode` of it
 *   gives the target file, whose bytes the store holds under its ID).
 */
export interface DeltaCacheStats {
  /** Deltas taken from the cache. */
  hits: number
  /** Deltas encoded (and stored). */
  encoded: number
  /** Unchanged layers: copy deltas, nothing encoded. */
  identical: number
  /** Files not named by content: passed to the engine uncached. */
  uncached: number
}

export interface CachedEngineOptions {
  store: ContentStore
  /** Engine name, its settings and the encoder's version: part of every key. */
  engineId: string
  log: Logger
}

interface Entry {
  source: string
  target: string
  engine: string
  delta: string
  size: number
  gzipSize?: number
}

/** `sha256:<hex>` when the file is named by the sha256 of its bytes (store and layer-cache names). */
export function contentIdOf(path: string): string | undefined {
  const m = /^([0-9a-f]{64})(?:\.tar)?$/.exec(basename(path))
  return m ? `sha256:${m[1]}` : undefined
}

export function deltaCacheKey(source: string, target: string, engineId: string): string {
  return `delta-cache/v1 ${source} ${target} ${engineId}`
}

export function cachedDeltaEngine(
  inner: DeltaEngine,
  opts: CachedEngineOptions
): DeltaEngine & {
  stats: DeltaCacheStats
  encodeMany(jobs: readonly EncodeJob[]): Promise<EncodeResult[]>
  /**
   * Whether the delta of `target` against `source` (content IDs) needs no
   * encode: the cache holds a usable one, or the layer is unchanged.
   */
  holds(source: string, target: string): Promise<boolean>
} {
  const { store, engineId, log } = opts
  const stats: DeltaCacheStats = { hits: 0, encoded: 0, identical: 0, uncached: 0 }
  /** Delta path → the target file it was checked to decode to. */
  const checked = new Map<string, string>()

  async function fromCache(key: string, job: EncodeJob): Promise<EncodeResult | undefined> {
    const got = await store.getResolved<Entry>(key)
    const e = got?.value
    if (!e || e.engine !== engineId) return undefined
    if (!(await store.hasBlob({ digest: e.delta, size: e.size }))) return undefined
    await copyFile(store.blobPath(e.delta), job.outputPath)
    const copy = await hashFile(job.outputPath)
    if (copy.digest !== e.delta || copy.size !== e.size) {
      log.warn(`delta cache: the copy of ${e.delta} does not match its digest; encoding again`)
      await rm(job.outputPath, { force: true })
      // the bad entry goes, so the fresh delta takes its place instead of warning every build
      await store.forgetBlob(e.delta, `content hashes to ${copy.digest}`)
      return undefined
    }
    checked.set(job.outputPath, job.targetPath)
    return { size: e.size, ...(e.gzipSize !== undefined ? { gzipSize: e.gzipSize } : {}) }
  }

  /** Decodes a fresh delta once and keeps it only if it gives the target's bytes. */
  async function checkAndKeep(key: string, ids: Ids, job: EncodeJob, r: EncodeResult) {
    const check = `${job.outputPath}.cache-check`
    try {
      // the engine may have decoded it already (the pool does, on the worker that encoded it)
      if (r.decodedDigest === undefined)
        await inner.decode({
          sourcePath: job.sourcePath,
          deltaPath: job.outputPath,
          outputPath: check
        })
      const decoded = r.decodedDigest ?? (await hashFile(check)).digest
      if (decoded !== ids.target) {
        log.warn(`delta cache: the delta of ${ids.target} does not decode to it; not cached`)
        return
      }
      checked.set(job.outputPath, job.targetPath)
      const { digest, size } = await hashFile(job.outputPath)
      await store.ensureBlob({ digest, size }, async (partial) => {
        await copyFile(job.outputPath, partial)
        return (await hashFile(partial)).digest
      })
      const entry: Entry = {
        ...ids,
        engine: engineId,
        delta: digest,
        size,
        ...(r.gzipSize !== undefined ? { gzipSize: r.gzipSize } : {})
      }
      await store.putResolved(key, entry)
    } catch (err) {
      // The payload's own check reports a bad delta; the cache only stays out of it.
      log.debug(`delta cache: not caching the delta of ${ids.target}: ${(err as Error).message}`)
    } finally {
      await rm(check, { force: true })
    }
  }

  async function encodeMany(jobs: readonly EncodeJob[]): Promise<EncodeResult[]> {
    const out: (EncodeResult | undefined)[] = new Array(jobs.length)
    const misses: { i: number; key?: string; ids?: Ids }[] = []
    for (const [i, job] of jobs.entries()) {
      checked.delete(job.outputPath)
      const source = contentIdOf(job.sourcePath)
      const target = contentIdOf(job.targetPath)
      if (!source || !target) {
        stats.uncached++
        misses.push({ i })
      } else if (source === target) {
        stats.identical++
        checked.set(job.outputPath, job.targetPath)
        const size = (await stat(job.sourcePath)).size
        out[i] = { size: await writeCopyDelta(size, job.outputPath) }
      } else {
        const key = deltaCacheKey(source, target, engineId)
        out[i] = await fromCache(key, job)
        if (out[i]) stats.hits++
        else misses.push({ i, key, ids: { source, target } })
      }
    }
    // The same pair twice in one payload (two images sharing a changed layer): encode it once.
    const first = new Map<string, number>()
    const toEncode = misses.filter((m) => {
      if (!m.key) return true
      if (first.has(m.key)) return false
      first.set(m.key, m.i)
      return true
    })
    const jobsToEncode = toEncode.map((m) => jobs[m.i]!)
    const results = await encodeAll(inner, jobsToEncode)
    for (const [k, m] of toEncode.entries()) {
      out[m.i] = results[k]!
      if (m.key && m.ids) {
        stats.encoded++
        await checkAndKeep(m.key, m.ids, jobs[m.i]!, results[k]!)
      }
    }
    for (const m of misses)
      if (!out[m.i]) {
        const again = m.key ? await fromCache(m.key, jobs[m.i]!) : undefined
        if (again) stats.hits++
        out[m.i] = again ?? (await inner.encode(jobs[m.i]!))
      }
    return out as EncodeResult[]
  }

  return {
    stats,
    encodeMany,
    async holds(source, target) {
      if (source === target) return true
      const e = (await store.getResolved<Entry>(deltaCacheKey(source, target, engineId)))?.value
      return e?.engine === engineId && (await store.hasBlob({ digest: e.delta, size: e.size }))
    },
    encode: async (job) => (await encodeMany([job]))[0]!,
    checked: (deltaPath, targetDigest) => {
      const target = checked.get(deltaPath)
      return target !== undefined && contentIdOf(target) === targetDigest
    },
    async decode(job) {
      const target = checked.get(job.deltaPath)
      if (!target) return inner.decode(job)
      // Checked already: its decoding is the target file, held by the store under its ID.
      await rm(job.outputPath, { force: true })
      await link(target, job.outputPath).catch(() => copyFile(target, job.outputPath))
    }
  }
}

interface Ids {
  source: string
  target: string
}
