import { spawn } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { UserError } from '../util/errors.js'
import { writeAtomically } from '../util/atomic.js'

/**
 * xdelta3's -B limits: 3.0.11 refuses values below 512 KiB ("-B: minimum
 * value: 524288") and above 2 GiB.
 */
const MIN_SOURCE_WINDOW = 512 * 1024
const MAX_SOURCE_WINDOW = 2 ** 31

/** `-B` for a source: the next power of two ≥ its size, within xdelta3's limits. */
export function sourceWindowFor(sourceSize: number): number {
  let b = MIN_SOURCE_WINDOW
  while (b < sourceSize && b < MAX_SOURCE_WINDOW) b *= 2
  return b
}

/** One xdelta3 encode, as typed settings rather than an argument list. */
export interface Xdelta3Encode {
  source: string
  target: string
  output: string
  /** Compression level, `-1` … `-9` (default 9). */
  level?: number
  /** Secondary compression `-S` (default none: stock device decoders may lack lzma). */
  secondary?: 'none' | 'lzma'
  /** Source window `-B` in bytes (default: the whole source, see sourceWindowFor). */
  sourceWindow: number
}

/**
 * The xdelta3 encode line: no app header (-A), no external (de)compression
 * (-D, else gzip-looking input is recompressed on decode), and the settings
 * given; without them, the portable line: `-9 -S none` and a source window
 * covering the whole source.
 */
export function xdelta3EncodeArgs(e: Xdelta3Encode): string[] {
  return [
    '-e',
    '-f',
    `-${e.level ?? 9}`,
    '-S',
    e.secondary ?? 'none',
    '-A',
    '-D',
    '-B',
    String(Math.max(MIN_SOURCE_WINDOW, e.sourceWindow)),
    '-s',
    e.source,
    e.target,
    e.output
  ]
}

export async function runXdelta3(args: string[], binary = 'xdelta3'): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString()
    })
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new UserError(
              `the xdelta3 engine needs the ${binary} program, which is not installed`,
              {
                hint: 'install xdelta3 (apt-get install xdelta3) or use the native engine'
              }
            )
          : err
      )
    )
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new UserError(`${binary} ${args[0]} failed (exit ${code}): ${stderr.trim()}`))
    )
  })
}

export async function encodeXdelta3(
  sourcePath: string,
  targetPath: string,
  outputPath: string,
  binary = 'xdelta3'
): Promise<{ size: number }> {
  const sourceSize = (await stat(sourcePath)).size
  return writeAtomically(outputPath, async (tmp) => {
    await runXdelta3(
      xdelta3EncodeArgs({
        source: sourcePath,
        target: targetPath,
        output: tmp,
        sourceWindow: sourceWindowFor(sourceSize)
      }),
      binary
    )
    return { size: (await stat(tmp)).size }
  })
}
