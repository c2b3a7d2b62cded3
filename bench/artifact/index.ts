// bench/artifact: our writer vs `mender-artifact write module-image` on a
// generated 1 GiB semi-compressible payload, same compression, same run.
// Prints wall time, peak RSS (GNU time's "Maximum resident set size") and
// the ratio of each. Options: --size=MiB (default 1024), --runs=N (default 1),
// --compression=gzip,none
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { writeSemiCompressible } from '../../__tests__/artifact/corpus.js'

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
const sizeMiB = Number(arg('size', '1024'))
const runs = Number(arg('runs', '1'))
const compressions = arg('compression', 'gzip,none').split(',')

const out = join('bench', 'out', 'artifact')
mkdirSync(out, { recursive: true })
const payload = join(out, `payload-${sizeMiB}MiB.bin`)
if (!existsSync(payload) || statSync(payload).size !== sizeMiB * 1024 * 1024) {
  console.log(`generating ${sizeMiB} MiB semi-compressible payload in ${payload}`)
  await writeSemiCompressible(payload, sizeMiB * 1024 * 1024)
}

interface Measure {
  seconds: number
  /** user + system CPU seconds: less sensitive than wall time to other jobs on the machine */
  cpu: number
  rssMiB: number
  size: number
}

/** Run under GNU time; wall clock from the parent, peak RSS from time -v. */
function measure(cmd: string[], output: string): Measure {
  const started = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-v', ...cmd], { encoding: 'utf8' })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed:\n${r.stderr}`)
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN)
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN)
  const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN)
  return { seconds, cpu: user + sys, rssMiB: kb / 1024, size: statSync(output).size }
}

// Bundled like the shipped CLI, so neither tsx's start-up nor its transpiler counts.
const bundle = join(out, 'write-ours.mjs')
await build({
  entryPoints: ['bench/artifact/write-ours.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: bundle,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  },
  logLevel: 'warning'
})
const ours = (c: string, o: string): string[] => [process.execPath, bundle, payload, o, c]
const theirs = (c: string, o: string): string[] => [
  'mender-artifact',
  'write',
  'module-image',
  '-T',
  'bench',
  '-n',
  'bench-1',
  '-t',
  'bench-device',
  '-f',
  payload,
  '--compression',
  c,
  '-o',
  o
]

const best = (ms: Measure[]): Measure => ms.reduce((a, b) => (b.seconds < a.seconds ? b : a))

console.log(
  `payload ${sizeMiB} MiB, ${runs} run(s) each, best wall time; machine: ${availableParallelism()} cores shared with other jobs (load ${loadavg()[0]!.toFixed(1)})`
)
console.log(
  '| compression | ours s | mender-artifact s | time ratio | ours CPU s | mender-artifact CPU s | ours RSS MiB | mender-artifact RSS MiB | ours size | theirs size |'
)
console.log('|---|---|---|---|---|---|---|---|---|---|')
for (const c of compressions) {
  const a: Measure[] = []
  const b: Measure[] = []
  for (let i = 0; i < runs; i++) {
    // alternate the order so page cache and load favour neither
    const o1 = join(out, `ours-${c}.mender`)
    const o2 = join(out, `theirs-${c}.mender`)
    if (i % 2 === 0) {
      a.push(measure(ours(c, o1), o1))
      b.push(measure(theirs(c, o2), o2))
    } else {
      b.push(measure(theirs(c, o2), o2))
      a.push(measure(ours(c, o1), o1))
    }
  }
  const x = best(a)
  const y = best(b)
  console.log(
    `| ${c} | ${x.seconds.toFixed(2)} | ${y.seconds.toFixed(2)} | ${(x.seconds / y.seconds).toFixed(2)}× | ${x.cpu.toFixed(2)} | ${y.cpu.toFixed(2)} | ${Math.max(...a.map((m) => m.rssMiB)).toFixed(0)} | ${Math.max(...b.map((m) => m.rssMiB)).toFixed(0)} | ${(x.size / 2 ** 20).toFixed(0)} MiB | ${(y.size / 2 ** 20).toFixed(0)} MiB |`
  )
}
