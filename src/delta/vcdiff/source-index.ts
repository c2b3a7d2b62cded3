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

export class SourceIndex {
  readonly step: number
  readonly shift: number
  /** Source position + 1 of the last block hashed into each slot; 0 = empty. */
  readonly table: Uint32Array

  constructor(readonly source: Uint8Array) {
    this.step = chooseStep(source.length)
    const slots = tableSlots(source.length, this.step)
    // Two entries per bucket: the first and the latest block with that hash
    // (first finds the original of repeated content, latest the nearby copy).
    this.shift = 32 - Math.max(1, Math.log2(slots) - 1)
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
    // One rolling hash over the whole source (one multiply-add per byte);
    // the earliest copy of repeated content keeps its slot.
    let h = blockHash(src, 0)
    for (let p = 0; ;) {
      if (p % step === 0) {
        const b = bucket(h, shift) * 2
        if (table[b] === 0) table[b] = p + 1
        else table[b + 1] = p + 1
      }
      if (++p > last) break
      h = rollHash(h, src[p - 1]!, src[p + BLOCK - 1]!)
    }
  }

  /** Bucket (index of its first entry) for hash h; entries hold position + 1, 0 = empty. */
  slot(h: number): number {
    return bucket(h, this.shift) * 2
  }
}
