import { constants } from 'node:buffer'
import { open, readFile, stat } from 'node:fs/promises'
import { UserError } from '../util/errors.js'
import { writeAtomically } from '../util/atomic.js'
import { decodeVcdiff, type DecodeStats } from './vcdiff/decoder.js'
import { VcdiffEncoder, type EncoderStats } from './vcdiff/encoder.js'
import { DeltaFormatError, WINDOW_SIZE } from './vcdiff/format.js'
import { SourceFile } from './vcdiff/source-file.js'

/**
 * Encode with the native engine. Memory bound: the whole source (read once)
 * + its index (≤ source/4 + 16 MiB) + about 40 MiB of window buffers; the
 * target is streamed one 8 MiB window at a time.
 */
export async function encodeNative(
  sourcePath: string,
  targetPath: string,
  outputPath: string
): Promise<{ size: number; stats: EncoderStats }> {
  const sourceSize = (await stat(sourcePath)).size
  if (sourceSize > constants.MAX_LENGTH)
    throw new UserError(
      `source ${sourcePath} is ${sourceSize} bytes, more than this Node.js can hold in one buffer`,
      { hint: 'use the xdelta3 engine for this layer' }
    )
  const source = sourceSize === 0 ? new Uint8Array(0) : await readFile(sourcePath)
  const encoder = new VcdiffEncoder(source)
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
        const buf = new Uint8Array(WINDOW_SIZE)
        let windows = 0
        for (;;) {
          let got = 0
          while (got < WINDOW_SIZE) {
            const { bytesRead } = await target.read(buf, got, WINDOW_SIZE - got, null)
            if (bytesRead === 0) break
            got += bytesRead
          }
          if (got === 0) break
          await put(encoder.encodeWindow(buf.subarray(0, got)))
          windows++
          if (got < WINDOW_SIZE) break
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

/** Decode a delta against its source; the output appears only when every window checked out. */
export async function decodeNative(
  sourcePath: string,
  deltaPath: string,
  outputPath: string
): Promise<DecodeStats> {
  const source = new SourceFile(sourcePath)
  try {
    const delta = await open(deltaPath, 'r')
    try {
      return await writeAtomically(outputPath, async (tmp) => {
        const out = await open(tmp, 'w')
        try {
          return await decodeVcdiff(delta, source, async (chunk) => {
            await out.write(chunk)
          })
        } finally {
          await out.close()
        }
      })
    } finally {
      await delta.close()
    }
  } catch (err) {
    if (err instanceof DeltaFormatError)
      throw new UserError(
        `cannot decode delta ${deltaPath} against ${sourcePath}: ${err.message}`,
        {
          hint: 'check that the source is the exact file the delta was made from',
          cause: err
        }
      )
    throw err
  } finally {
    source.close()
  }
}
