// One pull in its own process, so its peak RSS is ours alone. Prints JSON.
import { rm } from 'node:fs/promises'
import { pullToStore, writeOciLayout } from '../../src/oci/index.js'
import type { Logger } from '../../src/util/log.js'

const [ref, storeDir, out, layerTars] = process.argv.slice(2) as [string, string, string, string]
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: (m) => process.stderr.write(`${m}\n`)
}
const t0 = performance.now()
await rm(out, { recursive: true, force: true })
await pullToStore(
  ref,
  'linux/amd64',
  { storeDir, log: quiet, layerTars: layerTars === '1', concurrency: 4 },
  (p, store) => writeOciLayout(store, p, out, 'v1')
)
const ms = performance.now() - t0
if (process.env.BENCH_EXIT_TRACE) {
  process.on('exit', () => process.stderr.write(`exit at ${performance.now().toFixed(0)} ms\n`))
}
process.stdout.write(
  `${JSON.stringify({ ms, startupMs: t0, maxRssKiB: process.resourceUsage().maxRSS })}\n`
)
