import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { DeltaFormatError } from './format.js'
import type { SourceAccess } from './window-decoder.js'

const BLOCK_SIZE = 1024 * 1024
/** At most this many cached blocks (64 MiB), least recently used dropped first. */
const MAX_BLOCKS = 64

/**
 * The source file read on demand through an LRU of 1 MiB blocks, so decoding
 * needs memory for one target window plus the cache, whatever the source size.
 */
export class SourceFile implements SourceAccess {
  private readonly fd: number
  readonly size: number
  private readonly blocks = new Map<number, Uint8Array>()

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r')
    this.size = fstatSync(this.fd).size
  }

  read(pos: number, size: number, out: Uint8Array, at: number): void {
    if (pos + size > this.size)
      throw new DeltaFormatError(
        `the delta copies source bytes ${pos}..${pos + size} but the source has only ${this.size} bytes (wrong source file?)`
      )
    while (size > 0) {
      const index = Math.floor(pos / BLOCK_SIZE)
      const block = this.block(index)
      const off = pos - index * BLOCK_SIZE
      const n = Math.min(size, block.length - off)
      out.set(block.subarray(off, off + n), at)
      pos += n
      at += n
      size -= n
    }
  }

  private block(index: number): Uint8Array {
    let b = this.blocks.get(index)
    if (b) {
      this.blocks.delete(index)
      this.blocks.set(index, b)
      return b
    }
    const start = index * BLOCK_SIZE
    const len = Math.min(BLOCK_SIZE, this.size - start)
    b = new Uint8Array(len)
    let got = 0
    while (got < len) {
      const n = readSync(this.fd, b, got, len - got, start + got)
      if (n === 0) throw new DeltaFormatError(`source ${this.path} shrank while decoding`)
      got += n
    }
    if (this.blocks.size >= MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!)
    this.blocks.set(index, b)
    return b
  }

  close(): void {
    closeSync(this.fd)
  }
}
