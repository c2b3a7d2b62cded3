import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeAtomically, writeFileAtomic } from '../util/atomic.js'
import { UserError } from '../util/errors.js'
import { formatBytes } from '../util/format.js'
import { silentLogger, type Logger } from '../util/log.js'
import { validateDigest } from './reference.js'
import type { LayerCompression } from './media-types.js'

/**
 * A content-addressed folder the cache saves and restores, and the delta
 * builder reads layer tars from:
 *
 *   blobs/sha256/<hex>          registry blobs (manifests, configs, compressed layers)
 *   layers/sha256/<hex>.tar     uncompressed layer tars, named by diff ID
 *   refs/<sha256 of key>.json   resolved-reference metadata
 *   tmp/                        partial downloads (resumable), temp files, each
 *                               named with the pid of the process that owns it
 *
 * Every entry has a `.ok` marker written after its digest was checked; it
 * records the size, mtime and inode the entry had then. A read trusts
 * an entry only while its marker still matches, and otherwise hashes it
 * again, so a truncated or rewritten file is detected, dropped and fetched
 * again. A cache restore makes new inodes, so restored entries are
 * re-hashed once on first use. The marker's own mtime is the entry's last use,
 * which drives the LRU eviction.
 */
export interface StoreOptions {
  /** Evict least-recently-used entries above this many bytes (default: unbounded). */
  maxBytes?: number
  log?: Logger
}

export interface BlobRef {
  digest: string
  size?: number
}

interface Marker {
  size: number
  mtimeMs: number
  ino: number
  digest: string
}

/**
 * What a file looked like when it was hashed: a write changes mtime (ns
 * precision), a restore from the cache makes a new inode. ctime is left out
 * on purpose: hard-linking a blob into an output folder changes it.
 */
function fingerprint(st: { size: number; mtimeMs: number; ino: number }): Omit<Marker, 'digest'> {
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino }
}

function sameEntry(m: Marker, digest: string, fp: Omit<Marker, 'digest'>): boolean {
  return m.digest === digest && m.size === fp.size && m.mtimeMs === fp.mtimeMs && m.ino === fp.ino
}

export interface EvictionResult {
  removed: number
  freedBytes: number
  keptBytes: number
}

/** True while process `pid` runs (EPERM: it runs as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Thrown when an entry's bytes do not hash to its name. */
export class CorruptEntry extends Error {}

/**
 * Removes a store entry (and its marker) found corrupt on its way into an
 * output: the next command that needs it fetches or makes it again.
 */
export async function dropEntry(path: string): Promise<void> {
  await rm(`${path}.ok`, { force: true })
  await rm(path, { force: true })
}

/** `sha256:<hex>` of a store entry named by its content (blobs, `<hex>.tar` layer tars). */
export function entryDigest(path: string): string | undefined {
  const m = /(?:^|\/)([0-9a-f]{64})(?:\.tar)?$/.exec(path)
  return m ? `sha256:${m[1]}` : undefined
}

export async function hashFile(
  path: string,
  alg = 'sha256'
): Promise<{ digest: string; size: number }> {
  const h = createHash(alg)
  let size = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { digest: `${alg}:${h.digest('hex')}`, size }
}

function hexOf(digest: string): string {
  const d = validateDigest(digest)
  if (!d.startsWith('sha256:'))
    throw new UserError(`the content store only keeps sha256 content, not ${digest}`)
  return d.slice(7)
}

export class ContentStore {
  private readonly log: Logger
  /** Shared by every store object of the process: one fetch per path, however many callers. */
  private static readonly inflight = new Map<string, Promise<string>>()
  private readonly inflight = ContentStore.inflight
  /**
   * Entries used (and verified) by this process, with what they looked like
   * then: never evicted under its feet, and checked again by one `stat`
   * against that fingerprint instead of reading the marker a second time.
   */
  private readonly pinned = new Map<string, Marker>()
  /** Entries hashed in full in this process because their bytes go into an output. */
  private readonly hashedForOutput = new Set<string>()

  constructor(
    readonly root: string,
    private readonly opts: StoreOptions = {}
  ) {
    this.log = opts.log ?? silentLogger
  }

  static async open(root: string, opts: StoreOptions = {}): Promise<ContentStore> {
    const s = new ContentStore(root, opts)
    await Promise.all(
      ['blobs/sha256', 'layers/sha256', 'refs', 'tmp'].map((d) =>
        mkdir(join(root, d), { recursive: true })
      )
    )
    await s.takeOverTemporaries()
    return s
  }

  /**
   * What processes that died (killed mid-pull, mid-build) left in tmp/: a
   * partial download is taken over, so this process resumes it with Range;
   * anything else of theirs (an unpacked archive, a build's work folder) is
   * removed. Every command opens the store, so the folder stays bounded by
   * what live processes use.
   */
  private async takeOverTemporaries(): Promise<void> {
    const dir = this.tmpDir()
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const partial = /^([0-9a-f]{64})\.(\d+)\.partial$/.exec(name)
      const pid = Number(partial ? partial[2] : /^[a-z-]+?-(\d+)-/.exec(name)?.[1])
      if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue
      const path = join(dir, name)
      if (partial) {
        const mine = this.partialPath(`sha256:${partial[1]}`)
        const taken = await stat(mine).then(
          () => false,
          () =>
            rename(path, mine).then(
              () => true,
              () => false
            )
        )
        if (taken) {
          this.log.info(
            `content store: resuming the partial download ${partial[1]!.slice(0, 12)} of an earlier run`
          )
          continue
        }
      }
      await rm(path, { recursive: true, force: true })
    }
  }

  /** A fresh name in tmp/ that says which process owns it. */
  tempPath(prefix: string, suffix = ''): string {
    return join(
      this.tmpDir(),
      `${prefix}-${process.pid}-${randomBytes(6).toString('hex')}${suffix}`
    )
  }

  blobPath(digest: string): string {
    return join(this.root, 'blobs', 'sha256', hexOf(digest))
  }

  layerTarPath(diffId: string): string {
    return join(this.root, 'layers', 'sha256', `${hexOf(diffId)}.tar`)
  }

  /**
   * Where a blob's download goes: stable within this process, so a retry
   * resumes it with Range; the pid keeps two processes sharing a store (say,
   * parallel jobs on one runner) from writing into one file.
   */
  partialPath(digest: string): string {
    return join(this.root, 'tmp', `${hexOf(digest)}.${process.pid}.partial`)
  }

  tmpDir(): string {
    return join(this.root, 'tmp')
  }

  /** Records that `path` hashed to `digest` (the marker) and pins it for this process. */
  private async writeMarker(path: string, digest: string): Promise<void> {
    const st = await stat(path)
    const marker: Marker = { ...fingerprint(st), digest }
    await writeFileAtomic(`${path}.ok`, JSON.stringify(marker))
    this.pinned.set(path, marker)
  }

  /** Drops a blob found bad by a reader that checks it (a cached delta): fetched or made again. */
  async forgetBlob(digest: string, why: string): Promise<void> {
    await this.drop(this.blobPath(digest), why)
  }

  private async drop(path: string, why: string): Promise<void> {
    this.pinned.delete(path)
    this.log.warn(`content store: dropping ${path}: ${why}; it will be fetched again`)
    await rm(`${path}.ok`, { force: true })
    await rm(path, { force: true })
  }

  /**
   * True when `path` holds `digest` (and `size`): trusted by a matching marker,
   * else re-hashed. A bad entry is removed and false returned.
   */
  private async checkEntry(path: string, digest: string, size?: number): Promise<boolean> {
    let st
    try {
      st = await stat(path)
    } catch {
      this.pinned.delete(path)
      await rm(`${path}.ok`, { force: true })
      return false
    }
    if (size !== undefined && st.size !== size) {
      await this.drop(path, `size ${st.size} instead of ${size}`)
      return false
    }
    const fp = fingerprint(st)
    const seen = this.pinned.get(path)
    // checked earlier in this process (its marker read and its last use recorded then)
    if (seen && sameEntry(seen, digest, fp)) return true
    let marker: Marker | undefined
    try {
      marker = JSON.parse(await readFile(`${path}.ok`, 'utf8')) as Marker
    } catch {
      marker = undefined
    }
    if (marker && sameEntry(marker, digest, fp)) {
      const now = new Date()
      await utimes(`${path}.ok`, now, now).catch(() => {})
      this.pinned.set(path, marker)
      return true
    }
    const actual = await hashFile(path)
    if (actual.digest !== digest) {
      await this.drop(path, `content hashes to ${actual.digest}`)
      return false
    }
    await this.writeMarker(path, digest)
    return true
  }

  async hasBlob(ref: BlobRef): Promise<boolean> {
    return this.checkEntry(this.blobPath(ref.digest), ref.digest, ref.size)
  }

  /**
   * `forOutput`: the tar feeds something that leaves the process (a delta
   * source or target, a payload), so it is hashed once in this process
   * whatever its marker says: a byte changed in place (size, mtime and inode
   * kept) is found before it shapes an artifact.
   */
  async hasLayerTar(diffId: string, opts: { forOutput?: boolean } = {}): Promise<boolean> {
    const path = this.layerTarPath(diffId)
    if (!(await this.checkEntry(path, diffId))) return false
    if (!opts.forOutput || this.hashedForOutput.has(path)) return true
    const actual = await hashFile(path)
    if (actual.digest !== diffId) {
      await this.drop(path, `content hashes to ${actual.digest}`)
      return false
    }
    this.hashedForOutput.add(path)
    return true
  }

  /**
   * The path of a verified blob, fetching it when missing or corrupt. `fetch`
   * fills `partialPath` (it may resume from what is already there) and
   * returns the digest it computed over the whole file; concurrent callers
   * for one digest share a single fetch.
   */
  async ensureBlob(ref: BlobRef, fetch: (partialPath: string) => Promise<string>): Promise<string> {
    const path = this.blobPath(ref.digest)
    let p = this.inflight.get(path)
    if (!p) {
      p = (async () => {
        if (await this.hasBlob(ref)) return path
        const partial = this.partialPath(ref.digest)
        const digest = await fetch(partial)
        const st = await stat(partial)
        if (digest !== ref.digest || (ref.size !== undefined && st.size !== ref.size)) {
          await rm(partial, { force: true })
          throw new CorruptEntry(
            `blob ${ref.digest}: fetched content has digest ${digest} and size ${st.size}`
          )
        }
        await rename(partial, path)
        await this.writeMarker(path, ref.digest)
        return path
      })().finally(() => this.inflight.delete(path))
      this.inflight.set(path, p)
    }
    return p
  }

  /** Stores small content (manifests, configs) given as bytes, verified against `digest`. */
  async putBlobBytes(digest: string, bytes: Uint8Array): Promise<string> {
    return this.ensureBlob({ digest, size: bytes.length }, async (partial) => {
      await writeFile(partial, bytes)
      return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    })
  }

  /** Reads a small verified blob, or undefined when it is not (validly) stored. */
  async readBlob(ref: BlobRef): Promise<Buffer | undefined> {
    if (!(await this.hasBlob(ref))) return undefined
    const bytes = await readFile(this.blobPath(ref.digest))
    if (`sha256:${createHash('sha256').update(bytes).digest('hex')}` !== ref.digest) {
      await this.drop(this.blobPath(ref.digest), 'content changed while reading')
      return undefined
    }
    return bytes
  }

  /**
   * The uncompressed tar of a layer, named by its diff ID: made once from
   * the compressed blob, and kept only if it hashes to `diffId` (the config's
   * rootfs.diff_ids entry).
   */
  async ensureLayerTar(
    blob: BlobRef,
    compression: LayerCompression,
    diffId: string
  ): Promise<string> {
    const path = this.layerTarPath(diffId)
    let p = this.inflight.get(path)
    if (!p) {
      p = (async () => {
        if (await this.hasLayerTar(diffId)) return path
        const blobPath = this.blobPath(blob.digest)
        await writeAtomically(path, async (tmp) => {
          // zlib (and zstd) load only when a layer tar is made
          const { decompressLayer } = await import('./layer-tar.js')
          const actual = await decompressLayer(blobPath, compression, tmp)
          if (actual !== diffId) {
            throw new UserError(
              `layer ${blob.digest} uncompresses to ${actual}, but the image config's rootfs.diff_ids says ${diffId}`,
              { hint: 'the image is inconsistent; rebuild and push it again' }
            )
          }
        })
        await this.writeMarker(path, diffId)
        return path
      })().finally(() => this.inflight.delete(path))
      this.inflight.set(path, p)
    }
    return p
  }

  private refPath(key: string): string {
    return join(this.root, 'refs', `${createHash('sha256').update(key).digest('hex')}.json`)
  }

  async putResolved<T>(key: string, value: T): Promise<void> {
    await writeFileAtomic(
      this.refPath(key),
      JSON.stringify({ key, savedAt: new Date().toISOString(), value })
    )
  }

  async getResolved<T>(key: string): Promise<{ value: T; savedAt: string } | undefined> {
    try {
      const parsed = JSON.parse(await readFile(this.refPath(key), 'utf8')) as {
        key: string
        savedAt: string
        value: T
      }
      return parsed.key === key ? { value: parsed.value, savedAt: parsed.savedAt } : undefined
    } catch {
      return undefined
    }
  }

  /** Every entry with its size and last use, oldest first. */
  private async entries(): Promise<{ path: string; size: number; lastUse: number }[]> {
    const out: { path: string; size: number; lastUse: number }[] = []
    for (const dir of [join(this.root, 'blobs', 'sha256'), join(this.root, 'layers', 'sha256')]) {
      let names: string[]
      try {
        names = await readdir(dir)
      } catch {
        continue
      }
      for (const name of names) {
        if (name.endsWith('.ok') || name.startsWith('.')) continue
        const path = join(dir, name)
        try {
          const st = await stat(path)
          const marker = await stat(`${path}.ok`).catch(() => undefined)
          out.push({ path, size: st.size, lastUse: marker?.mtimeMs ?? 0 })
        } catch {
          // vanished meanwhile
        }
      }
    }
    return out.sort((a, b) => a.lastUse - b.lastUse)
  }

  /** Total bytes of blobs and layer tars. */
  async size(): Promise<number> {
    return (await this.entries()).reduce((n, e) => n + e.size, 0)
  }

  /**
   * Removes least-recently-used entries until the store is within `maxBytes`;
   * entries used by this process are kept. Stale partial downloads go too.
   */
  async evict(maxBytes = this.opts.maxBytes): Promise<EvictionResult> {
    const entries = await this.entries()
    let total = entries.reduce((n, e) => n + e.size, 0)
    let removed = 0
    let freed = 0
    if (maxBytes !== undefined) {
      for (const e of entries) {
        if (total <= maxBytes) break
        if (this.pinned.has(e.path)) continue
        await rm(`${e.path}.ok`, { force: true })
        await rm(e.path, { force: true })
        total -= e.size
        freed += e.size
        removed++
      }
    }
    await this.removeStaleTemporaries()
    if (removed)
      this.log.info(
        `content store: evicted ${removed} entries (${formatBytes(freed)}), ${formatBytes(total)} kept`
      )
    return { removed, freedBytes: freed, keptBytes: total }
  }

  /** Partial downloads and unpacked archives left by processes that died (a day old). */
  private async removeStaleTemporaries(maxAgeMs = 24 * 3600_000): Promise<void> {
    const dir = this.tmpDir()
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const st = await stat(join(dir, name)).catch(() => undefined)
      if (st && Date.now() - st.mtimeMs > maxAgeMs)
        await rm(join(dir, name), { recursive: true, force: true })
    }
  }

  /** Re-hashes every entry, dropping bad ones; for after a cache restore. */
  async verifyAll(): Promise<{ checked: number; dropped: number }> {
    let checked = 0
    let dropped = 0
    for (const e of await this.entries()) {
      const name = e.path
        .split('/')
        .pop()!
        .replace(/\.tar$/, '')
      await rm(`${e.path}.ok`, { force: true })
      this.pinned.delete(e.path)
      checked++
      if (!(await this.checkEntry(e.path, `sha256:${name}`))) dropped++
    }
    return { checked, dropped }
  }
}
