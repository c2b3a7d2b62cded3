// The CLI's own entry (src/cli/index.ts) plus a clock: bundled by the bench
// with ncc as the shipped CLI is, and run as `node child/index.js image pull …`.
// Prints the in-process time as the last line of stdout. The clock is
// process.hrtime: the `performance` global would load perf_hooks, which the
// CLI itself never loads.
import { enableCompileCache } from '../../src/cli/compile-cache.js'

enableCompileCache()
const startupMs = process.uptime() * 1000
const t0 = process.hrtime.bigint()
const { main } = await import('../../src/cli/program.js')
const code = await main(process.argv.slice(2))
const ms = Number(process.hrtime.bigint() - t0) / 1e6
process.stdout.write(`${JSON.stringify({ ms, startupMs, code })}\n`)
process.exitCode = code
