import { DeltaFormatError } from './format.js'

/** Bytes needed for `value` as an RFC 3284 base-128 integer (most significant group first). */
export function varintLength(value: number): number {
  // Comparisons first: called per candidate and per instruction, mostly for small values.
  if (value < 0x80) return 1
  if (value < 0x4000) return 2
  if (value < 0x200000) return 3
  if (value < 0x10000000) return 4
  let n = 1
  while (value >= 128) {
    value = Math.floor(value / 128)
    n++
  }
  return n
}

/** Write `value` (0 ≤ value < 2^53) at `pos`; returns the position after it. */
export function writeVarint(out: Uint8Array, pos: number, value: number): number {
  const n = varintLength(value)
  let p = pos + n - 1
  out[p] = value % 128
  value = Math.floor(value / 128)
  while (value > 0) {
    out[--p] = (value % 128) | 0x80
    value = Math.floor(value / 128)
  }
  return pos + n
}

/** A bounds-checked reader over one section of a delta. */
export class ByteCursor {
  pos: number
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
    readonly what: string
  ) {
    this.pos = start
  }

  byte(): number {
    if (this.pos >= this.end) throw new DeltaFormatError(`${this.what}: unexpected end of data`)
    return this.buf[this.pos++]!
  }

  varint(): number {
    let value = 0
    for (let i = 0; i < 10; i++) {
      const b = this.byte()
      value = value * 128 + (b & 0x7f)
      if (value > Number.MAX_SAFE_INTEGER)
        throw new DeltaFormatError(`${this.what}: integer overflow`)
      if ((b & 0x80) === 0) return value
    }
    throw new DeltaFormatError(`${this.what}: integer too long`)
  }
}
