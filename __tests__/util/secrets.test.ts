import { describe, expect, it } from 'vitest'
import { GarbledAnswer, httpRetryVerdict, unreachableCode } from '../../src/util/http-errors.js'
import { withRetry } from '../../src/util/retry.js'
import { Secrets, redactSent } from '../../src/util/secrets.js'

describe('Secrets.addAuthorization', () => {
  it('scrubs a Basic value, its decoded user:password and the password alone', () => {
    const s = new Secrets()
    const b64 = Buffer.from('alice:s3cret-pass').toString('base64')
    s.addAuthorization(`Basic ${b64}`)
    const echoed = `{"detail":"Basic ${b64}","user":"alice:s3cret-pass","p":"s3cret-pass"}`
    expect(s.redact(echoed)).toBe('{"detail":"***","user":"***","p":"***"}')
    expect(redactSent(echoed)).not.toMatch(/s3cret-pass|YWxpY2U6/)
  })

  it('scrubs a Bearer token with and without its scheme', () => {
    const s = new Secrets()
    s.addAuthorization('Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig')
    expect(
      s.redact(
        'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig; token=eyJhbGciOiJSUzI1NiJ9.payload.sig'
      )
    ).toBe('Authorization: ***; token=***')
  })
})

describe('retry verdicts and deadlines', () => {
  it('a refused connection or an unknown host is final; a reset and a garbled answer are retried', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED'
    })
    const unknown = new Error('wrapped', {
      cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' })
    })
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    expect(unreachableCode(unknown)).toBe('ENOTFOUND')
    expect(httpRetryVerdict(refused)).toBe(false)
    expect(httpRetryVerdict(unknown)).toBe(false)
    expect(httpRetryVerdict(reset)).toBe(true)
    expect(httpRetryVerdict(new GarbledAnswer('<html>'))).toBe(true)
  })

  it('no attempt starts once the deadline would pass', async () => {
    let t = 0
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          t += 1000 // each attempt takes a second
          throw new Error(`fail ${calls}`)
        },
        {
          attempts: 100,
          baseDelayMs: 1,
          maxDelayMs: 1,
          deadlineMs: 3500,
          retryable: () => true,
          now: () => t
        }
      )
    ).rejects.toThrow('fail 4')
    expect(calls).toBe(4)
  })
})
