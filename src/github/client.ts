import { getOctokit } from '@actions/github'
import { UserError } from '../util/errors.js'
import { isNetworkError } from '../util/http-errors.js'
import type { Logger } from '../util/log.js'
import { parseRetryAfter, withRetry } from '../util/retry.js'

export type GitHubApi = ReturnType<typeof getOctokit>

export interface GitHubClientOptions {
  token: string
  /**
   * The REST API root. @actions/github reads GITHUB_API_URL when its module
   * loads, so a value set later (tests, GHES inputs) must be passed here.
   */
  baseUrl?: string
}

export function githubClient(options: GitHubClientOptions): GitHubApi {
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
  return getOctokit(options.token, { baseUrl })
}

/** Longest wait for a rate limit to reset before giving up with a clear error. */
const MAX_RATE_LIMIT_WAIT_MS = 60_000

export interface CallOptions {
  log: Logger
  attempts?: number
  baseDelayMs?: number
  now?: () => number
}

/**
 * Runs one API call with retries for 5xx, network errors and rate limits
 * (403/429 with x-ratelimit-remaining: 0 or Retry-After, waiting as the
 * headers say). @actions/github has no retry plugin of its own.
 */
export async function githubCall<T>(
  what: string,
  fn: () => Promise<T>,
  opts: CallOptions
): Promise<T> {
  const now = opts.now ?? Date.now
  try {
    return await withRetry(fn, {
      attempts: opts.attempts ?? 4,
      baseDelayMs: opts.baseDelayMs ?? 1000,
      maxDelayMs: MAX_RATE_LIMIT_WAIT_MS,
      retryable: (err) => githubRetryVerdict(err, now()),
      onRetry: (err, attempt, delay) =>
        opts.log.info(`GitHub API ${what}: ${shortError(err)}; retry ${attempt} in ${delay} ms`)
    })
  } catch (err) {
    const status = statusOf(err)
    if (status !== undefined && isRateLimited(err))
      throw new UserError(`GitHub API ${what}: rate limit exceeded`, {
        hint: 'pass github-token (the default ${{ github.token }} has a higher limit) or retry later',
        cause: err
      })
    if (status === 401 || status === 403)
      throw new UserError(`GitHub API ${what}: ${status} ${shortError(err)}`, {
        hint: 'the token needs "contents: read" on this repository',
        cause: err
      })
    throw err
  }
}

export function githubRetryVerdict(err: unknown, now: number): boolean | number {
  const status = statusOf(err)
  if (status === undefined) return isNetworkError(err)
  if (status === 403 || status === 429) {
    const retryAfter = parseRetryAfter(header(err, 'retry-after'), now)
    if (retryAfter !== undefined) return retryAfter <= MAX_RATE_LIMIT_WAIT_MS ? retryAfter : false
    if (header(err, 'x-ratelimit-remaining') === '0') {
      const reset = Number(header(err, 'x-ratelimit-reset'))
      if (!Number.isFinite(reset)) return false
      const wait = Math.max(0, reset * 1000 - now)
      return wait <= MAX_RATE_LIMIT_WAIT_MS ? wait : false
    }
    return status === 429
  }
  return status >= 500 || status === 408
}

function isRateLimited(err: unknown): boolean {
  const s = statusOf(err)
  return (
    s === 429 ||
    (s === 403 &&
      (header(err, 'x-ratelimit-remaining') === '0' || header(err, 'retry-after') !== undefined))
  )
}

export function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null)?.status
  return typeof s === 'number' ? s : undefined
}

function header(err: unknown, name: string): string | undefined {
  const h = (err as { response?: { headers?: Record<string, unknown> } }).response?.headers?.[name]
  return typeof h === 'string' ? h : typeof h === 'number' ? String(h) : undefined
}

function shortError(err: unknown): string {
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
}
