import { describe, expect, it } from 'vitest'
import { parseRetryAfter, withRetry } from '../../src/util/retry.js'

describe('withRetry', () => {
  it('retries retryable failures up to the bound, then throws the last error', async () => {
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw new Error(`fail ${calls}`)
        },
        { attempts: 3, baseDelayMs: 1, maxDelayMs: 2, retryable: () => true }
      )
    ).rejects.toThrow('fail 3')
    expect(calls).toBe(3)
  })

  it('stops at once on a non-retryable error', async () => {
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw new Error('401')
        },
        { attempts: 5, baseDelayMs: 1, maxDelayMs: 2, retryable: () => false }
      )
    ).rejects.toThrow('401')
    expect(calls).toBe(1)
  })

  it('waits what the server asked (capped) and returns the eventual result', async () => {
    const delays: number[] = []
    const result = await withRetry(
      async (attempt) => {
        if (attempt < 3) throw new Error('429')
        return 'ok'
      },
      {
        attempts: 5,
        baseDelayMs: 1,
        maxDelayMs: 20,
        retryable: () => 5_000,
        onRetry: (_e, _a, d) => delays.push(d)
      }
    )
    expect(result).toBe('ok')
    expect(delays).toEqual([20, 20])
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7000)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
  })
})
