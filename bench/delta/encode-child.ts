// Runs one native encode in its own process and prints time and peak RSS as
// JSON, so the benchmark measures the encoder alone (not the parent's memory).
import { encodeDelta } from '../../src/delta/index.js'
import type { EncoderOptions } from '../../src/delta/vcdiff/encoder.js'

// An optional 4th argument, JSON encoder options, is for trying settings by hand.
const [sourcePath, targetPath, outputPath, optionsJson] = process.argv.slice(2)
const started = performance.now()
const cpu0 = process.cpuUsage()
const r = await encodeDelta({
  sourcePath: sourcePath!,
  targetPath: targetPath!,
  outputPath: outputPath!,
  ...(optionsJson && { encoderOptions: JSON.parse(optionsJson) as EncoderOptions })
})
const ms = performance.now() - started
const cpu = process.cpuUsage(cpu0)
const cpuMs = (cpu.user + cpu.system) / 1000
process.stdout.write(
  JSON.stringify({
    ms,
    cpuMs,
    maxRssKb: process.resourceUsage().maxRSS,
    size: r.size,
    stats: r.stats
  })
)
