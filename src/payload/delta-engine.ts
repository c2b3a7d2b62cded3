import { spawn } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { UserError } from '../util/errors.js'

/**
 * The delta encoder/decoder the payload builder drives. Issue 4's `src/delta/`
 * provides the real one (`encodeDelta` / `decodeDelta`); the xdelta3 adapter
 * below is the same contract over the xdelta3 binary the device runs.
 */
export interface DeltaEngine {
  encode(job: { sourcePath: string; targetPath: string; outputPath: string }): Promise<{
    size: number
  }>
  decode(job: { sourcePath: string; deltaPath: string; outputPath: string }): Promise<void>
}

/**
 * Portable encode line (registry-and-delta.md §4.3): no secondary compressor
 * (Yocto's xdelta3 lacks lzma), no app header (stable bytes), `-D` (never
 * decompress gzip inputs: the device would re-compress them to other bytes),
 * and a source window covering the whole source so moved content still matches.
 */
export function xdelta3EncodeArgs(sourceSize: number, level = 9): string[] {
  return ['-e', '-f', `-${level}`, '-S', 'none', '-A', '-D', '-B', String(sourceWindow(sourceSize))]
}

export function sourceWindow(sourceSize: number): number {
  let b = 1 << 20
  while (b < sourceSize && b < 2 ** 31) b *= 2
  return b
}

export function xdelta3Engine(binary = 'xdelta3'): DeltaEngine {
  return {
    async encode({ sourcePath, targetPath, outputPath }) {
      const { size: sourceSize } = await stat(sourcePath)
      await run(binary, [
        ...xdelta3EncodeArgs(sourceSize),
        '-s',
        sourcePath,
        targetPath,
        outputPath
      ])
      return { size: (await stat(outputPath)).size }
    },
    async decode({ sourcePath, deltaPath, outputPath }) {
      const { size: sourceSize } = await stat(sourcePath)
      await run(binary, [
        '-d',
        '-f',
        '-D',
        '-B',
        String(sourceWindow(sourceSize)),
        '-s',
        sourcePath,
        deltaPath,
        outputPath
      ])
    }
  }
}

function run(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', (err) =>
      reject(new UserError(`cannot run ${binary}`, { hint: 'install xdelta3', cause: err }))
    )
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new UserError(`${binary} ${args[0]} failed (exit ${code}): ${stderr.trim()}`))
    )
  })
}
