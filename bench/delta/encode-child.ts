// Runs one native encode in its own process and prints time and peak RSS as
// JSON, so the benchmark measures the encoder alone (not the parent's memory).
import { encodeDelta } from '../../src/delta/index.js'

const [sourcePath, targetPath, outputPath] = process.argv.slice(2)
const started = performance.now()
const r = await encodeDelta({
  sourcePath: sourcePath!,
  targetPath: targetPath!,
  outputPath: outputPath!
})
const ms = performance.now() - started
process.stdout.write(
  JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, size: r.size, stats: r.stats })
)
