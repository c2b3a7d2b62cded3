/**
 * The versioned-path arrangement of the delta corpus pairs: the same two
 * releases as the top layer of an image, once under one folder in both
 * (`opt/<pair>/…`, the same paths) and once under a folder carrying the
 * version (`opt/<pair>-1/…` → `opt/<pair>-2/…`, no path in common), as
 * `app-2.6.7/`, `pkg@1.0.1/` or `java-17-openjdk-17.0.12/` folders do. Both
 * arrangements are written by the same tar writer, so they differ only in
 * their paths. Goal: the versioned payload ≤ 1.1× the same-path payload.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import tar from 'tar-stream'
import { planDeepDeltaWork } from '../../src/payload/deep-delta.js'
import { LayerCache } from '../../src/payload/layers.js'
import type { BlobStore, PayloadImage } from '../../src/payload/index.js'
import { silentLogger } from '../../src/util/log.js'
import type { DeltaEngine } from '../../src/delta/engine.js'

/** `src` with every member under `prefix/` (hard link targets too), its folders first. */
export async function prefixedTar(src: string, dst: string, prefix: string): Promise<void> {
  const extract = tar.extract()
  const pack = tar.pack()
  const parts = prefix.split('/')
  for (let i = 1; i <= parts.length; i++)
    pack.entry({
      name: `${parts.slice(0, i).join('/')}/`,
      type: 'directory',
      mode: 0o755,
      mtime: new Date(0)
    })
  extract.on('entry', (header, stream, next) => {
    const name = header.name.replace(/^\.\//, '')
    if (!name) {
      stream.resume()
      stream.on('end', next)
      return
    }
    header.name = `${prefix}/${name}`
    if (header.type === 'link' && header.linkname) header.linkname = `${prefix}/${header.linkname}`
    stream.pipe(pack.entry(header, next))
  })
  extract.on('finish', () => pack.finalize())
  const tmp = `${dst}.tmp`
  await Promise.all([
    pipeline(createReadStream(src), extract),
    pipeline(pack, createWriteStream(tmp))
  ])
  await rename(tmp, dst)
}

/** A blob store that keeps records in memory, as the content store does on disk. */
export function withRecords(blobs: BlobStore): BlobStore {
  const records = new Map<string, unknown>()
  return {
    blobPath: (d) => blobs.blobPath(d),
    getResolved: async <T>(key: string) =>
      records.has(key) ? { value: records.get(key) as T } : undefined,
    putResolved: async <T>(key: string, value: T) => {
      records.set(key, value)
    }
  }
}

/**
 * Wall ms of planning a pair (member lists and fingerprints, then the choice)
 * cold, and again warm: a new build over the same store, whose records hold
 * both, so no layer is read.
 */
export async function planTimes(
  cur: PayloadImage,
  next: PayloadImage,
  blobs: BlobStore,
  work: string,
  engine: DeltaEngine
): Promise<{ coldMs: number; warmMs: number }> {
  const store = withRecords(blobs)
  const time = async (tag: string) => {
    // the layer tars stay (a warm store holds them); the records are what is new
    const cache = new LayerCache(join(work, 'layers'), store)
    const ctx = {
      store: 'classic' as const,
      blobs: store,
      cache,
      engine,
      workDir: join(work, tag),
      log: silentLogger
    }
    const t0 = performance.now()
    await planDeepDeltaWork(next, cur, ctx)
    return performance.now() - t0
  }
  const coldMs = await time('cold')
  const warmMs = await time('warm')
  return { coldMs, warmMs }
}
