import { HASH_MUL, mixHash } from './source-index.js'

/**
 * A small dense index of the source pages the encoder copied from lately.
 *
 * The main index (16-byte blocks every `step` bytes, a step that grows with
 * the source) finds a copy only where about step + 16 bytes match. Rewritten binaries and
 * archives are full of shorter matches near the source regions already being
 * copied from (symbol names, changed instructions between unchanged ones,
 * zip entry headers): xdelta3 -9, with its dense 9-byte checksums, takes them.
 * This index covers only pages near recent copies, so it stays small and
 * cheap: LOCAL_BLOCK-byte blocks, one entry every LOCAL_STEP bytes, of each
 * page touched, and a page is indexed again only once its entries are likely
 * overwritten.
 */
export const LOCAL_BLOCK = 8
/**
 * The encoder uses the index by default only on sources over 64 MiB, where
 * its 5 MiB + source/128 (`localIndexBytes`) fit the memory goal. On smaller
 * sources it still makes smaller deltas but pushes peak RSS past 1.5 × source
 * + 64 MiB; callers with memory to spare (the worker pool) turn it on.
 */
export const LOCAL_INDEX_MIN_SOURCE = 64 * 1024 * 1024
/** Bytes the index takes for a source of `size` bytes. */
export function localIndexBytes(size: number): number {
  // table (4 bytes a slot) + tags (1) + stamps (4 bytes a page)
  return (5 << TABLE_BITS) + 4 * pageCount(size)
}
function pageCount(size: number): number {
  return (size >> PAGE_BITS) + 1
}
const LOCAL_STEP = 2
const PAGE_BITS = 9
const TABLE_BITS = 20

/** HASH_MUL^LOCAL_BLOCK: the weight of the byte that leaves the block. */
const OUT_WEIGHT = (() => {
  let w = 1
  for (let i = 0; i < LOCAL_BLOCK; i++) w = Math.imul(w, HASH_MUL)
  return w
})()

/** Hash of `data[p, p + LOCAL_BLOCK)` (the same as the encoder's 8-byte target hash). */
export function localHash(data: Uint8Array, p: number): number {
  let h = 0
  for (let i = 0; i < LOCAL_BLOCK; i++) h = (Math.imul(h, HASH_MUL) + data[p + i]!) | 0
  return h
}

export class LocalIndex {
  /** Source position + 1 of the latest block with the slot's hash; 0 = empty. */
  private readonly table = new Int32Array(1 << TABLE_BITS)
  /**
   * 8 more bits of each entry's hash: a lookup whose tag differs is a
   * collision, rejected without reading the source (a cache miss far away).
   */
  private readonly tags = new Uint8Array(1 << TABLE_BITS)
  /** Per source page: the page count when it was last indexed (0 = never). */
  private readonly stamps: Uint32Array
  private pages = 0
  /** Pages indexed since a page's stamp before its entries are mostly overwritten. */
  private readonly fresh = Math.max(
    1,
    ((1 << TABLE_BITS) >> (PAGE_BITS - Math.log2(LOCAL_STEP))) >> 1
  )
  private readonly shift = 32 - TABLE_BITS

  constructor(private readonly source: Uint8Array) {
    this.stamps = new Uint32Array(pageCount(source.length))
  }

  /** Make sure the page holding source position s is indexed. */
  touch(s: number): void {
    const page = s >> PAGE_BITS
    if (page >= this.stamps.length) return
    const st = this.stamps[page]!
    if (st !== 0 && this.pages - st < this.fresh) return
    this.stamps[page] = ++this.pages
    const src = this.source
    const a = page << PAGE_BITS
    const b = Math.min(a + (1 << PAGE_BITS), src.length - LOCAL_BLOCK + 1)
    if (b <= a) return
    const table = this.table
    const tags = this.tags
    const shift = this.shift
    let h = localHash(src, a)
    for (let p = a; ;) {
      if ((p & (LOCAL_STEP - 1)) === 0) {
        const m = mixHash(h)
        const slot = m >>> shift
        table[slot] = p + 1
        tags[slot] = m & 0xff
      }
      if (++p >= b) break
      h =
        (Math.imul(h, HASH_MUL) + src[p + LOCAL_BLOCK - 1]! - Math.imul(src[p - 1]!, OUT_WEIGHT)) |
        0
    }
  }

  /** Latest indexed source position whose block hashes like `h`, or -1. */
  lookup(h: number): number {
    const m = mixHash(h)
    const slot = m >>> this.shift
    return this.tags[slot] === (m & 0xff) ? this.table[slot]! - 1 : -1
  }
}
