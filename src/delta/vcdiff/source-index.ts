/**
 * A sparse hash index of the whole source: one entry per `step` bytes, keyed
 * by a polynomial rolling hash of BLOCK bytes. Memory bound: 4-byte entries,
 * at most `indexBudget(size)` bytes in all (≤ source/4 + 16 MiB, and ≤ 0.45 ×
 * source above 12 MiB; the entry count is not rounded to a power of two, so
 * the whole budget is used and no more; see `indexLayout`).
 */
export const BLOCK = 16
export const HASH_MUL = 0x01000193 // polynomial base (FNV prime): odd, mixes well in imul
const FINAL_MUL = 0x9e3779b1 | 0

/** HASH_MUL^(BLOCK-1) mod 2^32: the weight of the byte that leaves the window. */
export const OUT_WEIGHT = (() => {
  let w = 1
  for (let i = 0; i < BLOCK - 1; i++) w = Math.imul(w, HASH_MUL)
  return w
})()

/** Hash of `data[pos, pos + BLOCK)`. */
export function blockHash(data: Uint8Array, pos: number): number {
  let h = 0
  for (let i = 0; i < BLOCK; i++) h = (Math.imul(h, HASH_MUL) + data[pos + i]!) | 0
  return h
}

/** Roll the hash one byte: drop `out`, take `inp`. */
export function rollHash(h: number, out: number, inp: number): number {
  return (Math.imul((h - Math.imul(out, OUT_WEIGHT)) | 0, HASH_MUL) + inp) | 0
}

export function bucket(h: number, shift: number): number {
  return Math.imul(h, FINAL_MUL) >>> shift
}

/**
 * Blocks bucketed per build chunk, and the bits of bucket used to sort them.
 * A chunk of 2^18 blocks (3 MiB of scratch) lands several blocks in each
 * 1/1024 of the table, so consecutive inserts share cache lines: the build
 * ran about twice as fast as with 2^16-block chunks, and within noise of
 * 2^20 (12 MiB of scratch, which stayed in RSS until the encode ended). The
 * table is the same whatever the chunk (the sort is stable, so each bucket
 * still sees its blocks in source order).
 */
const CHUNK = 1 << 18
const PART_BITS = 10
/**
 * Entries per bucket (log2): the first block with the hash, then the latest
 * ones. Same memory whatever the count (fewer buckets, more entries each; one
 * bucket stays within a cache line). More entries find longer and nearer
 * copies (gzip −3.5 % on npm-express-lodash, −12 % on npm-typescript at 8 vs
 * 2) but cost a source read per candidate (+25 % encode time on libnode108, 45
 * MiB, for −0.1 %): sources up to DENSE_LIMIT get 8, larger ones (where the
 * encode time matters most and matches are long) 2.
 */
const DENSE_LIMIT = 32 * 1024 * 1024
/**
 * Sources up to this size get 512 entries per bucket: more candidates for the
 * address-cost scoring, so nearer copies with cheaper addresses (npm-small,
 * with the short-copy pass: delta gzip 17,233 bytes at 8 entries, 16,511 at
 * 128, 16,296 at 512, for +0.2 CPU s). Every lookup may read 512 entries, a
 * random source read each, so the cost grows with the target: 4 MiB of random
 * data against 4 MiB took 5.9 CPU s (0.7 at 8 entries), hence the limit.
 */
const WIDE_LIMIT = 2 * 1024 * 1024
export function chooseWaysLog(size: number): number {
  if (size <= WIDE_LIMIT) return 9
  return size <= DENSE_LIMIT ? 3 : 1
}

const MiB = 1024 * 1024
/**
 * Sources up to this size (small layers) get their own memory rules: 4 MiB
 * windows and 0.75 MiB of build scratch, and an index of at most `size/2 + 5
 * MiB` (see `indexBudget`).
 */
export const SMALL_SOURCE = 12 * MiB

/**
 * Index memory allowed for a source of `size` bytes: `size/4 + 16 MiB`, at
 * most `size/2 + 5 MiB` up to SMALL_SOURCE, and above it no more than the memory goal leaves, `0.45 × size − 12
 * MiB` but at least size/5. Measured on the delta corpus: source + index +
 * about 67–80 MiB of everything else (Node, compiled code, window buffers)
 * must stay within 1.5 × size + 64 MiB; that cuts the index of 13–45 MiB
 * sources (45 MiB: 26 → 9 MiB, gzip still 0.67× best-tuned xdelta3), while
 * from about 140 MiB up `size/4 + 16 MiB` is the smaller. (A denser index for
 * the 541 MiB pair, 217 MiB, gave −1.0 % gzip for +7 % CPU; not taken.)
 */
export function indexBudget(size: number): number {
  const dense = denseIndexBudget(size)
  // Small sources: what the memory goal leaves beside Node itself (~43 MiB
  // with the encoder loaded, ~59 MiB with its compiled code, 4 MiB window and
  // output at the peak) and the source: 1.5 × size + 64 − size − 59 MiB.
  // npm-express-lodash (9.3 MiB): step 3 → 4, peak 81.5 → 78 MiB against a 77.9
  // MiB bound, delta gzip +0.7 % (0.997× xdelta3 -9, with repeat offsets); under
  // ~3.3 MiB the densest step (one entry per 2 bytes) fits anyway.
  if (size <= SMALL_SOURCE) return Math.min(dense, Math.floor(size / 2) + 5 * MiB)
  return Math.min(dense, Math.max(Math.floor(size / 5), Math.floor(0.45 * size) - 12 * MiB))
}

/**
 * The index without the memory goal's cut: `size/4 + 16 MiB` at every size.
 * For callers with memory to spare (the action's worker pool counts it in
 * `encodeMemoryEstimate`): on 13–45 MiB sources it is 2–6× the bounded index
 * and the deltas are up to 20 % smaller (bench/deep-delta, npm-typescript).
 */
export function denseIndexBudget(size: number): number {
  return Math.floor(size / 4) + 16 * MiB
}

/** Bytes of build scratch a source of `size` bytes needs (3 arrays of one chunk). */
export function indexScratchBytes(size: number, step: number): number {
  return 12 * chunkBlocks(size < BLOCK ? 0 : Math.floor((size - BLOCK) / step) + 1, size)
}

/**
 * Blocks per build chunk: CHUNK, a quarter of a smaller source's, and 2^16 for
 * sources up to SMALL_SOURCE. The scratch (12 bytes a block) stays in RSS as
 * the target table's buffer; on small sources, where Node and the source
 * already take most of the memory goal, 3 MiB of it was too much, and their
 * build is short whatever the chunk.
 */
function chunkBlocks(blocks: number, size: number): number {
  const cap = size <= SMALL_SOURCE ? 1 << 16 : CHUNK
  return Math.min(blocks, cap, Math.max(1 << 16, Math.ceil(blocks / 4)))
}

/**
 * Step (≥ 2 bytes between indexed blocks) and bucket count: the densest step
 * whose blocks fit the budget, one entry per indexed block. (Up to 2 blocks
 * per entry was tried: denser steps but more collisions; openjdk gzip within
 * 0.5 %, typescript −3 %, npm-small +5 %, and up to 30 % slower.)
 */
export function indexLayout(
  size: number,
  waysLog = chooseWaysLog(size),
  budget = indexBudget(size)
): { step: number; buckets: number; ways: number } {
  const ways = 1 << waysLog
  const maxEntries = Math.max(ways, Math.floor(budget / 4))
  const step = Math.max(2, Math.ceil(size / maxEntries))
  const entries = Math.min(maxEntries, Math.max(1024, Math.ceil(size / step)))
  return { step, buckets: Math.max(1, Math.floor(entries / ways)), ways }
}

/**
 * Bucket in [0, n) for hash h: the top bits of the mixed hash scaled to n
 * (n need not be a power of two). Exact in doubles: (2^32 − 1) · n < 2^32 · n
 * stays below n after the division for every n < 2^31.
 */
export function bucketOf(h: number, n: number): number {
  return Math.floor(((Math.imul(h, FINAL_MUL) >>> 0) * n) / 4294967296)
}

/**
 * Buckets of `n` blocks from `start` (h = hash of the block at start), every
 * `step` bytes, into cb (block i is at start + i * step); returns the hash of
 * the block after the last one. A separate small function so V8 optimises it
 * whole instead of on-stack-replacing one big loop.
 */
function hashBlocks(
  src: Uint8Array,
  start: number,
  n: number,
  step: number,
  h: number,
  buckets: number,
  cb: Uint32Array
): number {
  const nb = buckets
  const last = src.length - BLOCK
  let p = start
  for (let i = 0; i < n; i++) {
    cb[i] = bucketOf(h, nb)
    const stop = Math.min(p + step, last)
    for (; p < stop; p++)
      h = (Math.imul((h - Math.imul(src[p]!, OUT_WEIGHT)) | 0, HASH_MUL) + src[p + BLOCK]!) | 0
    if (p < start + (i + 1) * step) p = start + (i + 1) * step
  }
  return h
}

export class SourceIndex {
  readonly step: number
  readonly buckets: number
  /** Entries per bucket. */
  readonly ways: number
  /** Source position + 1 of blocks, `ways` entries per bucket; 0 = empty. */
  readonly table: Uint32Array

  /**
   * `waysLog`: log2 of the entries per bucket (default `chooseWaysLog`); memory
   * is the same. `budget`: index bytes (default `indexBudget`). `scratch`: memory
   * the build may use for its scratch (the caller's, reused afterwards; at least
   * `indexScratchBytes`), else it allocates its own.
   */
  constructor(
    readonly source: Uint8Array,
    waysLog?: number,
    budget?: number,
    scratch?: ArrayBuffer
  ) {
    const layout = indexLayout(source.length, waysLog, budget)
    this.step = layout.step
    this.buckets = layout.buckets
    this.ways = layout.ways
    this.table = new Uint32Array(this.buckets * this.ways)
    this.build(scratch)
  }

  get bytes(): number {
    return this.table.byteLength
  }

  private build(scratch?: ArrayBuffer): void {
    const src = this.source
    const last = src.length - BLOCK
    if (last < 0) return
    const step = this.step
    const buckets = this.buckets
    const table = this.table
    const bucketBits = Math.max(1, Math.ceil(Math.log2(buckets)))
    // Inserting straight into a table much larger than the CPU caches costs a
    // cache miss per block. Instead each chunk of blocks is first bucketed
    // (one rolling hash over the source), then counting-sorted by the top bits
    // of its bucket (stable, so insertion order is kept) and written region by
    // region. Scratch: 3 arrays of CHUNK entries (3 MiB at most), reused by the caller.
    const parts = Math.min(PART_BITS, bucketBits)
    const partShift = bucketBits - parts
    const counts = new Int32Array((1 << parts) + 1)
    const blocks = Math.floor(last / step) + 1
    const chunk = chunkBlocks(blocks, src.length)
    const mem = scratch && scratch.byteLength >= 12 * chunk ? scratch : new ArrayBuffer(12 * chunk)
    const cb = new Uint32Array(mem, 0, chunk)
    const sb = new Uint32Array(mem, 4 * chunk, chunk)
    const sp = new Uint32Array(mem, 8 * chunk, chunk)
    let h = blockHash(src, 0)
    let done = 0
    while (done < blocks) {
      const n = Math.min(chunk, blocks - done)
      h = hashBlocks(src, done * step, n, step, h, buckets, cb)
      counts.fill(0)
      for (let i = 0; i < n; i++) counts[(cb[i]! >>> partShift) + 1]!++
      for (let k = 1; k < counts.length; k++) counts[k]! += counts[k - 1]!
      for (let i = 0; i < n; i++) {
        const at = counts[cb[i]! >>> partShift]!++
        sb[at] = cb[i]!
        // position + 1 of block i of this chunk
        sp[at] = (done + i) * step + 1
      }
      // Per bucket: the first block with this hash, then the latest ones (newest first).
      const ways = this.ways
      if (ways === 2) {
        for (let i = 0; i < n; i++) {
          const e = sb[i]! * 2
          if (table[e] === 0) table[e] = sp[i]!
          else table[e + 1] = sp[i]!
        }
      } else {
        for (let i = 0; i < n; i++) {
          const e = sb[i]! * ways
          if (table[e] === 0) table[e] = sp[i]!
          else {
            for (let k = e + ways - 1; k > e + 1; k--) table[k] = table[k - 1]!
            table[e + 1] = sp[i]!
          }
        }
      }
      done += n
    }
  }

  /** Bucket (index of its first entry) for hash h; entries hold position + 1, 0 = empty. */
  slot(h: number): number {
    return bucketOf(h, this.buckets) * this.ways
  }
}
