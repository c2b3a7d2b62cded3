/**
 * A sparse hash index of the whole source: one slot per `step` bytes at most,
 * keyed by a polynomial rolling hash of BLOCK bytes. Memory bound: the table
 * has a power of two ≤ source/step slots of 4 bytes, so the index never
 * exceeds 4/step of the source size (step is chosen so that it stays within
 * source/4 + 16 MiB; see `chooseStep`).
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

/** Blocks bucketed per build chunk, and the bits of bucket used to sort them. */
const CHUNK = 1 << 16
const PART_BITS = 10
/**
 * Entries per bucket (log2): the first block with the hash, then the latest
 * ones. Same memory whatever the count (fewer buckets, more entries each; one
 * bucket stays within a cache line). More entries find longer and nearer
 * copies (npm-express-lodash gzip −3.5 % at 8 vs 2) but cost a source read per
 * candidate: sources up to DENSE_LIMIT get 8, larger ones (where the encode
 * time matters most and matches are long) 2.
 */
const DENSE_LIMIT = 64 * 1024 * 1024
export function chooseWaysLog(size: number): number {
  return size <= DENSE_LIMIT ? 3 : 1
}

/** Index memory allowed for a source of `size` bytes. */
export function indexBudget(size: number): number {
  return Math.floor(size / 4) + 16 * 1024 * 1024
}

/** The densest step (≥ 2) whose table fits `indexBudget`. */
export function chooseStep(size: number): number {
  for (const step of [2, 4, 8, 16, 32])
    if (tableSlots(size, step) * 4 <= indexBudget(size)) return step
  return 64
}

function tableSlots(size: number, step: number): number {
  const want = Math.max(1024, Math.floor(size / step))
  return 2 ** Math.floor(Math.log2(want))
}

/**
 * Buckets of `n` blocks from `start` (h = hash of the block at start), every
 * `step` bytes, into cb/cp (bucket, position + 1); returns the hash of the
 * block after the last one. A separate small function so V8 optimises it
 * whole instead of on-stack-replacing one big loop.
 */
function hashBlocks(
  src: Uint8Array,
  start: number,
  n: number,
  step: number,
  h: number,
  shift: number,
  cb: Uint32Array,
  cp: Uint32Array
): number {
  const last = src.length - BLOCK
  let p = start
  for (let i = 0; i < n; i++) {
    cb[i] = bucket(h, shift)
    cp[i] = p + 1
    const stop = Math.min(p + step, last)
    for (; p < stop; p++)
      h = (Math.imul((h - Math.imul(src[p]!, OUT_WEIGHT)) | 0, HASH_MUL) + src[p + BLOCK]!) | 0
    if (p < start + (i + 1) * step) p = start + (i + 1) * step
  }
  return h
}

export class SourceIndex {
  readonly step: number
  readonly shift: number
  /** Entries per bucket, and its log2. */
  readonly ways: number
  readonly waysLog: number
  /** Source position + 1 of the last block hashed into each slot; 0 = empty. */
  readonly table: Uint32Array

  constructor(readonly source: Uint8Array) {
    this.step = chooseStep(source.length)
    const slots = tableSlots(source.length, this.step)
    // Per bucket: the first block with that hash, then the latest ones
    // (first finds the original of repeated content, latest the nearby copy).
    this.waysLog = chooseWaysLog(source.length)
    this.ways = 1 << this.waysLog
    this.shift = 32 - Math.max(1, Math.log2(slots) - this.waysLog)
    this.table = new Uint32Array(slots)
    this.build()
  }

  get bytes(): number {
    return this.table.byteLength
  }

  private build(): void {
    const src = this.source
    const last = src.length - BLOCK
    if (last < 0) return
    const step = this.step
    const shift = this.shift
    const table = this.table
    const bucketBits = 32 - shift
    // Inserting straight into a table much larger than the CPU caches costs a
    // cache miss per block. Instead each chunk of blocks is first bucketed
    // (one rolling hash over the source), then counting-sorted by the top bits
    // of its bucket (stable, so insertion order is kept) and written region by
    // region. Scratch: 4 arrays of CHUNK entries (1 MiB), freed after the build.
    const parts = Math.min(PART_BITS, bucketBits)
    const partShift = bucketBits - parts
    const counts = new Int32Array((1 << parts) + 1)
    const blocks = Math.floor(last / step) + 1
    const chunk = Math.min(CHUNK, blocks)
    const cb = new Uint32Array(chunk)
    const cp = new Uint32Array(chunk)
    const sb = new Uint32Array(chunk)
    const sp = new Uint32Array(chunk)
    let h = blockHash(src, 0)
    let done = 0
    while (done < blocks) {
      const n = Math.min(chunk, blocks - done)
      h = hashBlocks(src, done * step, n, step, h, shift, cb, cp)
      counts.fill(0)
      for (let i = 0; i < n; i++) counts[(cb[i]! >>> partShift) + 1]!++
      for (let k = 1; k < counts.length; k++) counts[k]! += counts[k - 1]!
      for (let i = 0; i < n; i++) {
        const at = counts[cb[i]! >>> partShift]!++
        sb[at] = cb[i]!
        sp[at] = cp[i]!
      }
      // Per bucket: the first block with this hash, then the latest ones (newest first).
      const ways = this.ways
      const waysLog = this.waysLog
      if (ways === 2) {
        for (let i = 0; i < n; i++) {
          const e = sb[i]! * 2
          if (table[e] === 0) table[e] = sp[i]!
          else table[e + 1] = sp[i]!
        }
      } else {
        for (let i = 0; i < n; i++) {
          const e = sb[i]! << waysLog
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
    return bucket(h, this.shift) << this.waysLog
  }
}
