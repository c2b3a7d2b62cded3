// The CLI's own entry (src/cli/index.ts) plus a clock: bundled by the bench
// with ncc as the shipped CLI is, and run as `node child/index.js image pull …`. Prints the in-process time as the last line of stdout.
import { enableCompileCache } from '../../src/cli/compile-cache.js'

enableCompileCache()
const t0 = performance.now()
const { main } = await import('../../src/cli/program.js')
const code = await main(process.argv.slice(2))
const ms = performance.now() - t0
process.stdout.write(`${JSON.stringify({ ms, startupMs: t0, code })}\n`)
process.exitCode = code
