import { decodeDelta, encodeDelta, type DeltaEngineName } from '../delta/index.js'

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
