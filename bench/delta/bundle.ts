import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * Bundle bench/delta/encode-child.ts with ncc into `dir`, as in dist/: no
 * TypeScript loader in the measured process (time and RSS are what a runner
 * sees). Returns the script to run.
 */
export function buildEncoderBundle(dir: string): string {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      'bench/delta/encode-child.ts',
      '-o',
      dir,
      '--quiet',
      '--target',
      'es2022'
    ],
    { stdio: 'inherit' }
  )
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
  return join(dir, 'index.js')
}

/** Size after the payload's gzip (node zlib, level 6). */
export function gzSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 6 }).length
}
