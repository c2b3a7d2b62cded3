import { request, type Dispatcher } from 'undici'
import { routeFor } from '../http/dispatcher.js'
import { describeProxy, proxyRefused, throughProxy } from '../http/proxy.js'
import type { Readable } from 'node:stream'
import { UserError } from '../util/errors.js'
import {
  GarbledAnswer,
  HttpError,
  UNREACHABLE_HINT,
  describeUnreachable,
  httpRetryVerdict,
  unreachableCode
} from '../util/http-errors.js'
import type { Logger } from '../util/log.js'
import { withRetry } from '../util/retry.js'
import { formatDuration } from '../util/format.js'
import type { Secrets } from './secrets.js'

export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 2000, maxDelayMs: 60_000 }

export interface Timeouts {
  /** Waiting for the answer to an ordinary API call. */
  requestMs: number
  /** Waiting for the answer after the last upload byte: the server parses and stores first. */
  uploadMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { requestMs: 60_000, uploadMs: 30 * 60_000 }

export interface SendOptions {
  json?: unknown
  body?: Readable
  headers?: Record<string, string>
  query?: Record<string, string | string[] | number | undefined>
  timeoutMs?: number
  /** Default true: send the bearer token. */
  auth?: boolean
}

export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** `{error, request_id}` of a Mender error body, or the raw text. */
export function serverMessage(err: HttpError): string {
  try {
    const body = JSON.parse(err.body) as { error?: unknown; request_id?: unknown }
    if (typeof body.error === 'string') {
      return typeof body.request_id === 'string' && body.request_id
        ? `${body.error} (request_id ${body.request_id})`
        : body.error
    }
  } catch {
    // not JSON: fall through to the text
  }
  return err.body.slice(0, 300) || `HTTP ${err.status}`
}

/**
 * HTTP to one Mender server: bearer auth, JSON, errors as HttpError, and a
 * 401/403 turned into a UserError naming the server and the credential.
 * Redirects are not followed, so the token never reaches another host.
 */
export class MenderHttp {
  token: string | undefined
  readonly dispatcher: Dispatcher
  /** The proxy the server is reached through (HTTPS_PROXY / NO_PROXY), if any. */
  readonly proxy: string | undefined

  constructor(
    readonly serverUrl: string,
    readonly credential: string,
    readonly secrets: Secrets,
    readonly log: Logger,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
    readonly timeouts: Timeouts = DEFAULT_TIMEOUTS,
    dispatcher?: Dispatcher
  ) {
    const route = dispatcher ? { dispatcher } : routeFor(serverUrl)
    this.dispatcher = route.dispatcher
    this.proxy = route.proxy
    if (this.proxy) log.debug(`reaching ${serverUrl} through ${describeProxy(this.proxy)}`)
  }

  url(path: string, query?: SendOptions['query']): string {
    const u = new URL(this.serverUrl + path)
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue
      for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(item))
    }
    return u.toString()
  }

  async send(method: string, path: string, opts: SendOptions = {}): Promise<HttpAnswer> {
    const url = this.url(path, opts.query)
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers }
    if (opts.auth !== false) {
      if (!this.token) throw new Error('MenderHttp.send before authentication')
      headers.authorization = `Bearer ${this.token}`
    }
    let body: string | Readable | undefined = opts.body
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json)
      headers['content-type'] = 'application/json'
    }
    const timeout = opts.timeoutMs ?? this.timeouts.requestMs
    const res = await request(url, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      dispatcher: this.dispatcher,
      headersTimeout: timeout,
      bodyTimeout: timeout
    }).catch((err: unknown) => {
      // undici reports a proxy's 407 to CONNECT as an error, not as an answer
      if (this.proxy && err instanceof Error && /\b407\b/.test(err.message))
        throw proxyRefused(this.proxy, `${method} ${this.serverUrl}${path}`)
      const code = unreachableCode(err)
      if (!code) throw throughProxy(err, this.proxy)
      // nothing listens or the name is unknown: waiting and retrying changes nothing
      throw new UserError(
        `cannot reach the Mender server ${this.serverUrl} (${method} ${path}): ${describeUnreachable(code)}${this.proxy ? ` (through the proxy ${describeProxy(this.proxy)})` : ''}`,
        { hint: UNREACHABLE_HINT, cause: err }
      )
    })
    const text = await res.body.text()
    if (res.statusCode >= 200 && res.statusCode < 300) {
      return { status: res.statusCode, headers: res.headers, text }
    }
    const err = new HttpError(res.statusCode, method, url, res.headers, this.secrets.redact(text))
    if (res.statusCode >= 300 && res.statusCode < 400) {
      throw new UserError(
        `Mender server ${this.serverUrl} redirected ${method} ${path} (${res.statusCode}) to ${String(res.headers.location ?? '?')}`,
        {
          hint: 'set the server URL to the final address: credentials are never sent on to a redirect target',
          cause: err
        }
      )
    }
    if (res.statusCode === 401) {
      throw new UserError(
        `Mender server ${this.serverUrl} rejected ${this.credential} (401: ${serverMessage(err)})`,
        {
          hint: 'check that the credential belongs to this server (hosted.mender.io and eu.hosted.mender.io are separate) and is not revoked or expired',
          cause: err
        }
      )
    }
    if (res.statusCode === 403) {
      throw new UserError(
        `Mender server ${this.serverUrl} refused ${method} ${path} for ${this.credential} (403: ${serverMessage(err)})`,
        { hint: 'the user behind the credential lacks the role (RBAC) this call needs', cause: err }
      )
    }
    throw err
  }

  /**
   * `send`, and the answer's JSON. A body that is not JSON (a gateway's HTML
   * page with a success status) is a GarbledAnswer: retried as a 502 would be,
   * and named by server and request when it is the last word.
   */
  async sendJson<T>(method: string, path: string, opts: SendOptions = {}): Promise<T> {
    const answer = await this.send(method, path, opts)
    if (!answer.text) return undefined as T
    try {
      return JSON.parse(answer.text) as T
    } catch {
      const type = answer.headers['content-type']
      throw new GarbledAnswer(
        `Mender server ${this.serverUrl} answered ${method} ${path} (${answer.status}${type ? `, ${String(type)}` : ''}) with something that is not JSON: ${this.secrets.redact(answer.text.slice(0, 120)).replace(/\s+/g, ' ')}`
      )
    }
  }

  /**
   * Run `fn` with the retry policy: network errors, 5xx, 429 (Retry-After
   * honoured) and answers that are not JSON.
   */
  retrying<T>(
    what: string,
    fn: (attempt: number, lastError: unknown) => Promise<T>,
    retryable: (err: unknown) => boolean | number = httpRetryVerdict,
    /** No attempt starts after this many ms (a wait retries only within its own timeout). */
    deadlineMs?: number
  ): Promise<T> {
    let lastError: unknown
    return withRetry((attempt) => fn(attempt, lastError), {
      ...this.retry,
      ...(deadlineMs !== undefined ? { deadlineMs } : {}),
      retryable,
      onRetry: (err, attempt, delay) => {
        lastError = err
        const why =
          err instanceof HttpError
            ? `HTTP ${err.status}`
            : err instanceof GarbledAnswer
              ? 'an answer that is not JSON'
              : describeNetwork(err)
        this.log.warn(
          `${what} failed (${why}); attempt ${attempt + 1} of ${this.retry.attempts} in ${formatDuration(delay)}`
        )
      }
    })
  }
}

function describeNetwork(err: unknown): string {
  const code = (err as { code?: unknown }).code
  const message = err instanceof Error ? err.message : String(err)
  return typeof code === 'string' ? `${code}: ${message}` : message
}
