import { copyFile, link, rm, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { hashFile, type ContentStore } from '../../oci/store.js'
import type { DeltaEngine } from '../../payload/index.js'
import type { Logger } from '../../util/log.js'
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
 *   second time when the payload verifies it: the check decodes it to the
 *   target, whose bytes the store holds under its ID.
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
): DeltaEngine & { stats: DeltaCacheStats } {
  const { store, engineId, log } = opts
  const stats: DeltaCacheStats = { hits: 0, encoded: 0, identical: 0, uncached: 0 }
  /** Delta path → the target file it was checked to decode to. */
  const checked = new Map<string, string>()

  async function fromCache(key: string, ids: [string, string], out: string) {
    const got = await store.getResolved<Entry>(key)
    const e = got?.value
    if (!e || e.source !== ids[0] || e.target !== ids[1] || e.engine !== engineId) return undefined
    if (!(await store.hasBlob({ digest: e.delta, size: e.size }))) return undefined
    await copyFile(store.blobPath(e.delta), out)
    const copy = await hashFile(out)
    if (copy.digest !== e.delta || copy.size !== e.size) {
      log.warn(`delta cache: the copy of ${e.delta} does not match its digest; encoding again`)
      await rm(out, { force: true })
      return undefined
    }
    return e
  }

  async function store_(key: string, ids: [string, string], job: { outputPath: string }) {
    const { digest, size } = await hashFile(job.outputPath)
    await store.ensureBlob({ digest, size }, async (partial) => {
      await copyFile(job.outputPath, partial)
      return (await hashFile(partial)).digest
    })
    const entry: Entry = { source: ids[0], target: ids[1], engine: engineId, delta: digest, size }
    await store.putResolved(key, entry)
  }

  return {
    stats,
    async encode(job) {
      checked.delete(job.outputPath)
      const source = contentIdOf(job.sourcePath)
      const target = contentIdOf(job.targetPath)
      if (!source || !target) {
        stats.uncached++
        return inner.encode(job)
      }
      if (source === target) {
        stats.identical++
        checked.set(job.outputPath, job.targetPath)
        return { size: await writeCopyDelta((await stat(job.sourcePath)).size, job.outputPath) }
      }
      const ids: [string, string] = [source, target]
      const key = deltaCacheKey(source, target, engineId)
      const hit = await fromCache(key, ids, job.outputPath)
      if (hit) {
        stats.hits++
        checked.set(job.outputPath, job.targetPath)
        return { size: hit.size }
      }
      const r = await inner.encode(job)
      stats.encoded++
      // Decode once here and keep the delta only if it gives the target's bytes.
      const check = `${job.outputPath}.cache-check`
      try {
        await inner.decode({
          sourcePath: job.sourcePath,
          deltaPath: job.outputPath,
          outputPath: check
        })
        if ((await hashFile(check)).digest === target) {
          checked.set(job.outputPath, job.targetPath)
          await store_(key, ids, job)
        } else log.warn(`delta cache: the delta of ${target} does not decode to it; not cached`)
      } catch (err) {
        // The payload's own check reports it; the cache only stays out of it.
        log.debug(`delta cache: not caching the delta of ${target}: ${(err as Error).message}`)
      } finally {
        await rm(check, { force: true })
      }
      return r
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
