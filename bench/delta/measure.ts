// What bench/delta/index.ts and prefixes.ts both measure with: our encoder's
// bundle and its run, xdelta3 at its best, /usr/bin/time, gzip size.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { sourceWindowFor } from '../../src/delta/xdelta3.js'

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

/** One encode by the bundle in its own process: CPU ms (inside it, no start-up) and peak RSS. */
export function encodeOurs(
  script: string,
  source: string,
  target: string,
  out: string
): { cpuMs: number; maxRssKb: number } {
  const child = spawnSync(process.execPath, [script, source, target, out], { encoding: 'utf8' })
  if (child.status !== 0) throw new Error(`native encode of ${target} failed: ${child.stderr}`)
  return JSON.parse(child.stdout) as { cpuMs: number; maxRssKb: number }
}

/** xdelta3 at its best: level 9, no secondary compression, a source window covering the source. */
export function x3BestArgs(
  sourceSize: number,
  source: string,
  target: string,
  out: string
): string[] {
  const B = String(sourceWindowFor(sourceSize))
  return ['-e', '-f', '-9', '-S', 'none', '-A', '-B', B, '-s', source, target, out]
}

/**
 * Run a command under /usr/bin/time; returns CPU seconds (user + system: the
 * machine is shared, wall time mostly measures the neighbours) and peak RSS.
 * With `capS`, a run killed at that many seconds is reported as Infinity.
 */
export function timedOnce(
  cmd: string,
  args: string[],
  capS?: number
): { s: number; rssMiB: number } {
  // The cap is coreutils' timeout under /usr/bin/time: a timeout of spawnSync
  // would kill /usr/bin/time only and leave the decode running (an orphan
  // that took a core from the next measurements).
  const run = capS ? ['timeout', '-s', 'KILL', String(capS), cmd, ...args] : [cmd, ...args]
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', ...run], {
    encoding: 'utf8',
    ...(capS ? { timeout: (capS + 60) * 1000, killSignal: 'SIGKILL' as const } : {})
  })
  if (r.error || r.signal || (capS && r.status === 137)) return { s: Infinity, rssMiB: NaN }
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`)
  const last = r.stderr.trim().split('\n').pop()!.split(' ')
  return { s: Number(last[2]) + Number(last[3]), rssMiB: Number(last[1]) / 1024 }
}

/** Size after the payload's gzip (node zlib, level 6). */
export function gzSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 6 }).length
}
