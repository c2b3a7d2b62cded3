import http from 'node:http'
import type https from 'node:https'
import type { PeerCertificate } from 'node:tls'
import type { Readable } from 'node:stream'
import { UserError } from '../util/errors.js'
import { redactUrl } from '../util/http-errors.js'
import { silentLogger, type Logger } from '../util/log.js'
import { describeProxy, proxyFor, proxyRefused, throughProxy } from '../http/proxy.js'

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
  /** Idle timeout: no headers, or no body bytes, for this long (default 60 s). */
  timeoutMs?: number
  /** Establishing the TCP connection (default 10 s): a host that drops packets fails fast. */
  connectTimeoutMs?: number
}

const MAX_REDIRECTS = 5

/** How requests to one scheme (and proxy) go out. */
interface Route {
  agent: http.Agent
  request: typeof http.request
  perRequest?: https.RequestOptions
}

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
 * HTTP with redirects followed by hand, so credentials never follow one to
 * another host (registries redirect blob reads to storage): a relative Location
 * resolves against the request URL, `Authorization` is dropped as soon as the
 * origin (scheme, host, port) changes, and https→http downgrades are refused.
 * Built on node:http(s): streams with backpressure, no extra module to load.
 */
export class Transport {
  /** One keep-alive agent per scheme and proxy (the proxy depends on the host: NO_PROXY). */
  private readonly agents = new Map<string, Promise<Route>>()
  private readonly extraCa: string[]
  private readonly insecureTls: boolean
  private readonly userAgent: string
  private readonly timeoutMs: number
  private readonly connectTimeoutMs: number

  constructor(
    opts: TransportOptions = {},
    private readonly log: Logger = silentLogger
  ) {
    this.extraCa = opts.ca === undefined ? [] : Array.isArray(opts.ca) ? opts.ca : [opts.ca]
    this.insecureTls = opts.insecureTls ?? false
    this.timeoutMs = opts.timeoutMs ?? 60_000
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000
    this.userAgent = opts.userAgent ?? 'mender-compose-action'
  }

  /**
   * The agent for `url`: direct, or through the proxy HTTPS_PROXY / HTTP_PROXY
   * name for it. https goes through a CONNECT tunnel, so the proxy sees only
   * the host and port and never the Authorization header; plain http (loopback
   * or --insecure-registry hosts only) is forwarded by the proxy as usual.
   * The proxy agents are loaded only when a proxy is in use.
   */
  private agentFor(url: URL): Promise<Route> {
    const proxy = proxyFor(url)
    const key = `${url.protocol}${proxy ?? ''}`
    let route = this.agents.get(key)
    if (!route) {
      if (proxy)
        this.log.debug(`reaching ${url.protocol}//${url.host} through ${describeProxy(proxy)}`)
      route = url.protocol === 'https:' ? this.httpsRoute(url, proxy) : this.httpRoute(proxy)
      this.agents.set(key, route)
    }
    return route
  }

  private async httpRoute(proxy: string | undefined): Promise<Route> {
    const common = { keepAlive: true, maxSockets: 16 }
    if (!proxy) return { agent: new http.Agent(common), request: http.request }
    const { HttpProxyAgent } = await import('http-proxy-agent')
    return { agent: new HttpProxyAgent(proxy, common), request: http.request }
  }

  /** https and tls load here, on first use: a pull from a loopback registry never needs them. */
  private async httpsRoute(url: URL, proxy: string | undefined): Promise<Route> {
    const [https, tls] = await Promise.all([import('node:https'), import('node:tls')])
    const options: https.AgentOptions = {
      ...(this.extraCa.length ? { ca: [...tls.rootCertificates, ...this.extraCa] } : {}),
      ...(this.insecureTls ? { rejectUnauthorized: false } : {})
    }
    const common = { keepAlive: true, maxSockets: 16 }
    if (!proxy) return { agent: new https.Agent({ ...common, ...options }), request: https.request }
    const { HttpsProxyAgent } = await import('https-proxy-agent')
    return {
      agent: new HttpsProxyAgent(proxy, { ...common, ...options }),
      request: https.request,
      // HttpsProxyAgent drops its own options for the registry's TLS: they go on each request.
      // Through the tunnel the TLS socket does not know the host (an IP gets no SNI), so the
      // certificate is checked against the registry's host here.
      perRequest: {
        ...options,
        checkServerIdentity: (_host: string, cert: PeerCertificate) =>
          tls.checkServerIdentity(url.hostname.replace(/^\[|\]$/g, ''), cert)
      }
    }
  }

  private async once(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body?: string
  ): Promise<http.IncomingMessage> {
    const { agent, request, perRequest } = await this.agentFor(url)
    return new Promise((resolve, reject) => {
      let response: http.IncomingMessage | undefined
      const req = request(
        url,
        { method, headers, agent, timeout: this.timeoutMs, ...perRequest },
        (res) => {
          response = res
          resolve(res)
        }
      )
      req.on('error', reject)
      req.on('socket', (socket) => {
        if (!socket.connecting) return
        const timer = setTimeout(
          () =>
            req.destroy(
              Object.assign(new Error(`no connection within ${this.connectTimeoutMs} ms`), {
                code: 'ETIMEDOUT'
              })
            ),
          this.connectTimeoutMs
        )
        timer.unref()
        socket.once('connect', () => clearTimeout(timer))
        socket.once('close', () => clearTimeout(timer))
      })
      // an idle socket (no headers, or a stalled body) is a network error the caller retries
      req.on('timeout', () => {
        const err = Object.assign(new Error(`no data for ${this.timeoutMs} ms`), {
          code: 'ETIMEDOUT'
        })
        // a body reader sees why the body stopped, not a bare "aborted"
        response?.destroy(err)
        req.destroy(err)
      })
      req.end(body)
    })
  }

  async send(
    method: string,
    url: string,
    headers: Record<string, string> = {},
    body?: string
  ): Promise<HttpResponse> {
    let current = new URL(url)
    let hdrs: Record<string, string> = lowerKeys({ 'user-agent': this.userAgent, ...headers })
    for (let hop = 0; ; hop++) {
      const res = await this.once(method, current, hdrs, body).catch((err: unknown) => {
        // a failure on the way through a proxy names the proxy (the code stays for retries)
        throw throughProxy(err, proxyFor(current))
      })
      const status = res.statusCode ?? 0
      if (status === 407) {
        res.resume()
        throw proxyRefused(proxyFor(current), redactUrl(current.toString()))
      }
      const location = header(res.headers, 'location')
      if (status >= 300 && status < 400 && status !== 304 && location) {
        res.on('error', () => {})
        res.resume()
        if (hop >= MAX_REDIRECTS) {
          throw new UserError(`too many redirects fetching ${redactUrl(url)}`)
        }
        const next = new URL(location, current)
        if (current.protocol === 'https:' && next.protocol !== 'https:') {
          throw new UserError(
            `${redactUrl(url)} redirected from https to ${next.protocol} (${redactUrl(next.toString())}); refusing the downgrade`
          )
        }
        if (next.origin !== current.origin) {
          // never send the registry's credentials (or cookies) to a storage host
          const { authorization: _a, cookie: _c, ...rest } = hdrs
          hdrs = rest
        }
        current = next
        continue
      }
      return { status, headers: res.headers as Headers, body: res, url: current.toString() }
    }
  }

  async close(): Promise<void> {
    for (const a of this.agents.values()) (await a).agent.destroy()
    this.agents.clear()
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v
  return out
}

/** An error's message with its code and cause, short enough for one log line. */
export function shortError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: string }).code
    const cause = (err as { cause?: unknown }).cause
    const inner =
      cause instanceof Error && cause.message !== err.message ? ` (${cause.message})` : ''
    return `${err.message}${code && !err.message.includes(code) ? ` [${code}]` : ''}${inner}`.slice(
      0,
      300
    )
  }
  return String(err)
}

/** Wraps a network error with what was being done, keeping it as the cause (retry verdicts walk causes). */
export function withContext(err: unknown, message: string): Error {
  // a refusal already worded for the user (a proxy's 407) keeps its hint
  if (err instanceof UserError)
    return new UserError(`${message}: ${err.message}`, { hint: err.hint, cause: err })
  return new Error(`${message}: ${shortError(err)}`, { cause: err })
}
