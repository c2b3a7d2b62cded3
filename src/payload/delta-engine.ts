import { stat } from 'node:fs/promises'
import { decodeDelta, encodeDelta, type DeltaEngineName } from '../delta/index.js'
import { runXdelta3, sourceWindowFor, xdelta3EncodeArgs } from '../delta/xdelta3.js'

/**
 * The delta encoder/decoder the payload builder drives: an interface so the
 * docker-compose module (no deltas) and fault-injection tests can plug in.
 */
export interface DeltaEngine {
  encode(job: { sourcePath: string; targetPath: string; outputPath: string }): Promise<{
    size: number
  }>
  /** Our decoder: every delta is decoded with it once before it is packaged. */
  decode(job: { sourcePath: string; deltaPath: string; outputPath: string }): Promise<void>
  /**
   * True when this engine already knows the delta decodes to `targetDigest`
   * (the pipeline's delta cache: decoded and hashed when it was made, its
   * bytes checked against their digest since; or a copy delta of an
   * identical layer): the payload then skips decoding it again.
   */
  checked?(deltaPath: string, targetDigest: string): boolean
}

/**
 * Issue 4's engines (`native`, or the `xdelta3` binary with the portable flags:
 * `-S none -A -D -B ≥ source`), decoded by issue 4's native decoder, so a
 * delta is checked by code other than the code that wrote it.
 */
export function deltaEngine(engine: DeltaEngineName = 'native'): DeltaEngine {
  return {
    encode: ({ sourcePath, targetPath, outputPath }) =>
      encodeDelta({ sourcePath, targetPath, outputPath, engine }),
    async decode({ sourcePath, deltaPath, outputPath }) {
      await decodeDelta({ sourcePath, deltaPath, outputPath })
    }
  }
}

/**
 * xdelta3 with lzma secondary compression, for devices whose xdelta3 is built
 * with liblzma (Debian, Ubuntu, Raspberry Pi OS; not a default Yocto build,
 * registry-and-delta.md §4.3). Deltas come out about a third smaller than with
 * `-S none`. Our native decoder has no lzma, so these deltas are checked with
 * the xdelta3 decoder the device itself runs.
 */
export function lzmaDeltaEngine(binary = 'xdelta3'): DeltaEngine {
  return {
    async encode({ sourcePath, targetPath, outputPath }) {
      const { size: sourceSize } = await stat(sourcePath)
      const args = xdelta3EncodeArgs(sourceSize, sourcePath, targetPath, outputPath)
      args[args.indexOf('-S') + 1] = 'lzma'
      // -9 made a 44 % larger delta than -6 on the TypeScript pair (bench/deep-delta)
      args[args.indexOf('-9')] = '-6'
      args[args.indexOf('-B') + 1] = window(sourceSize)
      await runXdelta3(args, binary)
      return { size: (await stat(outputPath)).size }
    },
    async decode({ sourcePath, deltaPath, outputPath }) {
      const { size: sourceSize } = await stat(sourcePath)
      await runXdelta3(
        ['-d', '-f', '-D', '-B', window(sourceSize), '-s', sourcePath, deltaPath, outputPath],
        binary
      )
    }
  }
}

/** xdelta3 3.0.11 refuses `-B` below 512 KiB ("-B: minimum value: 524288"), whatever the source size. */
function window(sourceSize: number): string {
  return String(Math.max(524_288, sourceWindowFor(sourceSize)))
}
