import { parseRetryAfter } from './retry.js'

/**
 * A non-success HTTP answer, kept with what a retry decision and a helpful
 * message need. `body` is truncated; it must never hold credentials (servers
 * do not echo them; callers must not put request headers here).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly headers: Record<string, string | string[] | undefined>,
    readonly body: string
  ) {
    super(`${method} ${redactUrl(url)} answered ${status}${body ? `: ${body.slice(0, 300)}` : ''}`)
    this.name = 'HttpError'
  }

  header(name: string): string | undefined {
    const v = this.headers[name.toLowerCase()]
    return Array.isArray(v) ? v[0] : v
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE'
])

/**
 * Nothing listens there, or the name does not resolve: another attempt a few
 * seconds later meets the same wall, so these fail at once with a hint.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME'])

/** What a person checks when a server cannot be reached at all. */
export const UNREACHABLE_HINT =
  'check the network, the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and the host name'

/** The code of a connection refused or an unknown host, else undefined. */
export function unreachableCode(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return code
    // undici groups the attempts of a multi-address host
    for (const inner of (e as { errors?: unknown[] }).errors ?? []) {
      const c = unreachableCode(inner)
      if (c) return c
    }
  }
  return undefined
}

/** The words for an unreachable code, for the one line the user reads. */
export function describeUnreachable(code: string): string {
  if (code === 'ECONNREFUSED') return 'connection refused'
  return `unknown host (${code})`
}

/**
 * A success status whose body is not what the API speaks (a gateway's HTML
 * page in place of JSON): transient, as a 502 would be.
 */
export class GarbledAnswer extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GarbledAnswer'
  }
}

/** True for errors of the connection rather than of the server's answer. */
export function isNetworkError(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true
    if (e.name === 'AbortError' && e.message.includes('timeout')) return true
    if (e.message === 'terminated' || e.message === 'other side closed') return true
  }
  return false
}

/**
 * The verdict `withRetry` wants for HTTP work: network errors, 5xx, 408 and
 * 429 are retried (honouring Retry-After); every other status is final.
 */
export function httpRetryVerdict(err: unknown): boolean | number {
  if (err instanceof HttpError) {
    if (err.status === 429 || err.status === 503 || err.status === 408 || err.status >= 500) {
      return parseRetryAfter(err.header('retry-after')) ?? true
    }
    return false
  }
  if (err instanceof GarbledAnswer) return true
  if (unreachableCode(err)) return false
  return isNetworkError(err)
}

/** Drops userinfo and signed query strings (S3/GCS/Azure SAS) from a URL before it is printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    const hadQuery = u.search !== ''
    u.username = ''
    u.password = ''
    u.search = ''
    return hadQuery ? `${u.toString()}?…` : u.toString()
  } catch {
    return url
  }
}
