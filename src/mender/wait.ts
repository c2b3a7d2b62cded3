import { setTimeout as sleep } from 'node:timers/promises'
import { formatDuration } from '../util/format.js'
import { abortDeployment, getDeployment, listDevices } from './deployments.js'
import type { MenderHttp } from './http.js'
import type { StatusCounts, WaitOutcome, WaitResult } from './types.js'

export interface WaitOptions {
  timeoutMs: number
  pollIntervalMs?: number
  /** Failed devices tolerated before the wait fails (default 0: any failure fails). */
  maxFailures?: number
  /** Abort the deployment when the wait times out (devices mid-update finish and roll back). */
  abortOnTimeout?: boolean
  now?: () => number
}

const FAILED = ['failure', 'aborted']
const PAUSED = ['pause_before_installing', 'pause_before_rebooting', 'pause_before_committing']
const ACTIVE = ['pending', 'downloading', 'installing', 'rebooting']

const sum = (c: StatusCounts, keys: string[]) => keys.reduce((n, k) => n + (c[k] ?? 0), 0)

/** "success 3, failure 1, pending 2": non-zero counts only, in a stable order. */
export function formatCounts(counts: StatusCounts): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
  return parts.length ? parts.join(', ') : 'no device has checked in yet'
}

/**
 * What a poll means for the waiter: done (finished), failed past the
 * threshold, paused by an update control map with nothing else moving, or
 * still going (undefined).
 */
export function judge(
  status: string,
  counts: StatusCounts,
  maxFailures: number
): WaitOutcome | undefined {
  const failures = sum(counts, FAILED)
  if (failures > maxFailures) return 'failed'
  if (status === 'finished') return 'finished'
  if (sum(counts, PAUSED) > 0 && sum(counts, ACTIVE) === 0) return 'paused'
  return undefined
}

/** Poll the deployment until it settles or the timeout passes, logging counts as they change. */
export async function waitForDeployment(
  http: MenderHttp,
  id: string,
  opts: WaitOptions
): Promise<WaitResult> {
  const now = opts.now ?? Date.now
  const interval = opts.pollIntervalMs ?? 10_000
  const maxFailures = opts.maxFailures ?? 0
  const deadline = now() + opts.timeoutMs
  let last = ''
  for (;;) {
    // a poll's retries (a gateway in trouble) stay within the wait's own timeout
    const d = await getDeployment(http, id, Math.max(0, deadline - now()))
    const counts = d.statistics?.status ?? {}
    const line = `${d.status}: ${formatCounts(counts)}`
    if (line !== last) http.log.info(`deployment ${id} ${line}`)
    last = line
    const result = (outcome: WaitOutcome): WaitResult => ({
      outcome,
      status: d.status,
      counts,
      failures: sum(counts, FAILED),
      paused: sum(counts, PAUSED)
    })
    const verdict = judge(d.status, counts, maxFailures)
    if (verdict === 'paused') {
      http.log.warn(
        `deployment ${id}: ${sum(counts, PAUSED)} device(s) wait for a user action (update control map); not waiting further`
      )
    }
    if (verdict === 'failed') {
      const failedDevices = await listDevices(http, id, 'failure')
      http.log.warn(
        `deployment ${id}: failed on ${failedDevices.join(', ') || 'some devices'}; the Mender UI shows each device's log`
      )
      return { ...result(verdict), failedDevices }
    }
    if (verdict) return result(verdict)
    const left = deadline - now()
    if (left <= 0) {
      http.log.warn(
        `deployment ${id} still ${d.status} after ${formatDuration(opts.timeoutMs)}; stopped waiting`
      )
      if (opts.abortOnTimeout) await abortDeployment(http, id)
      return result('timeout')
    }
    // The last poll lands on the deadline rather than one interval early.
    await sleep(Math.min(interval, left))
  }
}
