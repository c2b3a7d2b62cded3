import { formatBytes, formatDuration, formatRate } from '../util/format.js'
import type { Logger } from '../util/log.js'

/** One layer being encoded, as the reporter tracks it. */
interface Running {
  label: string
  total: number
  done: number
  started: number
  /** Whether a progress line was printed: short encodes end silently. */
  reported: boolean
}

export interface EncodeProgressOptions {
  /** Least time between two rounds of progress lines (default 10 s: a CI log, not a TTY). */
  intervalMs?: number
  /** Monotonic clock in ms; injectable for tests. */
  now?: () => number
}

/**
 * Progress of delta encodes for a log: every `intervalMs`, one line per layer
 * that has been encoding for at least that long, with the target bytes done,
 * the rate and the time left at that rate; a last line when such a layer
 * ends. Encodes shorter than the interval print nothing, so a small release
 * adds no lines, and a long one at most one round of lines per interval.
 */
export class EncodeProgress {
  private readonly running = new Set<Running>()
  private readonly intervalMs: number
  private readonly now: () => number
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly log: Logger,
    options: EncodeProgressOptions = {}
  ) {
    this.intervalMs = options.intervalMs ?? 10_000
    this.now = options.now ?? (() => performance.now())
  }

  /** A layer starts: `total` is its target's size in bytes. */
  start(label: string, total: number): { update: (done: number) => void; finish: () => void } {
    const r: Running = { label, total, done: 0, started: this.now(), reported: false }
    this.running.add(r)
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.intervalMs)
      this.timer.unref()
    }
    return {
      update: (done) => {
        r.done = Math.min(done, r.total)
      },
      finish: () => {
        if (!this.running.delete(r)) return
        if (r.reported) {
          const ms = this.now() - r.started
          this.log.info(
            `delta ${r.label}: ${formatBytes(r.total)} encoded in ${formatDuration(ms)} (${formatRate(r.total, ms)})`
          )
        }
        if (this.running.size === 0) this.stop()
      }
    }
  }

  /** One round of lines: every layer running for at least an interval. */
  tick(): void {
    const t = this.now()
    for (const r of this.running) {
      const ms = t - r.started
      if (ms < this.intervalMs) continue
      r.reported = true
      this.log.info(`delta ${r.label}: ${progressLine(r.done, r.total, ms)}`)
    }
  }

  /** Stops the timer (after a failure, the layers still listed are dropped). */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.running.clear()
  }
}

/** `12.0 MiB of 300.0 MiB (4%), 1.2 MiB/s, about 4.0 min left` */
export function progressLine(done: number, total: number, ms: number): string {
  const pct = total > 0 ? Math.floor((done * 100) / total) : 100
  const rate = done > 0 ? done / ms : 0
  const eta =
    rate > 0 ? `about ${formatDuration((total - done) / rate)} left` : 'time left not known yet'
  return `${formatBytes(done)} of ${formatBytes(total)} (${pct}%), ${formatRate(done, ms)}, ${eta}`
}
