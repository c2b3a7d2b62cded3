import { constants } from 'node:buffer'
import { open, stat, type FileHandle } from 'node:fs/promises'
import { UserError } from '../util/errors.js'
import { writeAtomically } from '../util/atomic.js'
import { decodeVcdiff, type DecodeStats } from './vcdiff/decoder.js'
import { VcdiffEncoder, type EncoderOptions, type EncoderStats } from './vcdiff/encoder.js'
import { DeltaFormatError } from './vcdiff/format.js'
import { SourceFile } from './vcdiff/source-file.js'

/**
 * Largest source: one Buffer (Node 20 caps those at 4 GiB) whose positions fit
 * the index's 32-bit slots.
 */
const MAX_SOURCE = Math.min(constants.MAX_LENGTH, 0xfffffffe)

/** Read a whole file into one buffer (fs.readFile stops at 2 GiB). */
async function readWhole(path: string, size: number): Promise<Uint8Array> {
  const buf = new Uint8Array(size)
  const fh = await open(path, 'r')
  try {
    let got = 0
    while (got < size) {
      const { bytesRead } = await fh.read(buf, got, Math.min(size - got, 64 * 1024 * 1024), got)
      if (bytesRead === 0) throw new UserError(`source ${path} shrank while being read`)
      got += bytesRead
    }
  } finally {
    await fh.close()
  }
  return buf
}

/**
 * Encode with the native engine. Memory bound: the whole source (read once)
 * + its index (≤ source/4 + 16 MiB, and ≤ 0.45 × source above 12 MiB) + 3
 * MiB of target table / build scratch + the window and its output (~10–25
 * MiB); the target is streamed one window (≤ 8 MiB) at a time. `options`:
 * the encoder's settings (default: its own choice by size).
 */
export async function encodeNative(
  sourcePath: string,
  targetPath: string,
  outputPath: string,
  options: EncoderOptions = {},
  /** Called after each window with the target bytes encoded so far. */
  onProgress?: (targetBytesDone: number) => void
): Promise<{ size: number; stats: EncoderStats }> {
  const sourceSize = (await stat(sourcePath)).size
  if (sourceSize > MAX_SOURCE)
    throw new UserError(
      `source ${sourcePath} is ${sourceSize} bytes; the native engine handles sources up to ${MAX_SOURCE} bytes`,
      { hint: 'use the xdelta3 engine for this layer (--engine xdelta3)' }
    )
  const source = await readWhole(sourcePath, sourceSize)
  const targetSize = (await stat(targetPath)).size
  const encoder = new VcdiffEncoder(source, targetSize, options)
  const target = await open(targetPath, 'r')
  try {
    return await writeAtomically(outputPath, async (tmp) => {
      const out = await open(tmp, 'w')
      try {
        let size = 0
        const put = async (bytes: Uint8Array): Promise<void> => {
          await out.write(bytes)
          size += bytes.length
        }
        await put(encoder.header())
        // A window buffer no bigger than the target (+1 to see its end).
        const buf = new Uint8Array(Math.min(encoder.windowSize, targetSize + 1))
        let windows = 0
        // Bytes at the start of buf that the last window left (it ended early, see maxWindowOps).
        let kept = 0
        let eof = false
        let consumed = 0
        for (;;) {
          let got = kept
          while (!eof && got < buf.length) {
            const { bytesRead } = await target.read(buf, got, buf.length - got, null)
            if (bytesRead === 0) eof = true
            got += bytesRead
          }
          if (got === 0) break
          await put(encoder.encodeWindow(buf.subarray(0, got)))
          windows++
          const used = encoder.lastWindowLength
          consumed += used
          onProgress?.(consumed)
          kept = got - used
          if (kept > 0) buf.copyWithin(0, used, got)
          else if (eof) break
        }
        // An empty target still gets one empty window: xdelta3 -d refuses a
        // delta without windows ("nothing to output"), and xdelta3 -e writes one too.
        if (windows === 0) await put(encoder.encodeWindow(buf.subarray(0, 0)))
        await out.sync()
        return { size, stats: encoder.stats }
      } finally {
        await out.close()
      }
    })
  } finally {
    await target.close()
  }
}

/** Opens the delta and the source for `run`; a malformed delta becomes a UserError naming both. */
async function withDelta<T>(
  sourcePath: string,
  deltaPath: string,
  run: (delta: FileHandle, source: SourceFile) => Promise<T>
): Promise<T> {
  const source = new SourceFile(sourcePath)
  try {
    const delta = await open(deltaPath, 'r')
    try {
      return await run(delta, source)
    } finally {
      await delta.close()
    }
  } catch (err) {
    if (err instanceof DeltaFormatError)
      throw new UserError(
        `cannot decode delta ${deltaPath} against ${sourcePath}: ${err.message}`,
        { hint: 'check that the source is the exact file the delta was made from', cause: err }
      )
    throw err
  } finally {
    source.close()
  }
}

/** Decode a delta against its source; the output appears only when every window checked out. */
export async function decodeNative(
  sourcePath: string,
  deltaPath: string,
  outputPath: string
): Promise<DecodeStats> {
  return withDelta(sourcePath, deltaPath, (delta, source) =>
    writeAtomically(outputPath, async (tmp) => {
      const out = await open(tmp, 'w')
      try {
        return await decodeVcdiff(delta, source, async (chunk) => {
          await out.write(chunk)
        })
      } finally {
        await out.close()
      }
    })
  )
}

/**
 * Decode a delta against its source with the native decoder and return the
 * `sha256:<hex>` of what it decodes to, writing nothing: the check the
 * payload makes of every delta, run where the delta was just encoded.
 */
export async function decodedDigest(sourcePath: string, deltaPath: string): Promise<string> {
  // loaded here, not at the top: an encode-only process saves its memory
  const { createHash } = await import('node:crypto')
  const hash = createHash('sha256')
  await withDelta(sourcePath, deltaPath, (delta, source) =>
    decodeVcdiff(delta, source, (chunk) => {
      hash.update(chunk)
      return Promise.resolve()
    })
  )
  return `sha256:${hash.digest('hex')}`
}
