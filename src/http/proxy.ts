import { getProxyForUrl } from 'proxy-from-env'
import { UserError } from '../util/errors.js'
import { redactUrl } from '../util/http-errors.js'
import { isLoopbackRegistry } from './loopback.js'

/**
 * The proxy for a URL (a registry, the Mender server) from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and
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

/** A proxy's 407, worded once for every HTTP client of the project. */
export function proxyRefused(proxy: string | undefined, what: string): UserError {
  return new UserError(
    `the proxy ${proxy ? describeProxy(proxy) : ''} refused to forward ${what} (407 Proxy Authentication Required)`,
    {
      hint: 'put the proxy user and password in HTTPS_PROXY (http://user:password@host:port), or exempt the host with NO_PROXY'
    }
  )
}

/**
 * A failure on the way through a proxy, naming the proxy; the code stays,
 * so retry verdicts still see the network error.
 */
export function throughProxy(err: unknown, proxy: string | undefined): unknown {
  if (!proxy || err instanceof UserError || !(err instanceof Error)) return err
  return Object.assign(new Error(`${err.message} (through the proxy ${describeProxy(proxy)})`), {
    code: (err as NodeJS.ErrnoException).code
  })
}
