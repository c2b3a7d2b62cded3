import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'

/**
 * A sampled content fingerprint of one layer tar: the file is cut at
 * content-defined boundaries (a gear rolling hash, as in FastCDC), so equal
 * runs of bytes give equal chunks wherever they sit, under whatever path;
 * the chunks whose cut-point hash falls under a threshold are kept with a
 * hash of their bytes. Two layers are compared on the chunks both would
 * keep, which estimates how many of one layer's bytes the other holds.
 *
 * The sampling is nested: a chunk kept at level L (cut-point value below
 * 2^32 / 2^L) is kept at every lower level too, so a layer sampled coarser
 * (a bigger one, halved until at most MAX_SAMPLES chunks remain) is compared
 * with a finer one by filtering the finer one to the coarser level.
 */
export interface Fingerprint {
  /** Bytes of the layer tar. */
  size: number
  /** Sampling level: chunks whose cut-point value is below 2^(32 − level) are kept. */
  level: number
  /** Per kept chunk: its cut-point value, content hash (hex) and length, distinct by hash. */
  chunks: ReadonlyArray<{ value: number; id: string; length: number }>
}

const MIN_CHUNK = 256
const MAX_CHUNK = 8192
/** The top 10 bits of the gear hash zero: a cut about every 1 KiB past the minimum. */
const CUT_MASK = 0xffc00000 | 0
/** The gear hash forgets a byte after 32 shifts; hashing restarts this far before a cut may fall. */
const WINDOW = 32
const MAX_SAMPLES = 2048
const READ_SIZE = 1 << 20

const GEAR = gearTable()

/**
 * 256 pseudo-random words (a fixed seed: fingerprints are stored and compared
 * across builds). A run of one repeated byte drives the gear hash to a fixed
 * point; no fixed point may pass the cut test, so runs of zeros (tar padding)
 * never cut and never yield chunks shared by unrelated layers.
 */
function gearTable(): Uint32Array {
  const table = new Uint32Array(256)
  let s = 0x9e3779b9
  for (let i = 0; i < 256; i++) {
    s = (s + 0x6d2b79f5) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    table[i] = (z ^ (z >>> 14)) >>> 0
    // fixed point of h = 2h + g (mod 2^32) is −g
    if (((-table[i]! >>> 0) & CUT_MASK) === 0) table[i] = table[i]! ^ 0x80000000
  }
  return table
}

/** murmur3's finaliser: a uniform 32-bit value from the cut-point hash, for sampling. */
function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const threshold = (level: number): number => 2 ** (32 - level)

/** One byte repeated: runs like tar padding say nothing about two layers' likeness. */
function uniform(chunk: Buffer): boolean {
  const b = chunk[0]
  for (let i = 1; i < chunk.length; i++) if (chunk[i] !== b) return false
  return true
}

/**
 * The end of the chunk starting at `start` and the gear hash there, into
 * `out`; false when `buf` ends (before `filled`) without a cut.
 */
function nextCut(
  buf: Buffer,
  start: number,
  filled: number,
  out: { end: number; hash: number }
): boolean {
  const end = Math.min(filled, start + MAX_CHUNK)
  const armed = Math.min(end, start + MIN_CHUNK - 1)
  let h = 0
  let i = start + MIN_CHUNK - WINDOW
  for (; i < armed; i++) h = ((h << 1) + GEAR[buf[i]!]!) | 0
  for (; i < end; i++) {
    h = ((h << 1) + GEAR[buf[i]!]!) | 0
    if ((h & CUT_MASK) === 0) {
      out.end = i + 1
      out.hash = h
      return true
    }
  }
  out.hash = h
  if (end - start < MAX_CHUNK) return false
  out.end = end
  return true
}

/** Streams the file once; memory is one read buffer and at most MAX_SAMPLES entries. */
export async function fingerprintFile(path: string): Promise<Fingerprint> {
  const file = await open(path, 'r')
  try {
    const size = (await file.stat()).size
    const kept = new Map<string, { value: number; id: string; length: number }>()
    let level = 0
    const keep = (chunk: Buffer, h: number): void => {
      const value = mix(h)
      if (value >= threshold(level) || uniform(chunk)) return
      const id = createHash('sha1').update(chunk).digest('hex').slice(0, 16)
      if (!kept.has(id)) kept.set(id, { value, id, length: chunk.length })
      while (kept.size > MAX_SAMPLES) {
        level++
        for (const [k, e] of kept) if (e.value >= threshold(level)) kept.delete(k)
      }
    }
    // unfinished chunks are carried to the front of `buf` and scanned again with more bytes
    const buf = Buffer.allocUnsafe(READ_SIZE + MAX_CHUNK)
    const cut = { end: 0, hash: 0 }
    let filled = 0
    let offset = 0
    for (;;) {
      const { bytesRead } = await file.read(buf, filled, READ_SIZE, offset)
      offset += bytesRead
      filled += bytesRead
      let start = 0
      while (nextCut(buf, start, filled, cut)) {
        keep(buf.subarray(start, cut.end), cut.hash)
        start = cut.end
      }
      if (bytesRead === 0) {
        if (filled > start) keep(buf.subarray(start, filled), cut.hash)
        break
      }
      buf.copy(buf, 0, start, filled)
      filled -= start
    }
    return { size, level, chunks: [...kept.values()] }
  } finally {
    await file.close()
  }
}

/**
 * Estimated bytes of `layer` that `other` holds too: the share of `layer`'s
 * sampled chunk bytes whose chunk `other` has, times `layer`'s size. Zero when
 * nothing sampled matches (or `layer` is too small to have chunks).
 */
export function sharedBytes(layer: Fingerprint, other: Fingerprint): number {
  const level = Math.max(layer.level, other.level)
  const limit = threshold(level)
  const theirs = new Set<string>()
  for (const c of other.chunks) if (c.value < limit) theirs.add(c.id)
  let total = 0
  let shared = 0
  for (const c of layer.chunks) {
    if (c.value >= limit) continue
    total += c.length
    if (theirs.has(c.id)) shared += c.length
  }
  return total === 0 ? 0 : Math.round((shared / total) * layer.size)
}

/** A compact form for the store: 16 bytes per chunk (value, 8 bytes of hash, length), base64. */
export function encodeFingerprint(fp: Fingerprint): {
  v: 1
  size: number
  level: number
  chunks: string
} {
  const out = Buffer.alloc(fp.chunks.length * 16)
  fp.chunks.forEach((c, k) => {
    out.writeUInt32BE(c.value, k * 16)
    out.write(c.id, k * 16 + 4, 8, 'hex')
    out.writeUInt32BE(c.length, k * 16 + 12)
  })
  return { v: 1, size: fp.size, level: fp.level, chunks: out.toString('base64') }
}

/** The stored form back; undefined for anything else (an older or damaged record). */
export function decodeFingerprint(value: unknown): Fingerprint | undefined {
  const r = value as { v?: unknown; size?: unknown; level?: unknown; chunks?: unknown } | null
  if (!r || r.v !== 1 || typeof r.chunks !== 'string') return undefined
  if (!Number.isSafeInteger(r.size) || !Number.isInteger(r.level)) return undefined
  const raw = Buffer.from(r.chunks, 'base64')
  if (raw.length % 16 !== 0) return undefined
  const chunks = []
  for (let k = 0; k < raw.length; k += 16)
    chunks.push({
      value: raw.readUInt32BE(k),
      id: raw.toString('hex', k + 4, k + 12),
      length: raw.readUInt32BE(k + 12)
    })
  return { size: r.size as number, level: r.level as number, chunks }
}
