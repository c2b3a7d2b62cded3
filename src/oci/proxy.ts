import { getProxyForUrl } from 'proxy-from-env'
import { redactUrl } from '../util/http-errors.js'
import { isLoopbackRegistry } from './loopback.js'

/**
 * The proxy for a registry URL from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and
 * NO_PROXY (either case; `proxy-from-env` reads them as curl does), or
 * undefined for a direct connection. Loopback hosts always go direct, as in
 * GitHub's toolkit (@actions/http-client) and Go's ProxyFromEnvironment.
 */
export function proxyFor(url: URL): string | undefined {
  if (isLoopbackRegistry(url.host)) return undefined
  return getProxyForUrl(url.toString()) || undefined
}

/** The proxy URL without its user and password, for logs and errors. */
export function describeProxy(proxy: string): string {
  try {
    const u = new URL(proxy)
    u.username = ''
    u.password = ''
    return redactUrl(u.toString()).replace(/\/$/, '')
  } catch {
    return 'the configured proxy'
  }
}
