/**
 * The RFC 3284 default code table (section 5.6) and the address caches
 * (section 5.3) with the default sizes s_near = 4, s_same = 3.
 */
export const NOOP = 0
export const ADD = 1
export const RUN = 2
export const COPY = 3

export const S_NEAR = 4
export const S_SAME = 3
export const MODES = 2 + S_NEAR + S_SAME
const SAME_SIZE = S_SAME * 256

export interface CodeTable {
  type1: Uint8Array
  size1: Uint8Array
  mode1: Uint8Array
  type2: Uint8Array
  size2: Uint8Array
  mode2: Uint8Array
}

function buildDefaultTable(): CodeTable {
  const t: CodeTable = {
    type1: new Uint8Array(256),
    size1: new Uint8Array(256),
    mode1: new Uint8Array(256),
    type2: new Uint8Array(256),
    size2: new Uint8Array(256),
    mode2: new Uint8Array(256)
  }
  let i = 0
  const put = (ty1: number, s1: number, m1: number, ty2: number, s2: number, m2: number): void => {
    t.type1[i] = ty1
    t.size1[i] = s1
    t.mode1[i] = m1
    t.type2[i] = ty2
    t.size2[i] = s2
    t.mode2[i] = m2
    i++
  }
  put(RUN, 0, 0, NOOP, 0, 0)
  for (let s = 0; s <= 17; s++) put(ADD, s, 0, NOOP, 0, 0)
  for (let m = 0; m < MODES; m++) {
    put(COPY, 0, m, NOOP, 0, 0)
    for (let s = 4; s <= 18; s++) put(COPY, s, m, NOOP, 0, 0)
  }
  for (let m = 0; m < MODES; m++) {
    const copySizes = m < 6 ? [4, 5, 6] : [4]
    for (let a = 1; a <= 4; a++) for (const c of copySizes) put(ADD, a, 0, COPY, c, m)
  }
  for (let m = 0; m < MODES; m++) put(COPY, 4, m, ADD, 1, 0)
  return t
}

export const DEFAULT_TABLE: CodeTable = buildDefaultTable()

/** Single-instruction codes: `[type][mode]` → code with size 0 (explicit size follows). */
export function singleCode(type: number, mode: number): number {
  if (type === RUN) return 0
  if (type === ADD) return 1
  return 19 + mode * 16
}

/** Code for ADD(addSize) then COPY(copySize, mode) in one byte, or -1. */
export function addCopyCode(addSize: number, copySize: number, mode: number): number {
  if (addSize < 1 || addSize > 4) return -1
  if (mode < 6) {
    if (copySize < 4 || copySize > 6) return -1
    return 163 + mode * 12 + (addSize - 1) * 3 + (copySize - 4)
  }
  if (copySize !== 4) return -1
  return 235 + (mode - 6) * 4 + (addSize - 1)
}

/** Code for COPY(4, mode) then ADD(1), or -1. */
export function copyAddCode(copySize: number, mode: number, addSize: number): number {
  return copySize === 4 && addSize === 1 ? 247 + mode : -1
}

/** The near/same address caches of RFC 3284 section 5.3; reset at every window. */
export class AddressCache {
  readonly near = new Float64Array(S_NEAR)
  readonly same = new Float64Array(SAME_SIZE)
  nextSlot = 0

  reset(): void {
    this.near.fill(0)
    this.same.fill(0)
    this.nextSlot = 0
  }

  update(addr: number): void {
    this.near[this.nextSlot] = addr
    this.nextSlot = (this.nextSlot + 1) % S_NEAR
    this.same[addr % SAME_SIZE] = addr
  }

  /**
   * Choose the cheapest mode for `addr` at `here`; returns the mode and puts the
   * value to write in `out[0]` (a byte for "same" modes, else a varint).
   */
  encode(addr: number, here: number, out: Float64Array): number {
    const s = addr % SAME_SIZE
    let mode: number
    let value: number
    if (this.same[s] === addr) {
      mode = 2 + S_NEAR + Math.floor(s / 256)
      value = s % 256
    } else {
      mode = 0
      value = addr
      const h = here - addr
      if (h < value) {
        mode = 1
        value = h
      }
      for (let i = 0; i < S_NEAR; i++) {
        const d = addr - this.near[i]!
        if (d >= 0 && d < value) {
          mode = 2 + i
          value = d
        }
      }
    }
    this.update(addr)
    out[0] = value
    return mode
  }

  /** Decode an address given its mode and a reader for the varint or byte. */
  decode(mode: number, here: number, readVarint: () => number, readByte: () => number): number {
    let addr: number
    if (mode === 0) addr = readVarint()
    else if (mode === 1) addr = here - readVarint()
    else if (mode < 2 + S_NEAR) addr = this.near[mode - 2]! + readVarint()
    else addr = this.same[(mode - 2 - S_NEAR) * 256 + readByte()]!
    this.update(addr)
    return addr
  }
}
