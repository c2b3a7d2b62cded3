import { setTimeout as sleep } from 'node:timers/promises'

export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts: number
  /** First backoff; doubled each time, with full jitter. */
  baseDelayMs: number
  maxDelayMs: number
  /**
   * Decide whether `err` is worth another attempt. Return false to give up at
   * once, true to back off, or a number of milliseconds the server asked us to
   * wait (Retry-After), which wins over the computed backoff.
   */
  retryable: (err: unknown) => boolean | number
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void
  signal?: AbortSignal
  /**
   * The whole operation's budget: no attempt starts after it (an attempt in
   * flight is bounded by its own timeouts), and a backoff that would end past
   * it is not waited.
   */
  deadlineMs?: number
  /** Injected for tests; defaults to Math.random and Date.now. */
  random?: () => number
  now?: () => number
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions
): Promise<T> {
  const random = opts.random ?? Math.random
  const now = opts.now ?? Date.now
  const deadline = opts.deadlineMs === undefined ? Infinity : now() + opts.deadlineMs
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err) {
      const verdict = attempt < opts.attempts ? opts.retryable(err) : false
      if (verdict === false) throw err
      const backoff = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1))
      const delay =
        typeof verdict === 'number'
          ? Math.min(Math.max(0, verdict), opts.maxDelayMs)
          : Math.round(backoff * (0.5 + random() / 2))
      if (now() + delay >= deadline) throw err
      opts.onRetry?.(err, attempt, delay)
      await sleep(delay, undefined, opts.signal ? { signal: opts.signal } : undefined)
    }
  }
}

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns milliseconds to wait, or undefined when absent or unparseable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now()
): number | undefined {
  if (value == null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
