import { stat } from 'node:fs/promises'
import { UsageError } from '../util/errors.js'
import { decodeNative, encodeNative } from './native.js'
import type { EncoderOptions, EncoderStats } from './vcdiff/encoder.js'
import { localIndexBytes } from './vcdiff/local-index.js'

export type DeltaEngineName = 'native' | 'xdelta3'
export const DELTA_ENGINES: readonly DeltaEngineName[] = ['native', 'xdelta3']

export interface EncodeDeltaOptions {
  sourcePath: string
  targetPath: string
  outputPath: string
  /** Default `native`. */
  engine?: DeltaEngineName
  /** Binary for the xdelta3 engine (default `xdelta3` on PATH). */
  xdelta3Binary?: string
  /** Native engine settings (default: the encoder's own choice by size). */
  encoderOptions?: EncoderOptions
  /** Native engine: called after each window with the target bytes encoded so far. */
  onProgress?: (targetBytesDone: number) => void
}

export interface EncodeDeltaResult {
  /** Delta size in bytes. */
  size: number
  sourceSize: number
  targetSize: number
  engine: DeltaEngineName
  durationMs: number
  /** Native engine only: what the encoder found. */
  stats?: EncoderStats
}

export interface DecodeDeltaOptions {
  sourcePath: string
  deltaPath: string
  outputPath: string
}

export interface DecodeDeltaResult {
  size: number
  windows: number
  durationMs: number
}

export function parseEngine(value: string): DeltaEngineName {
  if ((DELTA_ENGINES as readonly string[]).includes(value)) return value as DeltaEngineName
  throw new UsageError(`unknown delta engine '${value}'`, {
    hint: `use one of: ${DELTA_ENGINES.join(', ')}`
  })
}

/**
 * Peak memory an encode of a `sourceSize` source may take (the native bound:
 * source + index ≤ source/4 + 16 MiB + local index + window buffers), used by the pool's budget.
 */
export function encodeMemoryEstimate(sourceSize: number): number {
  return Math.ceil(sourceSize * 1.25) + localIndexBytes(sourceSize) + 96 * 1024 * 1024
}

/** Encode `targetPath` against `sourcePath` into a VCDIFF delta that stock `xdelta3 -d -s` decodes. */
export async function encodeDelta(options: EncodeDeltaOptions): Promise<EncodeDeltaResult> {
  const engine = options.engine ?? 'native'
  const started = performance.now()
  const [s, t] = await Promise.all([stat(options.sourcePath), stat(options.targetPath)])
  const r: { size: number; stats?: EncoderStats } =
    engine === 'native'
      ? await encodeNative(
          options.sourcePath,
          options.targetPath,
          options.outputPath,
          options.encoderOptions,
          options.onProgress
        )
      : // Loaded on use: node:child_process pulls in the net stack, whose RSS
        // the native encoder (and its memory goal) does not need.
        await (
          await import('./xdelta3.js')
        ).encodeXdelta3(
          options.sourcePath,
          options.targetPath,
          options.outputPath,
          options.xdelta3Binary
        )
  return {
    size: r.size,
    sourceSize: s.size,
    targetSize: t.size,
    engine,
    durationMs: performance.now() - started,
    ...(r.stats ? { stats: r.stats } : {})
  }
}

/** Decode a delta (ours or `xdelta3 -e -S none`), verifying every window's checksum. */
export async function decodeDelta(options: DecodeDeltaOptions): Promise<DecodeDeltaResult> {
  const started = performance.now()
  const r = await decodeNative(options.sourcePath, options.deltaPath, options.outputPath)
  return { size: r.targetSize, windows: r.windows, durationMs: performance.now() - started }
}
