import { Agent, ProxyAgent, type Dispatcher } from 'undici'
import { proxyFor } from './proxy.js'

/** How the undici clients (the Mender server) reach one origin: direct or through its proxy. */
export interface Route {
  dispatcher: Dispatcher
  /** The proxy URL (with any credentials: never print it, use describeProxy). */
  proxy?: string
}

/**
 * The dispatcher for requests to `origin`, choosing the proxy exactly as the
 * registry transport does (proxyFor: HTTPS_PROXY / HTTP_PROXY / NO_PROXY,
 * loopback direct). https goes through a CONNECT tunnel, so the proxy never
 * sees the bearer token; user and password in the proxy URL become
 * Proxy-Authorization.
 */
export function routeFor(origin: string, connectTimeoutMs = 30_000): Route {
  const proxy = proxyFor(new URL(origin))
  const timeout = { timeout: connectTimeoutMs }
  if (!proxy) return { dispatcher: new Agent({ connect: timeout }) }
  // a tunnel for plain http too: the token never travels readable through the proxy
  const dispatcher = new ProxyAgent({
    uri: proxy,
    proxyTls: timeout,
    requestTls: timeout,
    proxyTunnel: true
  })
  return { dispatcher, proxy }
}
