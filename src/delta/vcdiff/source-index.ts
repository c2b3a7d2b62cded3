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

/** HASH_MUL^2, ^3, ^4: the weights `blockHash` combines its four interleaved chains with. */
const MUL2 = Math.imul(HASH_MUL, HASH_MUL)
const MUL3 = Math.imul(MUL2, HASH_MUL)
const MUL4 = Math.imul(MUL3, HASH_MUL)

/**
 * Hash of `data[pos, pos + BLOCK)`: Σ byte[j] · HASH_MUL^(BLOCK−1−j) mod 2^32,
 * the value `rollHash` keeps. Computed as four independent Horner chains
 * (bytes j ≡ r mod 4, base HASH_MUL^4) so the multiplies overlap: hashing
 * only the indexed blocks this way costs less than rolling over every source
 * byte at every step above the densest (where the two are equal).
 */
export function blockHash(data: Uint8Array, pos: number): number {
  // Unrolled (BLOCK = 16): V8 keeps a 3-turn loop a loop, which is slower.
  let c0 = data[pos]!
  let c1 = data[pos + 1]!
  let c2 = data[pos + 2]!
  let c3 = data[pos + 3]!
  c0 = (Math.imul(c0, MUL4) + data[pos + 4]!) | 0
  c1 = (Math.imul(c1, MUL4) + data[pos + 5]!) | 0
  c2 = (Math.imul(c2, MUL4) + data[pos + 6]!) | 0
  c3 = (Math.imul(c3, MUL4) + data[pos + 7]!) | 0
  c0 = (Math.imul(c0, MUL4) + data[pos + 8]!) | 0
  c1 = (Math.imul(c1, MUL4) + data[pos + 9]!) | 0
  c2 = (Math.imul(c2, MUL4) + data[pos + 10]!) | 0
  c3 = (Math.imul(c3, MUL4) + data[pos + 11]!) | 0
  c0 = (Math.imul(c0, MUL4) + data[pos + 12]!) | 0
  c1 = (Math.imul(c1, MUL4) + data[pos + 13]!) | 0
  c2 = (Math.imul(c2, MUL4) + data[pos + 14]!) | 0
  c3 = (Math.imul(c3, MUL4) + data[pos + 15]!) | 0
  return (Math.imul(c0, MUL3) + Math.imul(c1, MUL2) + Math.imul(c2, HASH_MUL) + c3) | 0
}

/** Roll the hash one byte: drop `out`, take `inp`. */
export function rollHash(h: number, out: number, inp: number): number {
  return (Math.imul((h - Math.imul(out, OUT_WEIGHT)) | 0, HASH_MUL) + inp) | 0
}

/** h mixed so that its top bits (a table slot) depend on all of it. */
export function mixHash(h: number): number {
  return Math.imul(h, FINAL_MUL)
}

export function bucket(h: number, shift: number): number {
  return mixHash(h) >>> shift
}

/**
 * Blocks bucketed per build chunk, and the bits of bucket used to sort them.
 * A chunk of 2^18 blocks (3 MiB of scratch) lands several blocks in each
 * 1/1024 of the table, so consecutive inserts share cache lines: smaller
 * chunks build slower, larger ones no faster while their scratch stays in RSS
 * until the encode ends (figures: src/delta/README.md, Tuning notes). The
 * table is the same whatever the chunk (the sort is stable, so each bucket
 * still sees its blocks in source order).
 */
const CHUNK = 1 << 18
const PART_BITS = 10
/**
 * Entries per bucket (log2): the first block with the hash, then the latest
 * ones. Same memory whatever the count (fewer buckets, more entries each; one
 * bucket stays within a cache line). More entries find longer and nearer
 * copies but cost a source read per candidate, which on large sources (long
 * matches) buys little: sources up to DENSE_LIMIT get 8 (128 up to SMALL_SOURCE,
 * 512 up to WIDE_LIMIT), larger ones (where the encode time matters most and
 * matches are long) 2.
 */
const DENSE_LIMIT = 32 * 1024 * 1024
/**
 * Sources up to this size get 512 entries per bucket: more candidates for the
 * address-cost scoring, so nearer copies with cheaper addresses. Every lookup
 * may read 512 entries, a random source read each, so the cost grows with the
 * target, hence the limit.
 */
const WIDE_LIMIT = 2 * 1024 * 1024
/**
 * Sources above WIDE_LIMIT up to SMALL_SOURCE get 128: their index is one
 * entry per 5 bytes or so (the memory goal's cut), and more candidates per
 * bucket win back what the sparser step loses.
 */
const MID_WAYS_LOG = 7
export function chooseWaysLog(size: number): number {
  if (size <= WIDE_LIMIT) return 9
  if (size <= SMALL_SOURCE) return MID_WAYS_LOG
  return size <= DENSE_LIMIT ? 3 : 1
}

const MiB = 1024 * 1024
/**
 * Sources up to this size (small layers) get their own memory rules: 4 MiB
 * windows and 0.75 MiB of build scratch, and an index of at most `size/2 + 3
 * MiB` (see `indexBudget`).
 */
export const SMALL_SOURCE = 12 * MiB

/**
 * Index memory allowed for a source of `size` bytes: `size/4 + 16 MiB`, at
 * most `size/2 + 3 MiB` up to SMALL_SOURCE, and above it no more than the memory goal leaves, `0.45 × size − 12
 * MiB` but at least size/5: source + index + everything else (Node, compiled
 * code, window buffers) must stay within 1.5 × size + 64 MiB, which cuts the
 * index of 13–45 MiB sources, while from about 140 MiB up `size/4 + 16 MiB`
 * is the smaller.
 */
export function indexBudget(size: number): number {
  const dense = denseIndexBudget(size)
  // Small sources: what the memory goal leaves beside the source and Node
  // itself at the peak (with the encoder's compiled code, the compiler's own
  // memory, the 4 MiB window and output), which a larger index overran
  // (figures: src/delta/README.md, Tuning notes, SMALL_SOURCE and indexBudget).
  // Under ~2 MiB the densest step (one entry per 2 bytes) fits anyway.
  if (size <= SMALL_SOURCE) return Math.min(dense, Math.floor(size / 2) + 3 * MiB)
  return Math.min(dense, Math.max(Math.floor(size / 5), Math.floor(0.45 * size) - 12 * MiB))
}

/**
 * The index without the memory goal's cut: `size/4 + 16 MiB` at every size.
 * For callers with memory to spare (the action's worker pool counts it in
 * `encodeMemoryEstimate`): on 13–45 MiB sources it is several times the
 * bounded index and the deltas are smaller.
 */
export function denseIndexBudget(size: number): number {
  return Math.floor(size / 4) + 16 * MiB
}

/** Blocks indexed in a source of `size` bytes, one every `step` bytes. */
function blockCount(size: number, step: number): number {
  return size < BLOCK ? 0 : Math.floor((size - BLOCK) / step) + 1
}

/** Bytes of build scratch a source of `size` bytes needs (3 arrays of one chunk). */
export function indexScratchBytes(size: number, step: number): number {
  return 12 * chunkBlocks(blockCount(size, step), size)
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
 * whose blocks fit the budget, one entry per indexed block (more blocks per
 * entry: denser steps but more collisions and slower encodes).
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
 * Hashes of `n` blocks from `start`, every `step` bytes, into hb (block i is
 * at start + i * step). A separate small function so V8 optimises it whole
 * instead of on-stack-replacing one big loop.
 */
function hashBlocks(src: Uint8Array, start: number, n: number, step: number, hb: Int32Array): void {
  // blockHash's body, written out: unrolled it is too large for V8 to inline,
  // and a call per block cost more than the hashing.
  for (let i = 0, p = start; i < n; i++, p += step) {
    let c0 = src[p]!
    let c1 = src[p + 1]!
    let c2 = src[p + 2]!
    let c3 = src[p + 3]!
    c0 = (Math.imul(c0, MUL4) + src[p + 4]!) | 0
    c1 = (Math.imul(c1, MUL4) + src[p + 5]!) | 0
    c2 = (Math.imul(c2, MUL4) + src[p + 6]!) | 0
    c3 = (Math.imul(c3, MUL4) + src[p + 7]!) | 0
    c0 = (Math.imul(c0, MUL4) + src[p + 8]!) | 0
    c1 = (Math.imul(c1, MUL4) + src[p + 9]!) | 0
    c2 = (Math.imul(c2, MUL4) + src[p + 10]!) | 0
    c3 = (Math.imul(c3, MUL4) + src[p + 11]!) | 0
    c0 = (Math.imul(c0, MUL4) + src[p + 12]!) | 0
    c1 = (Math.imul(c1, MUL4) + src[p + 13]!) | 0
    c2 = (Math.imul(c2, MUL4) + src[p + 14]!) | 0
    c3 = (Math.imul(c3, MUL4) + src[p + 15]!) | 0
    hb[i] = (Math.imul(c0, MUL3) + Math.imul(c1, MUL2) + Math.imul(c2, HASH_MUL) + c3) | 0
  }
}

/**
 * Bits of an index entry that hold block number + 1 (0 = empty) for a source
 * of `blocks` indexed blocks; the 32 − that bits above are check bits.
 */
export function blockBits(blocks: number): number {
  let bits = 1
  while (bits < 32 && 2 ** bits <= blocks) bits++
  return bits
}

const CHECK_MUL = 0x85ebca6b | 0

/**
 * Check bits of hash h, in place (the entry's bits under `mask`): top bits of
 * a second mix of h, independent of the bucket (the top bits of another one).
 */
export function checkTag(h: number, mask: number): number {
  return Math.imul(h ^ (h >>> 15), CHECK_MUL) & mask
}

export class SourceIndex {
  readonly step: number
  readonly buckets: number
  /** Entries per bucket. */
  readonly ways: number
  /**
   * `ways` entries per bucket, 0 = empty. An entry is the block's number + 1
   * (block n starts at n · step) in its low `blockBits` bits, and check bits of
   * the block's hash (`checkTag`) in the bits above (`checkMask`): a lookup
   * rejects most other blocks that share the bucket without reading the source
   * there, a cache miss each (most candidates on a large source are such
   * blocks). Block numbers (not positions) leave at least one check bit for
   * every source up to 4 GiB (step ≥ 2); the code still works with none.
   */
  readonly table: Int32Array
  /** Mask of the entry's block number bits (−1 when they take all 32). */
  readonly blockMask: number
  /** Mask of the entry's check bits (0 when there are none). */
  readonly checkMask: number

  /**
   * `waysLog`: log2 of the entries per bucket (default `chooseWaysLog`); memory
   * is the same. `budget`: index bytes (default `indexBudget`). `scratch`: memory
   * the build may use for its scratch (the caller's, reused afterwards; at least
   * `indexScratchBytes`), else it allocates its own. `maxCheckBits`: for tests,
   * fewer check bits than the block numbers leave (0 = none).
   */
  constructor(
    readonly source: Uint8Array,
    waysLog?: number,
    budget?: number,
    scratch?: ArrayBuffer,
    maxCheckBits = 32
  ) {
    const layout = indexLayout(source.length, waysLog, budget)
    this.step = layout.step
    this.buckets = layout.buckets
    this.ways = layout.ways
    this.table = new Int32Array(this.buckets * this.ways)
    const blocks = blockCount(source.length, this.step)
    const bits = Math.max(blockBits(blocks), 32 - maxCheckBits)
    this.blockMask = bits >= 32 ? -1 : (1 << bits) - 1
    this.checkMask = ~this.blockMask
    this.build(blocks, scratch)
  }

  get bytes(): number {
    return this.table.byteLength
  }

  private build(blocks: number, scratch?: ArrayBuffer): void {
    if (blocks === 0) return
    const src = this.source
    const step = this.step
    const buckets = this.buckets
    const table = this.table
    const checkMask = this.checkMask
    const bucketBits = Math.max(1, Math.ceil(Math.log2(buckets)))
    // Inserting straight into a table much larger than the CPU caches costs a
    // cache miss per block. Instead each chunk of blocks is first hashed, then
    // counting-sorted by the top bits of its bucket (stable, so insertion order
    // is kept) and written region by region. Scratch: 3 arrays of CHUNK
    // entries (3 MiB at most), reused by the caller. (The bucket is computed
    // twice, in the count and in the sort, rather than kept in a 4th array.)
    const parts = Math.min(PART_BITS, bucketBits)
    const partShift = bucketBits - parts
    const counts = new Int32Array((1 << parts) + 1)
    const chunk = chunkBlocks(blocks, src.length)
    const mem = scratch && scratch.byteLength >= 12 * chunk ? scratch : new ArrayBuffer(12 * chunk)
    const hb = new Int32Array(mem, 0, chunk)
    const sb = new Int32Array(mem, 4 * chunk, chunk)
    const se = new Int32Array(mem, 8 * chunk, chunk)
    // entries per bucket so far, for buckets wide enough that shifting them whole costs
    const fill = this.ways >= 64 ? new Uint16Array(buckets) : null
    let done = 0
    while (done < blocks) {
      const n = Math.min(chunk, blocks - done)
      hashBlocks(src, done * step, n, step, hb)
      counts.fill(0)
      for (let i = 0; i < n; i++) counts[(bucketOf(hb[i]!, buckets) >>> partShift) + 1]!++
      for (let k = 1; k < counts.length; k++) counts[k]! += counts[k - 1]!
      for (let i = 0; i < n; i++) {
        const h = hb[i]!
        const b = bucketOf(h, buckets)
        const at = counts[b >>> partShift]!++
        sb[at] = b
        // entry: block number + 1, check bits above
        se[at] = (done + i + 1) | checkTag(h, checkMask)
      }
      // Per bucket: the first block with this hash, then the latest ones (newest first).
      const ways = this.ways
      if (ways === 2) {
        for (let i = 0; i < n; i++) {
          const e = sb[i]! * 2
          if (table[e] === 0) table[e] = se[i]!
          else table[e + 1] = se[i]!
        }
      } else if (fill) {
        // Wide buckets: a bucket's blocks in this chunk are adjacent (sorted),
        // so its entries move once per chunk, not once per block (that shift,
        // up to 511 entries a block, would dominate a small source's encode).
        // Same table as inserting block by block.
        for (let i = 0; i < n;) {
          const b = sb[i]!
          let j = i + 1
          while (j < n && sb[j] === b) j++
          const e = b * ways
          let f = fill[b]!
          if (f === 0) {
            table[e] = se[i++]!
            f = 1
          }
          const k = j - i
          if (k > 0) {
            const cap = ways - 1
            const add = Math.min(k, cap)
            const keep = Math.min(f - 1, cap - add)
            for (let t = keep; t >= 1; t--) table[e + add + t] = table[e + t]!
            for (let t = 0; t < add; t++) table[e + 1 + t] = se[j - 1 - t]!
            f = 1 + Math.min(cap, f - 1 + k)
          }
          fill[b] = f
          i = j
        }
      } else {
        for (let i = 0; i < n; i++) {
          const e = sb[i]! * ways
          if (table[e] === 0) table[e] = se[i]!
          else {
            for (let k = e + ways - 1; k > e + 1; k--) table[k] = table[k - 1]!
            table[e + 1] = se[i]!
          }
        }
      }
      done += n
    }
  }

  /** Bucket (index of its first entry) for hash h; see `table` for the entries. */
  slot(h: number): number {
    return bucketOf(h, this.buckets) * this.ways
  }
}
