import { describe, expect, it } from 'vitest'
import {
  HttpError,
  httpRetryVerdict,
  isNetworkError,
  redactUrl
} from '../../src/util/http-errors.js'

const err = (status: number, headers: Record<string, string> = {}) =>
  new HttpError(status, 'GET', 'http://r/x', headers, '')

describe('httpRetryVerdict', () => {
  it('retries 5xx and 429, honouring Retry-After', () => {
    expect(httpRetryVerdict(err(500))).toBe(true)
    expect(httpRetryVerdict(err(429, { 'retry-after': '3' }))).toBe(3000)
  })
  it('does not retry 401, 403, 404', () => {
    for (const s of [401, 403, 404, 400]) expect(httpRetryVerdict(err(s))).toBe(false)
  })
  it('retries connection resets found anywhere in the cause chain', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    expect(isNetworkError(new Error('fetch failed', { cause: reset }))).toBe(true)
    expect(httpRetryVerdict(new Error('bad json'))).toBe(false)
  })
})

describe('redactUrl', () => {
  it('removes credentials and signed query strings', () => {
    expect(redactUrl('https://u:p@host/path?X-Amz-Signature=abc')).toBe('https://host/path?…')
  })
})
