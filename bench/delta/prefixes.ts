/**
 * Mid-size pairs the corpus lacks: `node --import tsx bench/delta/prefixes.ts`.
 * The corpus has one pair between 2 and 12 MiB of source (npm-express-lodash),
 * where Node's own ~60 MiB leaves the least room in the memory goal and the
 * index is cut hardest. This cuts prefixes of 3, 6 and 12 MiB from three
 * corpus pairs (new: 5 % longer, so it ends in data the old prefix lacks) and
 * measures our encoder against `xdelta3 -e -9 -S none -A -B <pow2 ≥ source>`
 * as bench/delta/index.ts does: gzip ratio, peak RSS against 1.5 × source +
 * 64 MiB, CPU. A robustness check, not part of the goals' table: prefixes of
 * tars are cut mid-file, so they are not two versions of installed software.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, statSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { buildEncoderBundle, encodeOurs, gzSize, timedOnce, x3BestArgs } from './measure.js'
import { CORPUS, pairDirs } from './corpus.js'

const MiB = 1024 * 1024
const PAIRS = ['npm-express-lodash', 'npm-typescript', 'deb-libnode108']
const SIZES = [3, 6, 12]
const OUT = join('bench', 'out', 'delta', 'prefixes')

/** Copy the first n bytes of `from` (all of it if shorter); returns the bytes copied. */
function copyPrefix(from: string, to: string, n: number): number {
  copyFileSync(from, to)
  const size = Math.min(n, statSync(to).size)
  truncateSync(to, size)
  return size
}

const have = pairDirs()
const missing = PAIRS.filter((p) => !have.includes(p))
if (missing.length) {
  console.error(`corpus lacks ${missing.join(', ')}: run \`npm run bench -- delta --build\``)
  process.exit(1)
}
mkdirSync(OUT, { recursive: true })
const encoder = buildEncoderBundle(join('bench', 'out', 'delta', 'prefix-bundle'))
console.log(
  '| prefix | source MiB | gzip bytes ours / xdelta3 -9 | ÷ | encode CPU s ours / xdelta3 -9 | peak RSS MiB ours / bound |'
)
console.log('| --- | ---: | --- | ---: | --- | --- |')
let worstGz = 0
let worstRss = 0
for (const pair of PAIRS) {
  for (const m of SIZES) {
    const base = join(OUT, `${pair}-${m}`)
    const size = copyPrefix(join(CORPUS, pair, 'old.tar'), `${base}.old`, m * MiB)
    copyPrefix(join(CORPUS, pair, 'new.tar'), `${base}.new`, Math.round(m * 1.05 * MiB))
    const ours = encodeOurs(encoder, `${base}.old`, `${base}.new`, `${base}.ours`)
    const best = timedOnce(
      'xdelta3',
      x3BestArgs(size, `${base}.old`, `${base}.new`, `${base}.best`)
    )
    // Every delta must rebuild the new prefix through the device's decoder.
    execFileSync('xdelta3', ['-d', '-f', '-s', `${base}.old`, `${base}.ours`, `${base}.out`])
    execFileSync('cmp', ['-s', `${base}.out`, `${base}.new`])
    const gzOurs = gzSize(`${base}.ours`)
    const gzBest = gzSize(`${base}.best`)
    const rss = ours.maxRssKb / 1024
    const bound = (1.5 * size) / MiB + 64
    worstGz = Math.max(worstGz, gzOurs / gzBest)
    worstRss = Math.max(worstRss, rss / bound)
    console.log(
      `| ${pair} ${m} MiB | ${(size / MiB).toFixed(1)} | ${gzOurs} / ${gzBest} | ${(gzOurs / gzBest).toFixed(3)} | ${(ours.cpuMs / 1000).toFixed(2)} / ${best.s.toFixed(2)} | ${rss.toFixed(1)} / ${bound.toFixed(1)} |`
    )
  }
}
console.log(
  `\nworst gzip ratio ${worstGz.toFixed(3)}× xdelta3 -9's; worst peak RSS ${worstRss.toFixed(3)}× the bound`
)
