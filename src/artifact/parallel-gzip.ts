import { Transform, type TransformCallback } from 'node:stream'
import { promisify } from 'node:util'
import * as zlib from 'node:zlib'

const deflateRaw = promisify(zlib.deflateRaw) as (
  buf: Buffer,
  options: zlib.ZlibOptions
) => Promise<Buffer>

/**
 * The 10-byte gzip header every mender-artifact gzip member starts with:
 * MTIME = Go's zero time truncated to 32 bits, XFL 0, OS 255 (unknown).
 */
export const GO_GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0x00, 0x09, 0x6e, 0x88, 0, 0xff])
// A final, empty fixed-Huffman block: ends the deflate stream after sync-flushed chunks.
const FINAL_BLOCK = Buffer.from([0x03, 0x00])
const WINDOW = 32 * 1024

const SEGMENT = 32 * 1024
const SAMPLE_STEP = 8
const ENTROPY_LIMIT = 7.7
const MAX_STORED = 65535

interface Run {
  start: number
  end: number
  compressible: boolean
}

const counts = new Float64Array(256)

/**
 * Whether a segment looks like already-compressed or random bytes: the
 * order-0 entropy of every 8th byte is close to 8 bits. zlib spends
 * most of its time failing to find matches in such data and then emits it
 * nearly as is; Go's klauspost/compress (inside mender-artifact's pgzip)
 * skips it the same way, which is why it is fast on mixed payloads.
 */
export function looksIncompressible(buf: Buffer, start: number, end: number): boolean {
  counts.fill(0)
  let n = 0
  for (let i = start; i < end; i += SAMPLE_STEP) {
    counts[buf[i]!]!++
    n++
  }
  if (n < 1024) return false
  let sum = 0
  for (let i = 0; i < 256; i++) {
    const c = counts[i]!
    if (c > 0) sum += c * Math.log2(c)
  }
  const entropy = Math.log2(n) - sum / n
  // Above 7.7 bits deflate saves at most a few per cent (Huffman coding alone
  // gives about (8 - H) / 8) unless the data repeats, and compressed data does not.
  return entropy > ENTROPY_LIMIT
}

/** Split a block into runs of 32 KiB segments that should be deflated or stored. */
function classifyRuns(block: Buffer): Run[] {
  const runs: Run[] = []
  for (let start = 0; start < block.length; start += SEGMENT) {
    const end = Math.min(block.length, start + SEGMENT)
    const compressible = !looksIncompressible(block, start, end)
    const last = runs[runs.length - 1]
    if (last && last.compressible === compressible) last.end = end
    else runs.push({ start, end, compressible })
  }
  return runs
}

/** Deflate "stored" blocks (BFINAL 0, BTYPE 00) for data that would not compress; byte-aligned. */
function storedBlocks(data: Buffer): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < data.length; i += MAX_STORED) {
    const chunk = data.subarray(i, i + MAX_STORED)
    const head = Buffer.alloc(5)
    head.writeUInt16LE(chunk.length, 1)
    head.writeUInt16LE(~chunk.length & 0xffff, 3)
    out.push(head, chunk)
  }
  return out
}

export interface ParallelGzipOptions {
  level?: number
  /** Uncompressed bytes per independently compressed block (pgzip uses 1 MiB). */
  blockSize?: number
  /** Blocks compressed at once on libuv's thread pool. */
  concurrency?: number
}

/**
 * One gzip member whose deflate stream is made of blocks compressed in
 * parallel (as pigz and Go's pgzip do): each block is sync-flushed and primed
 * with the previous block's last 32 KiB as a dictionary, so the ratio stays
 * close to single-stream deflate while several cores compress. Any gunzip
 * reads the result; CRC-32 and size are of the whole input.
 */
export class ParallelGzip extends Transform {
  private readonly level: number
  private readonly blockSize: number
  private readonly concurrency: number
  private pending: Buffer[] = []
  private pendingBytes = 0
  private inFlight: Promise<Buffer[]>[] = []
  private previousTail: Buffer | undefined
  private tailStored = false
  private crc = 0
  private total = 0
  private started = false

  constructor(options: ParallelGzipOptions = {}) {
    super()
    this.level = options.level ?? 6
    this.blockSize = options.blockSize ?? 1024 * 1024
    this.concurrency = Math.max(1, options.concurrency ?? 2)
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    this.pump(false).then(() => done(), done)
  }

  override _flush(done: TransformCallback): void {
    this.pump(true).then(() => {
      this.header()
      this.push(FINAL_BLOCK)
      const trailer = Buffer.alloc(8)
      trailer.writeUInt32LE(this.crc >>> 0, 0)
      trailer.writeUInt32LE(this.total % 2 ** 32, 4)
      this.push(trailer)
      done()
    }, done)
  }

  private header(): void {
    if (this.started) return
    this.started = true
    this.push(GO_GZIP_HEADER)
  }

  private async pump(final: boolean): Promise<void> {
    while (this.pendingBytes >= this.blockSize || (final && this.pendingBytes > 0)) {
      const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending)
      const block = all.subarray(0, Math.min(this.blockSize, all.length))
      const rest = all.subarray(block.length)
      this.pending = rest.length > 0 ? [rest] : []
      this.pendingBytes = rest.length
      this.dispatch(block)
      if (this.inFlight.length >= this.concurrency) await this.emitOldest()
    }
    if (final) while (this.inFlight.length > 0) await this.emitOldest()
  }

  private dispatch(block: Buffer): void {
    this.crc = zlib.crc32(block, this.crc)
    this.total += block.length
    const parts: (Buffer[] | Promise<Buffer>)[] = []
    const runs = classifyRuns(block)
    for (const run of runs) {
      const data = block.subarray(run.start, run.end)
      if (!run.compressible) {
        parts.push(storedBlocks(data))
        continue
      }
      const options: zlib.ZlibOptions = {
        level: this.level,
        finishFlush: zlib.constants.Z_SYNC_FLUSH
      }
      // The window before a run that follows stored (random) bytes holds
      // nothing to match, so it is not worth zlib's time as a dictionary.
      const afterStored = run.start > 0 || this.tailStored
      const dictionary = afterStored ? undefined : this.windowBefore(block, run.start)
      if (dictionary && dictionary.length > 0) options.dictionary = dictionary
      parts.push(deflateRaw(data, options))
    }
    this.tailStored = runs.length > 0 && !runs[runs.length - 1]!.compressible
    // copy: the tail must outlive the caller's buffer, which may be reused
    this.previousTail = Buffer.from(this.windowBefore(block, block.length))
    // pushed piece by piece: no copy of the block's output
    const p = Promise.all(parts).then((bufs) => bufs.flat())
    p.catch(() => {}) // surfaced when awaited in order; avoid an unhandled rejection meanwhile
    this.inFlight.push(p)
  }

  /** The (up to) 32 KiB of input before `offset` in `block`: the decoder's window there. */
  private windowBefore(block: Buffer, offset: number): Buffer {
    if (offset >= WINDOW || !this.previousTail)
      return block.subarray(Math.max(0, offset - WINDOW), offset)
    const prev = this.previousTail.subarray(
      Math.max(0, this.previousTail.length - (WINDOW - offset))
    )
    return Buffer.concat([prev, block.subarray(0, offset)])
  }

  private async emitOldest(): Promise<void> {
    const out = await this.inFlight.shift()!
    this.header()
    for (const piece of out) this.push(piece)
  }
}
