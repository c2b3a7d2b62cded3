import type { FileHandle } from 'node:fs/promises'
import {
  DeltaFormatError,
  MAGIC,
  MAX_DECODE_WINDOW,
  SECONDARY_NAMES,
  VCD_ADLER32,
  VCD_APPHEADER,
  VCD_CODETABLE,
  VCD_DECOMPRESS,
  VCD_SOURCE,
  VCD_TARGET
} from './format.js'
import { ByteCursor } from './varint.js'
import { decodeWindow, type SourceAccess } from './window-decoder.js'

const READ_CHUNK = 1024 * 1024

/** Buffered sequential reads of the delta file with "need n bytes" semantics. */
class DeltaReader {
  buf = new Uint8Array(READ_CHUNK)
  start = 0
  end = 0
  /** Delta file offset of buf[0]. */
  base = 0
  eof = false

  constructor(private readonly fh: FileHandle) {}

  get offset(): number {
    return this.base + this.start
  }

  /** Make at least `n` bytes available from `start` (fewer only at end of file). */
  async fill(n: number): Promise<number> {
    if (this.end - this.start >= n || this.eof) return this.end - this.start
    if (this.start + n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(n, READ_CHUNK))
      bigger.set(this.buf.subarray(this.start, this.end))
      this.base += this.start
      this.end -= this.start
      this.start = 0
      this.buf = bigger
    }
    while (this.end - this.start < n && !this.eof) {
      const { bytesRead } = await this.fh.read(this.buf, this.end, this.buf.length - this.end, null)
      if (bytesRead === 0) this.eof = true
      this.end += bytesRead
    }
    return this.end - this.start
  }
}

export interface DecodeStats {
  windows: number
  targetSize: number
  appHeader: boolean
}

/**
 * Decode a VCDIFF delta (ours, or `xdelta3 -e -S none`): calls `write` with
 * each target window in order. Throws DeltaFormatError for anything it cannot
 * decode exactly: bad magic, unsupported features, truncation, bounds, checksum.
 */
export async function decodeVcdiff(
  delta: FileHandle,
  source: SourceAccess & { size: number },
  write: (chunk: Uint8Array) => Promise<void>
): Promise<DecodeStats> {
  const r = new DeltaReader(delta)
  const stats: DecodeStats = { windows: 0, targetSize: 0, appHeader: false }
  if ((await r.fill(5)) < 5)
    throw new DeltaFormatError('not a VCDIFF delta: shorter than its header')
  for (let i = 0; i < 4; i++)
    if (r.buf[r.start + i] !== MAGIC[i])
      throw new DeltaFormatError('not a VCDIFF delta: bad magic bytes (expected D6 C3 C4 00)')
  const hdr = r.buf[r.start + 4]!
  r.start += 5
  if (hdr & ~(VCD_DECOMPRESS | VCD_CODETABLE | VCD_APPHEADER))
    throw new DeltaFormatError(`unknown VCDIFF header indicator bits 0x${hdr.toString(16)}`)
  if (hdr & VCD_DECOMPRESS) {
    await r.fill(1)
    const id = r.buf[r.start]
    throw new DeltaFormatError(
      `the delta uses secondary compression (${SECONDARY_NAMES[id ?? -1] ?? `id ${id}`}), which this decoder does not support; encode with xdelta3 -S none`
    )
  }
  if (hdr & VCD_CODETABLE)
    throw new DeltaFormatError(
      'the delta uses an application-defined code table, which is not supported'
    )
  if (hdr & VCD_APPHEADER) {
    await r.fill(10)
    const c = new ByteCursor(r.buf, r.start, r.end, 'application header')
    const len = c.varint()
    r.start = c.pos
    if ((await r.fill(len)) < len) throw new DeltaFormatError('truncated delta: application header')
    r.start += len
    stats.appHeader = true
  }
  for (;;) {
    const at = r.offset
    const avail = await r.fill(32)
    if (avail === 0) break
    const label = `window ${stats.windows} (delta offset ${at})`
    const head = new ByteCursor(r.buf, r.start, r.end, `truncated delta: ${label} header`)
    const ind = head.byte()
    if (ind & ~(VCD_SOURCE | VCD_TARGET | VCD_ADLER32))
      throw new DeltaFormatError(`${label}: unknown window indicator 0x${ind.toString(16)}`)
    if (ind & VCD_TARGET)
      throw new DeltaFormatError(`${label}: VCD_TARGET windows are not supported`)
    let segLen = 0
    let segPos = 0
    if (ind & VCD_SOURCE) {
      segLen = head.varint()
      segPos = head.varint()
      if (segPos + segLen > source.size)
        throw new DeltaFormatError(
          `${label}: the source segment ${segPos}..${segPos + segLen} lies beyond the end of the ${source.size}-byte source (wrong source file?)`
        )
    }
    const deltaLen = head.varint()
    if (deltaLen > MAX_DECODE_WINDOW * 2 + 64)
      throw new DeltaFormatError(`${label}: delta encoding length ${deltaLen} is implausible`)
    r.start = head.pos
    if ((await r.fill(deltaLen)) < deltaLen)
      throw new DeltaFormatError(`truncated delta: ${label} needs ${deltaLen} bytes`)
    const body = new ByteCursor(r.buf, r.start, r.start + deltaLen, `${label}`)
    const targetLen = body.varint()
    if (targetLen > MAX_DECODE_WINDOW)
      throw new DeltaFormatError(`${label}: target window of ${targetLen} bytes is too large`)
    const dind = body.byte()
    if (dind !== 0)
      throw new DeltaFormatError(
        `${label}: sections use secondary compression (delta indicator 0x${dind.toString(16)}), which this decoder does not support; encode with xdelta3 -S none`
      )
    const dataLen = body.varint()
    const instLen = body.varint()
    const addrLen = body.varint()
    let checksum: number | undefined
    if (ind & VCD_ADLER32) {
      const b = [body.byte(), body.byte(), body.byte(), body.byte()]
      checksum = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0
    }
    if (body.pos + dataLen + instLen + addrLen !== body.end)
      throw new DeltaFormatError(`${label}: section lengths do not add up to the window length`)
    const d0 = body.pos
    const i0 = d0 + dataLen
    const a0 = i0 + instLen
    const out = decodeWindow(
      {
        label,
        segLen,
        segPos,
        checksum,
        targetLen,
        data: new ByteCursor(r.buf, d0, i0, `${label} data section`),
        inst: new ByteCursor(r.buf, i0, a0, `${label} instruction section`),
        addr: new ByteCursor(r.buf, a0, a0 + addrLen, `${label} address section`)
      },
      source
    )
    r.start += deltaLen
    await write(out)
    stats.windows++
    stats.targetSize += out.length
  }
  if (stats.windows === 0)
    // Both xdelta3 and this encoder write at least one window, even for an empty target.
    throw new DeltaFormatError('truncated delta: no window after the header')
  return stats
}
