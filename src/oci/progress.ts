import { formatBytes, formatDuration, formatRate } from '../util/format.js'
import type { Logger } from '../util/log.js'

/**
 * Download progress for CI logs (not a TTY): one line when a layer starts and
 * one when it ends, plus a summary every `intervalMs` while anything runs.
 */
export class PullProgress {
  private total = 0
  private done = 0
  private active = 0
  private readonly started: number
  private timer: NodeJS.Timeout | undefined
  private lastSummary = 0

  constructor(
    private readonly log: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now
  ) {
    this.started = now()
  }

  /** Adds bytes to the expected total (layers that must be downloaded). */
  expect(bytes: number): void {
    this.total += bytes
  }

  start(label: string, size: number): { bytes: (n: number) => void; finish: () => void } {
    const t0 = this.now()
    let mine = 0
    this.active++
    this.log.info(`pulling ${label} (${formatBytes(size)})`)
    this.ensureTimer()
    return {
      bytes: (n) => {
        mine += n
        this.done += n
        this.maybeSummary()
      },
      finish: () => {
        this.active--
        const ms = this.now() - t0
        this.log.info(
          `pulled ${label}: ${formatBytes(mine)} in ${formatDuration(ms)} (${formatRate(mine, ms)})`
        )
        if (this.active === 0) this.stopTimer()
      }
    }
  }

  summaryLine(): string {
    const ms = this.now() - this.started
    const pct =
      this.total > 0 ? ` (${Math.min(100, Math.round((this.done * 100) / this.total))}%)` : ''
    return `pull progress: ${formatBytes(this.done)} of ${formatBytes(this.total)}${pct}, ${this.active} downloading, ${formatRate(this.done, ms)}`
  }

  private maybeSummary(): void {
    const t = this.now()
    if (t - this.lastSummary >= this.intervalMs && t - this.started >= this.intervalMs) {
      this.lastSummary = t
      this.log.info(this.summaryLine())
    }
  }

  private ensureTimer(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.maybeSummary(), this.intervalMs)
    this.timer.unref()
  }

  stopTimer(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }
}

/** A small semaphore: at most `limit` tasks run at once. */
export function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0
  const queue: (() => void)[] = []
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((r) => queue.push(r))
    running++
    try {
      return await fn()
    } finally {
      running--
      queue.shift()?.()
    }
  }
}
