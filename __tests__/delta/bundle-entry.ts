// A stand-in for the CLI/action bundles: encodes the pairs named on the command
// line through the worker pool, so the bundle test proves the worker loads
// from ncc output (dist/<entry>/index.js + dist/delta-worker/index.js).
import { encodeMany, findWorkerScript } from '../../src/delta/pool.js'

const args = process.argv.slice(2)
const jobs = []
for (let i = 0; i + 2 < args.length; i += 3)
  jobs.push({ sourcePath: args[i]!, targetPath: args[i + 1]!, outputPath: args[i + 2]! })
const script = findWorkerScript()
const results = await encodeMany(jobs, { concurrency: 2 })
process.stdout.write(JSON.stringify({ script: script?.path, sizes: results.map((r) => r.size) }))
