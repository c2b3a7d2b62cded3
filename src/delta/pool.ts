import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { availableParallelism, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { UserError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import {
  encodeDelta,
  encodeMemoryEstimate,
  type EncodeDeltaOptions,
  type EncodeDeltaResult
} from './index.js'
import { decodedDigest } from './native.js'

export interface EncodePoolOptions {
  /** Most encodes at once; default: the number of CPUs. */
  concurrency?: number
  /** Bytes the running encodes may use together (estimates); default: half the machine's memory. */
  memoryBudget?: number
  /** Worker script; default: found next to this module or the bundle (see `findWorkerScript`). */
  workerScript?: string
  /** Run in this thread instead of workers (used when no worker script exists). */
  inProcess?: boolean
  /**
   * Also decode each native delta with the native decoder right after its
   * encode, on the same worker, and return the digest it decodes to
   * (`decodedDigest`), so the caller's check needs no second pass.
   */
  verify?: boolean
  log?: Logger
  onStart?: (job: EncodeDeltaOptions) => void
  onDone?: (job: EncodeDeltaOptions, result: EncodeDeltaResult) => void
  /** Target bytes a running job has encoded so far (native engine, after each window). */
  onProgress?: (job: EncodeDeltaOptions, targetBytesDone: number) => void
}

/**
 * Where the worker entry lives: `worker.js` beside this module (tsc output),
 * `worker.ts` beside it (tsx/vitest), or `dist/delta-worker/index.js` seen from
 * an ncc bundle in dist/ (the action) or dist/cli/ (the CLI). Undefined when
 * none exists.
 */
export function findWorkerScript(
  moduleUrl = import.meta.url
): { path: string; ts: boolean } | undefined {
  const here = dirname(fileURLToPath(moduleUrl))
  const candidates: Array<[string, boolean]> = [
    [join(here, 'worker.js'), false],
    [join(here, 'worker.ts'), true],
    [join(here, 'delta-worker', 'index.js'), false],
    [join(here, '..', 'delta-worker', 'index.js'), false]
  ]
  for (const [path, ts] of candidates) if (existsSync(path)) return { path, ts }
  return undefined
}

/** What a worker posts: progress after each window, then one answer. */
export type WorkerMessage =
  { progress: number } | { ok: boolean; result?: PoolResult; message?: string; user?: boolean }

/** A job as a worker gets it: the encode, and whether to decode the delta afterwards. */
export type PoolJob = EncodeDeltaOptions & { verify?: boolean }

/** An encode result, with the digest the delta decodes to when the job asked for it. */
export type PoolResult = EncodeDeltaResult & { decodedDigest?: string }

/** Encodes one job and, when `verify` (native engine), decodes the delta to hash its result. */
export async function encodeAndCheck(job: PoolJob): Promise<PoolResult> {
  const { verify, ...options } = job
  const result = await encodeDelta(options)
  if (!verify || result.engine !== 'native') return result
  return { ...result, decodedDigest: await decodedDigest(job.sourcePath, job.outputPath) }
}

/** Workers started ahead of their job (`prewarmWorkers`), each waiting for one job. */
const warm: Array<{ path: string; worker: Worker }> = []

/**
 * Starts up to `count` workers now, so the encodes that follow skip a
 * worker's start (a thread loading the bundle's modules). Each waits for
 * one job; unused ones do not keep the process alive. Not for TypeScript
 * entries (tests through tsx start their own).
 */
export function prewarmWorkers(count: number, workerScript?: string): void {
  const script = workerScript
    ? { path: workerScript, ts: workerScript.endsWith('.ts') }
    : findWorkerScript()
  if (!script || script.ts) return
  for (let i = warm.filter((w) => w.path === script.path).length; i < count; i++) {
    const worker = new Worker(script.path, { workerData: { wait: true } })
    worker.unref()
    const entry = { path: script.path, worker }
    const drop = (): void => {
      const at = warm.indexOf(entry)
      if (at >= 0) warm.splice(at, 1)
    }
    // a worker that fails before its job is simply not used
    worker.on('error', drop)
    worker.on('exit', drop)
    warm.push(entry)
  }
}

/** A prewarmed worker for `path`, given `job`; undefined when none is waiting. */
function warmWorker(path: string, job: PoolJob): Worker | undefined {
  const at = warm.findIndex((w) => w.path === path)
  if (at < 0) return undefined
  const { worker } = warm.splice(at, 1)[0]!
  worker.removeAllListeners()
  worker.ref()
  worker.postMessage(job)
  return worker
}

function runInWorker(
  script: { path: string; ts: boolean },
  job: PoolJob,
  onProgress?: (done: number) => void
): Promise<PoolResult> {
  return new Promise((resolve, reject) => {
    const worker = script.ts
      ? // Under tsx/vitest the entry is TypeScript: register tsx in the worker first.
        new Worker(
          `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(script.path).href)}) })`,
          { eval: true, workerData: job }
        )
      : (warmWorker(script.path, job) ?? new Worker(script.path, { workerData: job }))
    let settled = false
    const onMessage = (m: WorkerMessage): void => {
      if ('progress' in m) return onProgress?.(m.progress)
      settled = true
      worker.off('message', onMessage)
      if (m.ok) resolve(m.result!)
      else reject(new UserError(m.message ?? 'delta encode failed'))
    }
    worker.on('message', onMessage)
    worker.once('error', (err) => {
      settled = true
      reject(err)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`delta worker exited with code ${code} before answering`))
    })
  })
}

/**
 * Encode many pairs on worker threads: at most `concurrency` at once, and
 * only as many as fit the memory budget by `encodeMemoryEstimate` (one job
 * always runs, even when it alone exceeds the budget). Results come back in
 * job order; the first failure rejects after the running jobs finish.
 */
export async function encodeMany(
  jobs: EncodeDeltaOptions[],
  options: EncodePoolOptions = {}
): Promise<PoolResult[]> {
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism())
  const budget = options.memoryBudget ?? Math.floor(totalmem() / 2)
  const script = options.inProcess
    ? undefined
    : options.workerScript
      ? { path: options.workerScript, ts: options.workerScript.endsWith('.ts') }
      : findWorkerScript()
  if (!script && !options.inProcess)
    options.log?.warn('delta worker script not found; encoding in the main thread, one at a time')
  const limit = script ? concurrency : 1
  const costs = await Promise.all(
    jobs.map(async (j) =>
      j.engine === 'xdelta3'
        ? 64 * 1024 * 1024
        : encodeMemoryEstimate((await stat(j.sourcePath)).size)
    )
  )
  const results: PoolResult[] = new Array(jobs.length)
  let next = 0
  let running = 0
  let used = 0
  let failure: unknown
  await new Promise<void>((resolveAll) => {
    const pump = (): void => {
      while (failure === undefined && next < jobs.length && running < limit) {
        const cost = costs[next]!
        if (running > 0 && used + cost > budget) break
        const i = next++
        running++
        used += cost
        const job = jobs[i]!
        options.onStart?.(job)
        options.log?.debug(`delta: encoding ${job.targetPath} against ${job.sourcePath}`)
        const pj: PoolJob = options.verify ? { ...job, verify: true } : job
        const progress = options.onProgress
          ? (done: number) => options.onProgress?.(job, done)
          : undefined
        // a function does not cross to a worker: there, progress comes back as messages
        const work = script
          ? runInWorker(script, pj, progress)
          : encodeAndCheck(progress ? { ...pj, onProgress: progress } : pj)
        work
          .then(
            (r) => {
              results[i] = r
              options.onDone?.(job, r)
            },
            (err: unknown) => {
              failure ??= err
            }
          )
          .finally(() => {
            running--
            used -= cost
            pump()
          })
      }
      if (running === 0 && (next >= jobs.length || failure !== undefined)) resolveAll()
    }
    pump()
  })
  if (failure !== undefined) throw failure
  return results
}
