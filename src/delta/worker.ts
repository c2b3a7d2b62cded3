/**
 * Worker-thread entry: encodes the one job in `workerData` (and, when asked,
 * decodes the delta to hash it) and posts the result.
 * Bundled on its own by ncc (`src/delta/worker.ts` → `dist/delta-worker/index.js`)
 * so that the CLI and action bundles can start it; see pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { describeError } from '../util/errors.js'
import { encodeAndCheck, type PoolJob, type WorkerMessage } from './pool.js'

const port = parentPort
/** Started ahead (`prewarmWorkers`): the job comes as the first message. */
const ahead = (workerData as { wait?: boolean } | null)?.wait === true
if (port && ahead) port.once('message', (job: PoolJob) => run(port, job))
else if (port) run(port, workerData as PoolJob)

function run(port: NonNullable<typeof parentPort>, job: PoolJob): void {
  const progress = (done: number): void =>
    port.postMessage({ progress: done } satisfies WorkerMessage)
  encodeAndCheck({ ...job, onProgress: progress }).then(
    (result) => port.postMessage({ ok: true, result }),
    (err: unknown) =>
      port.postMessage({
        ok: false,
        message: describeError(err),
        user: err instanceof Error && err.name === 'UserError'
      })
  )
}
