import { COPY } from './code-table.js'

/** Op kinds beyond the code table's ADD and RUN: a COPY from the source or from the target so far. */
export const COPY_SOURCE = COPY
export const COPY_TARGET = COPY + 1

/**
 * Growable parallel arrays of one window's operations (9 bytes each; a
 * literal-heavy 8 MiB window has up to ~450,000: positions fit 32 bits,
 * sources are below 4 GiB and window addresses below MAX_SEGMENT + WINDOW_SIZE).
 */
export class OpList {
  count = 0
  /** Kind (low 3 bits); at emit time a COPY's address mode is added above them (`<< 3`). */
  type: Uint8Array
  size: Int32Array
  /**
   * ADD/RUN: target offset of the data; COPY_SOURCE: absolute source position;
   * COPY_TARGET: target offset. At emit time a COPY's is replaced by the address value to write.
   */
  where: Uint32Array

  /**
   * `capacity`: room before the first growth. Given the most a window may
   * hold, the list never grows: large zero-filled arrays are mapped lazily,
   * so RSS counts only the pages used, and no outgrown arrays wait for a GC.
   */
  constructor(capacity = 1024) {
    this.type = new Uint8Array(capacity)
    this.size = new Int32Array(capacity)
    this.where = new Uint32Array(capacity)
  }

  push(type: number, size: number, where: number): void {
    if (this.count === this.type.length) this.grow()
    const i = this.count++
    this.type[i] = type
    this.size[i] = size
    this.where[i] = where
  }

  private grow(): void {
    const n = this.type.length * 2
    const t = new Uint8Array(n)
    t.set(this.type)
    this.type = t
    const s = new Int32Array(n)
    s.set(this.size)
    this.size = s
    const w = new Uint32Array(n)
    w.set(this.where)
    this.where = w
  }
}
