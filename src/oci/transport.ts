import { rootCertificates } from 'node:tls'
import type { Readable } from 'node:stream'
import { Agent, request, type Dispatcher } from 'undici'
import { UserError } from '../util/errors.js'
import { redactUrl } from '../util/http-errors.js'

export type Headers = Record<string, string | string[] | undefined>

export interface HttpResponse {
  status: number
  headers: Headers
  body: Readable
  /** The URL that answered, after redirects. */
  url: string
}

export interface TransportOptions {
  /** Extra CA certificates (PEM) trusted besides the system roots. */
  ca?: string | string[]
  /** Skip TLS verification (only for registries the user names as insecure). */
  insecureTls?: boolean
  userAgent?: string
  /** Connect and header timeouts. */
  timeoutMs?: number
}

const MAX_REDIRECTS = 5

export function header(headers: Headers, name: string): string | undefined {
  const v = headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}

/** Drains a body so the connection returns to the pool; returns its first `keep` characters. */
export async function discard(res: HttpResponse, keep = 2000): Promise<string> {
  const chunks: Buffer[] = []
  let n = 0
  try {
    for await (const chunk of res.body) {
      if (n < keep) chunks.push(chunk as Buffer)
      n += (chunk as Buffer).length
    }
  } catch {
    // a broken body while discarding changes nothing
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, keep)
}

/**
 * HTTP with redirects followed by hand (the spec's rule): a relative Location
 * resolves against the request URL, `Authorization` is dropped as soon as the
 * origin (scheme, host, port) changes, and https→http downgrades are refused.
 */
export class Transport {
  private readonly dispatcher: Dispatcher
  private readonly userAgent: string

  constructor(opts: TransportOptions = {}) {
    const extra = opts.ca === undefined ? [] : Array.isArray(opts.ca) ? opts.ca : [opts.ca]
    const timeout = opts.timeoutMs ?? 60_000
    this.dispatcher = new Agent({
      connect: {
        ...(extra.length ? { ca: [...rootCertificates, ...extra] } : {}),
        ...(opts.insecureTls ? { rejectUnauthorized: false } : {}),
        timeout
      },
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connections: 16
    })
    this.userAgent = opts.userAgent ?? 'mender-compose-action'
  }

  async send(
    method: string,
    url: string,
    headers: Record<string, string> = {},
    body?: string
  ): Promise<HttpResponse> {
    let current = url
    let hdrs: Record<string, string> = { 'user-agent': this.userAgent, ...headers }
    for (let hop = 0; ; hop++) {
      const res = await request(current, {
        method: method as Dispatcher.HttpMethod,
        headers: hdrs,
        body,
        dispatcher: this.dispatcher
      })
      const location = header(res.headers, 'location')
      if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304 && location) {
        res.body.resume()
        res.body.on('error', () => {})
        if (hop >= MAX_REDIRECTS) {
          throw new UserError(`too many redirects fetching ${redactUrl(url)}`)
        }
        const next = new URL(location, current)
        const prev = new URL(current)
        if (prev.protocol === 'https:' && next.protocol !== 'https:') {
          throw new UserError(
            `${redactUrl(url)} redirected from https to ${next.protocol} (${redactUrl(next.toString())}); refusing the downgrade`
          )
        }
        if (next.origin !== prev.origin) {
          // never send the registry's credentials (or cookies) to a storage host
          const { authorization: _a, cookie: _c, ...rest } = lowerKeys(hdrs)
          hdrs = rest
        }
        current = next.toString()
        continue
      }
      return {
        status: res.statusCode,
        headers: res.headers as Headers,
        body: res.body,
        url: current
      }
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v
  return out
}
