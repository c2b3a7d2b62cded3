import { writeFile } from 'node:fs/promises'
import { COPY, singleCode } from './vcdiff/code-table.js'
import { MAGIC, VCD_SOURCE, WINDOW_SIZE } from './vcdiff/format.js'
import { varintLength, writeVarint } from './vcdiff/varint.js'

/**
 * The VCDIFF (RFC 3284) of a file against itself: one window per 8 MiB of
 * source, each a single COPY of its whole source segment. It needs only the
 * size: no encoder reads 2 × the layer to find what a diff ID already says
 * (the two layers are the same bytes), and it decodes with any decoder (our
 * native one, the device's xdelta3) to exactly the source.
 */
export function copyDelta(size: number, windowSize = WINDOW_SIZE): Uint8Array {
  const code = singleCode(COPY, 0) // COPY, size follows, mode VCD_SELF: address 0 = segment start
  const windows: Uint8Array[] = [Uint8Array.from([...MAGIC, 0])]
  // An empty file: one empty window (decoders expect at least one), as xdelta3 writes it.
  if (size === 0) windows.push(Uint8Array.from([0, 5, 0, 0, 0, 0, 0]))
  for (let pos = 0; pos < size; pos += windowSize) {
    const len = Math.min(windowSize, size - pos)
    const inst = 1 + varintLength(len)
    const body = [len, 0, 0, inst, 1] // target length, indicator, data, instructions, addresses
    const encodingLength =
      varintLength(len) + 1 + varintLength(0) + varintLength(inst) + varintLength(1) + inst + 1
    const out = new Uint8Array(
      1 + varintLength(len) + varintLength(pos) + varintLength(encodingLength) + encodingLength
    )
    let p = 0
    out[p++] = VCD_SOURCE
    p = writeVarint(out, p, len)
    p = writeVarint(out, p, pos)
    p = writeVarint(out, p, encodingLength)
    p = writeVarint(out, p, body[0]!)
    out[p++] = body[1]! // Delta_Indicator: nothing compressed
    for (const v of body.slice(2)) p = writeVarint(out, p, v)
    out[p++] = code
    p = writeVarint(out, p, len)
    p = writeVarint(out, p, 0) // the address: the start of the source segment
    if (p !== out.length) throw new Error(`copy delta window: wrote ${p} of ${out.length} bytes`)
    windows.push(out)
  }
  const total = windows.reduce((n, w) => n + w.length, 0)
  const delta = new Uint8Array(total)
  let at = 0
  for (const w of windows) {
    delta.set(w, at)
    at += w.length
  }
  return delta
}

export async function writeCopyDelta(size: number, outputPath: string): Promise<number> {
  const delta = copyDelta(size)
  await writeFile(outputPath, delta)
  return delta.length
}
