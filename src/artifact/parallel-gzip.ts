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
  private inFlight: Promise<Buffer>[] = []
  private previousTail: Buffer | undefined
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
    const options: zlib.ZlibOptions = {
      level: this.level,
      finishFlush: zlib.constants.Z_SYNC_FLUSH
    }
    if (this.previousTail) options.dictionary = this.previousTail
    // copy: the tail must outlive the caller's buffer, which may be reused
    this.previousTail = Buffer.from(block.subarray(Math.max(0, block.length - WINDOW)))
    const p = deflateRaw(block, options)
    p.catch(() => {}) // surfaced when awaited in order; avoid an unhandled rejection meanwhile
    this.inFlight.push(p)
  }

  private async emitOldest(): Promise<void> {
    const out = await this.inFlight.shift()!
    this.header()
    this.push(out)
  }
}
