import { adler32 } from './adler32.js'
import { ADD, AddressCache, COPY, DEFAULT_TABLE, NOOP, RUN } from './code-table.js'
import { DeltaFormatError } from './format.js'
import { ByteCursor } from './varint.js'

/** Random access to the source segment of a window. */
export interface SourceAccess {
  /** Copy `size` source bytes at absolute `pos` into `out` at `at`. */
  read(pos: number, size: number, out: Uint8Array, at: number): void
}

export interface WindowSpec {
  /** Window number and delta offset, for error messages. */
  label: string
  segLen: number
  segPos: number
  /** Adler-32 to verify, or undefined when the window carries none. */
  checksum: number | undefined
  targetLen: number
  data: ByteCursor
  inst: ByteCursor
  addr: ByteCursor
}

/** Execute one window's instructions; returns the target window bytes. */
export function decodeWindow(w: WindowSpec, source: SourceAccess): Uint8Array {
  const out = new Uint8Array(w.targetLen)
  const cache = new AddressCache()
  const t = DEFAULT_TABLE
  const { data, inst, addr, segLen, segPos } = w
  let here = 0
  const readVarint = (): number => addr.varint()
  const readByte = (): number => addr.byte()
  const fail = (msg: string): never => {
    throw new DeltaFormatError(`${w.label}: ${msg}`)
  }
  while (inst.pos < inst.end) {
    const code = inst.byte()
    for (let half = 0; half < 2; half++) {
      const type = half === 0 ? t.type1[code]! : t.type2[code]!
      if (type === NOOP) continue
      let size = half === 0 ? t.size1[code]! : t.size2[code]!
      if (size === 0) size = inst.varint()
      if (here + size > w.targetLen) fail('instruction writes past the end of the target window')
      if (type === ADD) {
        if (data.pos + size > data.end) fail('ADD reads past the end of the data section')
        out.set(data.buf.subarray(data.pos, data.pos + size), here)
        data.pos += size
      } else if (type === RUN) {
        out.fill(data.byte(), here, here + size)
      } else if (type === COPY) {
        const mode = half === 0 ? t.mode1[code]! : t.mode2[code]!
        const a = cache.decode(mode, segLen + here, readVarint, readByte)
        if (a < segLen) {
          if (a + size > segLen) fail('COPY crosses from the source segment into the target')
          source.read(segPos + a, size, out, here)
        } else {
          const from = a - segLen
          if (from >= here) fail(`COPY address ${a} is not before the current position`)
          if (from + size <= here) out.copyWithin(here, from, from + size)
          else for (let k = 0; k < size; k++) out[here + k] = out[from + k]!
        }
      }
      here += size
    }
  }
  if (here !== w.targetLen)
    fail(`instructions produce ${here} bytes, the window declares ${w.targetLen}`)
  if (data.pos !== data.end || addr.pos !== addr.end)
    fail('sections have bytes left over after the last instruction')
  if (w.checksum !== undefined && adler32(out) !== w.checksum)
    fail('target window checksum mismatch (wrong source file, or a corrupt delta)')
  return out
}
