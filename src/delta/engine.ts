import { spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import { cpus } from 'node:os'
import { decodeDelta, encodeDelta, type DeltaEngineName, type EncodeDeltaOptions } from './index.js'
import { encodeNative } from './native.js'
import { encodeMany, type EncodePoolOptions } from './pool.js'
import type { EncodeProgress } from './progress.js'
import type { EncoderOptions } from './vcdiff/encoder.js'
import { WINDOW_SIZE } from './vcdiff/format.js'
import { runXdelta3, sourceWindowFor, xdelta3EncodeArgs } from './xdelta3.js'
import type { Logger } from '../util/log.js'
import { gzipSize } from './gzip-size.js'
import { mapLimit } from '../util/map-limit.js'

/** One layer pair: encode `targetPath` against `sourcePath` into `outputPath`. */
export interface EncodeJob {
  sourcePath: string
  targetPath: string
  outputPath: string
  /** What the layer is, for progress lines (e.g. `web layer 3/5`); default: the target's path. */
  label?: string
}

export interface EncodeResult {
  size: number
  /** Size of the delta after gzip -6, when the engine measured it (the payload is gzip). */
  gzipSize?: number
  /**
   * `sha256:<hex>` of what the delta decodes to with our native decoder, when
   * the engine decoded it already (the pool does, on the worker that encoded
   * it): the payload then compares this with the layer's digest instead of
   * decoding again.
   */
  decodedDigest?: string
}

/**
 * The delta encoder/decoder the payload builder drives: an interface so the
 * docker-compose module (no deltas), the pipeline (its worker pool, a cache)
 * and fault-injection tests can plug in.
 */
export interface DeltaEngine {
  encode(job: EncodeJob): Promise<EncodeResult>
  /**
   * Encodes all jobs, concurrently within the engine's CPU and memory bounds,
   * results in job order. Optional: the builder hands every layer of every
   * image of a payload to it at once; without it, jobs run one at a time.
   */
  encodeMany?(jobs: readonly EncodeJob[]): Promise<EncodeResult[]>
  /** Our decoder: every delta is decoded with it once before it is packaged. */
  decode(job: { sourcePath: string; deltaPath: string; outputPath: string }): Promise<void>
  /**
   * True when this engine already knows the delta decodes to `targetDigest`
   * (the pipeline's delta cache: decoded and hashed when it was made, its
   * bytes checked against their digest since; or a copy delta of an
   * identical layer): the payload then skips decoding it again.
   */
  checked?(deltaPath: string, targetDigest: string): boolean
  /**
   * True when the delta of `target` against `source` (content IDs) is made
   * without reading either file: the engine's cache holds it, or the layer
   * is unchanged (a copy delta from its size).
   */
  holds?(source: string, target: string): Promise<boolean>
}

/** Runs `jobs` through the engine: all at once when it can bound them itself, else in order. */
export async function encodeAll(
  engine: DeltaEngine,
  jobs: readonly EncodeJob[]
): Promise<EncodeResult[]> {
  if (jobs.length === 0) return []
  if (engine.encodeMany) return engine.encodeMany(jobs)
  const out: EncodeResult[] = []
  for (const job of jobs) out.push(await engine.encode(job))
  return out
}

/**
 * The engines (`native`, or the `xdelta3` binary with the portable flags:
 * `-S none -A -D -B ≥ source`), one encode at a time in this thread, decoded
 * by the native decoder, so a delta is checked by code other than the
 * code that wrote it. Kept for callers that pass no pool; see `poolDeltaEngine`.
 */
export function deltaEngine(engine: DeltaEngineName = 'native'): DeltaEngine {
  return {
    encode: ({ sourcePath, targetPath, outputPath }) =>
      encodeDelta({ sourcePath, targetPath, outputPath, engine }),
    decode: nativeDecode
  }
}

async function nativeDecode(job: {
  sourcePath: string
  deltaPath: string
  outputPath: string
}): Promise<void> {
  await decodeDelta(job)
}

export interface PoolEngineOptions extends Pick<
  EncodePoolOptions,
  'concurrency' | 'memoryBudget' | 'workerScript'
> {
  log?: Logger
  /** Source + target bytes below which a pair is encoded in this thread (starting a worker would cost more than the encode). */
  inThreadBytes?: number
  /** Source + target bytes up to which `SMALL_PAIR_CANDIDATES` are also tried (default `SMALL_PAIR_BYTES`; 0: never). */
  smallPairBytes?: number
  /** Reports the encodes' progress (per layer: bytes, rate, time left). */
  progress?: EncodeProgress
}

/** The pool's hooks that feed `progress`: one entry per running job. */
function progressHooks(
  progress: EncodeProgress
): Pick<EncodePoolOptions, 'onStart' | 'onProgress' | 'onDone'> & { endAll: () => void } {
  const running = new Map<EncodeDeltaOptions, ReturnType<EncodeProgress['start']>>()
  return {
    onStart: (job) => {
      const label = (job as EncodeJob).label ?? job.targetPath
      running.set(job, progress.start(label, statSync(job.targetPath).size))
    },
    onProgress: (job, done) => running.get(job)?.update(done),
    onDone: (job) => {
      running.get(job)?.finish()
      running.delete(job)
    },
    endAll: () => {
      for (const r of running.values()) r.finish()
      running.clear()
    }
  }
}

/** Source + target bytes below which a pair is encoded without a worker thread. */
export const IN_THREAD_BYTES = 16 * 1024 * 1024

/**
 * Source + target bytes up to which the native encoder also tries
 * `SMALL_PAIR_CANDIDATES` (in this thread, after the default encode) and the
 * delta that gzips smallest is kept. The wide index's time grows with the
 * target (every lookup reads up to 512 candidates), so only small pairs get it
 * (measured: src/delta/README.md, Tuning notes).
 */
export const SMALL_PAIR_BYTES = 4 * 1024 * 1024

/**
 * Native encoder settings tried besides the default on small pairs. The
 * encoder itself uses 512-entry buckets for sources up to 2 MiB (more
 * candidates for its address-cost scoring), so the candidate is the narrower
 * 8-entry bucket, which still wins on some inputs (records sharing a head).
 */
export const SMALL_PAIR_CANDIDATES: readonly EncoderOptions[] = [{ indexWaysLog: 3 }]

/**
 * The pool's encoder settings: the dense index (source/4 + 16 MiB, what
 * `encodeMemoryEstimate` budgets). The encoder's default cuts the index of
 * 13–45 MiB sources to meet a standalone encoder's memory goal; a runner has
 * the memory, and the cut makes deltas larger there. Full 8 MiB windows and
 * the local index at every size for the same reason (the standalone default
 * halves windows on small sources and keeps the local index for sources over
 * 64 MiB).
 */
export const POOL_ENCODER: EncoderOptions = {
  denseIndex: true,
  windowSize: WINDOW_SIZE,
  localIndex: true
}

/**
 * The native encoder on its worker pool (`encodeMany`): all layers of a
 * payload at once, at most one per CPU and within the pool's memory budget
 * (`encodeMemoryEstimate` per source). Small pairs are encoded in this thread
 * meanwhile, since starting a worker costs more than they do. Decoded by the
 * native decoder.
 */
export function poolDeltaEngine(options: PoolEngineOptions = {}): DeltaEngine {
  const small = options.inThreadBytes ?? IN_THREAD_BYTES
  const pool: EncodePoolOptions = {
    verify: true,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.memoryBudget !== undefined && { memoryBudget: options.memoryBudget }),
    ...(options.workerScript !== undefined && { workerScript: options.workerScript }),
    ...(options.log && { log: options.log })
  }
  const hooks = options.progress ? progressHooks(options.progress) : undefined
  if (hooks) {
    pool.onStart = hooks.onStart
    pool.onProgress = hooks.onProgress
    pool.onDone = hooks.onDone
  }
  const many = async (jobs: readonly EncodeJob[]): Promise<EncodeResult[]> => {
    const sizes = await Promise.all(
      jobs.map(async (j) => (await stat(j.sourcePath)).size + (await stat(j.targetPath)).size)
    )
    const inThread = jobs.flatMap((j, i) => (sizes[i]! < small ? [i] : []))
    const onWorkers = jobs.flatMap((j, i) => (sizes[i]! < small ? [] : [i]))
    const native = (i: number) => ({
      ...jobs[i]!,
      engine: 'native' as const,
      encoderOptions: POOL_ENCODER
    })
    const [a, b] = await Promise.all([
      inThread.length
        ? encodeMany(inThread.map(native), { ...pool, inProcess: true })
        : Promise.resolve([]),
      onWorkers.length ? encodeMany(onWorkers.map(native), pool) : Promise.resolve([])
    ]).finally(() => hooks?.endAll())
    const out: EncodeResult[] = new Array(jobs.length)
    const result = (r: { size: number; decodedDigest?: string }): EncodeResult => ({
      size: r.size,
      ...(r.decodedDigest ? { decodedDigest: r.decodedDigest } : {})
    })
    inThread.forEach((i, k) => (out[i] = result(a[k]!)))
    onWorkers.forEach((i, k) => (out[i] = result(b[k]!)))
    // a candidate that wins carries no decodedDigest: the payload decodes it to check it
    const tiny = options.smallPairBytes ?? SMALL_PAIR_BYTES
    for (const [i, job] of jobs.entries())
      if (sizes[i]! <= tiny) out[i] = await smallestOf(job, out[i]!)
    return out
  }
  return {
    encode: async (job) => (await many([job]))[0]!,
    encodeMany: many,
    decode: nativeDecode
  }
}

/**
 * `job`'s delta (already encoded with the defaults, `first`) or one of
 * `SMALL_PAIR_CANDIDATES`, whichever gzips smallest (the first on a tie); the
 * kept one is at `job.outputPath`.
 */
async function smallestOf(job: EncodeJob, first: EncodeResult): Promise<EncodeResult> {
  let best = { ...first, gzipSize: first.gzipSize ?? (await gzipSize(job.outputPath)) }
  for (const [k, options] of SMALL_PAIR_CANDIDATES.entries()) {
    const alt = `${job.outputPath}.native${k}`
    try {
      const { size } = await encodeNative(job.sourcePath, job.targetPath, alt, {
        ...POOL_ENCODER,
        ...options
      })
      const gz = await gzipSize(alt)
      if (gz < best.gzipSize) {
        await rename(alt, job.outputPath)
        best = { size, gzipSize: gz }
      }
    } finally {
      await rm(alt, { force: true })
    }
  }
  return best
}

/**
 * Sources up to this size also get `xdelta3 -e -S none` candidates: there
 * each costs little CPU, and on trees of many small files xdelta3's short
 * matches can beat the native encoder. Above it the native encoder wins, and
 * xdelta3 would add about as much time again as the encode (figures:
 * src/delta/README.md, Tuning notes).
 */
export const XDELTA3_CANDIDATE_MAX_SOURCE = 32 * 1024 * 1024

/**
 * The xdelta3 candidates (`-e -S none -A -D`, level and source window `-B`).
 * Level 3 with xdelta3's default 64 MiB window is the archived generator's
 * own encoding less the app header, so the kept delta is never larger than
 * its `-S none` delta. Level 9 finds shorter matches; with a 1 MiB window it
 * keeps them near their own offset (rewritten trees of source files), with
 * 64 MiB it also reaches far ones (small trees): each wins on some inputs
 * (figures: src/delta/README.md, Tuning notes).
 */
export const XDELTA3_CANDIDATES = [
  { level: 3, window: 64 * 1024 * 1024 },
  { level: 9, window: 1024 * 1024 },
  { level: 9, window: 64 * 1024 * 1024 }
] as const

/**
 * `xdelta3 -e -<level> -S none -A -D -B <window>`: the archived generator's
 * encoding without secondary compression (stock `xdelta3 -d -s` on any device
 * decodes it, and so does the native decoder), at most one run per CPU.
 */
export function xdelta3PortableEngine(
  candidate: { level: number; window: number },
  binary = 'xdelta3',
  concurrency = cpus().length
): DeltaEngine {
  const encode = async ({ sourcePath, targetPath, outputPath }: EncodeJob) => {
    const args = xdelta3EncodeArgs({
      source: sourcePath,
      target: targetPath,
      output: outputPath,
      level: candidate.level,
      sourceWindow: candidate.window
    })
    await runXdelta3(args, binary)
    return { size: (await stat(outputPath)).size }
  }
  return {
    encode,
    encodeMany: (jobs) => mapLimit(jobs, Math.max(1, concurrency), encode),
    decode: nativeDecode
  }
}

/**
 * The default engine of the App Update Module payload: the native encoder on
 * the pool and, for sources up to `XDELTA3_CANDIDATE_MAX_SOURCE`, also the
 * `xdelta3 -3 -S none` candidates; it keeps whichever delta gzips smallest
 * (the payload is gzip). Every delta it keeps decodes with a stock xdelta3
 * built without liblzma, and with the native decoder.
 */
export function portableDeltaEngine(
  options: PoolEngineOptions & { xdelta3Binary?: string } = {}
): DeltaEngine {
  const primary = poolDeltaEngine(options)
  const others = XDELTA3_CANDIDATES.map((c) =>
    xdelta3PortableEngine(c, options.xdelta3Binary, options.concurrency)
  )
  const binary = options.xdelta3Binary ?? 'xdelta3'
  let available: Promise<boolean> | undefined
  const many = async (jobs: readonly EncodeJob[]): Promise<EncodeResult[]> => {
    const small = await Promise.all(
      jobs.map(async (j) => (await stat(j.sourcePath)).size <= XDELTA3_CANDIDATE_MAX_SOURCE)
    )
    let picked = jobs.flatMap((j, i) => (small[i] ? [i] : []))
    // the candidates are an optimisation: without xdelta3 (not on GitHub's
    // runners by default) the native encoder's delta is kept
    if (picked.length > 0 && !(await (available ??= hasProgram(binary, options.log)))) picked = []
    // one phase after the other, so the pool's CPU and memory bounds are not
    // shared with xdelta3 runs it does not know about
    const first = await primary.encodeMany!(jobs)
    const rest: Array<Array<EncodeResult | undefined>> = []
    for (const [k, e] of others.entries())
      rest.push(
        await mapLimit(picked, Math.max(1, options.concurrency ?? cpus().length), (i) =>
          e.encode({ ...jobs[i]!, outputPath: `${jobs[i]!.outputPath}.${k}` }).catch((err) => {
            options.log?.warn(
              `xdelta3 candidate for ${jobs[i]!.targetPath} failed, not used: ${(err as Error).message}`
            )
            return undefined
          })
        )
      )
    const out: EncodeResult[] = first.map((r) => ({ ...r }))
    await Promise.all(
      picked.map(async (i, n) => {
        const path = jobs[i]!.outputPath
        let best = { ...first[i]!, gzipSize: first[i]!.gzipSize ?? (await gzipSize(path)), path }
        for (const [k, results] of rest.entries()) {
          const alt = `${path}.${k}`
          const r = results[n]
          if (!r) continue
          const c = { ...r, gzipSize: await gzipSize(alt), path: alt }
          if (c.gzipSize < best.gzipSize) {
            if (best.path !== path) await rm(best.path, { force: true })
            best = c
          } else await rm(alt, { force: true })
        }
        if (best.path !== path) await rename(best.path, path)
        out[i] = { size: best.size, gzipSize: best.gzipSize }
      })
    )
    return out
  }
  return {
    encode: async (job) => (await many([job]))[0]!,
    encodeMany: many,
    decode: nativeDecode
  }
}

/**
 * xdelta3 with lzma secondary compression, for devices whose xdelta3 is built
 * with liblzma (Debian, Ubuntu, Raspberry Pi OS; not a default Yocto build).
 * Deltas come out smaller than with
 * `-S none`. Our native decoder has no lzma, so these deltas are checked with
 * the xdelta3 decoder the device itself runs.
 */
export function lzmaDeltaEngine(binary = 'xdelta3', concurrency = cpus().length): DeltaEngine {
  const encode = async ({ sourcePath, targetPath, outputPath }: EncodeJob) => {
    const { size: sourceSize } = await stat(sourcePath)
    const args = xdelta3EncodeArgs({
      source: sourcePath,
      target: targetPath,
      output: outputPath,
      secondary: 'lzma',
      // with lzma, -9 makes larger deltas than -6 (bench/README.md)
      level: 6,
      sourceWindow: sourceWindowFor(sourceSize)
    })
    await runXdelta3(args, binary)
    return { size: (await stat(outputPath)).size }
  }
  return {
    encode,
    encodeMany: (jobs) => mapLimit(jobs, Math.max(1, concurrency), encode),
    async decode({ sourcePath, deltaPath, outputPath }) {
      const { size: sourceSize } = await stat(sourcePath)
      await runXdelta3(
        [
          '-d',
          '-f',
          '-D',
          '-B',
          xdelta3Window(sourceSize),
          '-s',
          sourcePath,
          deltaPath,
          outputPath
        ],
        binary
      )
    }
  }
}

/** Whether `binary` runs (`-V`); logs once when it does not. */
function hasProgram(binary: string, log?: Logger): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(binary, ['-V'], { stdio: 'ignore' })
    child.on('error', () => {
      log?.info(
        `${binary} not found: layers up to 32 MiB use the native encoder only (install xdelta3 for smaller deltas of small layers)`
      )
      resolve(false)
    })
    child.on('close', () => resolve(true))
  })
}

/** xdelta3 3.0.11 refuses `-B` below 512 KiB ("-B: minimum value: 524288"), whatever the source size. */
function xdelta3Window(sourceSize: number): string {
  return String(Math.max(524_288, sourceWindowFor(sourceSize)))
}
