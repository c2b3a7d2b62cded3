import { UserError } from '../util/errors.js'
import { HttpError, redactUrl } from '../util/http-errors.js'
import type { Credential } from './credentials.js'
import { sha256Digest } from './manifest.js'
import { TokenCache, tokenExpiry } from './token-cache.js'
import { discard, withContext, type HttpResponse, type Transport } from './transport.js'

/** Where a Bearer challenge says tokens come from. */
export interface BearerChallenge {
  realm: string
  service: string
}

/** The cache identity of a credential: a hash, so no secret sits in a map key. */
function identity(cred: Credential | undefined): string {
  return sha256Digest(cred ? `${cred.username}\0${cred.password ?? cred.identityToken ?? ''}` : '')
}

/**
 * Refuses a realm that would receive credentials over plain HTTP from an
 * https registry (go-containerregistry's rule); loopback tests use http both sides.
 */
export function checkRealm(
  registry: string,
  realm: string | undefined,
  registryScheme: string
): BearerChallenge['realm'] {
  if (!realm) throw new UserError(`${registry} sent a Bearer challenge without a realm`)
  let url: URL
  try {
    url = new URL(realm)
  } catch {
    throw new UserError(`${registry} sent a Bearer challenge with an invalid realm`)
  }
  if (registryScheme === 'https' && url.protocol !== 'https:') {
    throw new UserError(
      `${registry} asks for tokens from a non-https realm ${redactUrl(realm)}; refusing to send credentials there`
    )
  }
  return realm
}

/** Bearer tokens per (realm, service, scopes, credential), reused until shortly before expiry. */
export class BearerTokens {
  private readonly cache = new TokenCache()

  constructor(private readonly retry: <T>(what: string, fn: () => Promise<T>) => Promise<T>) {}

  async token(
    transport: Transport,
    registry: string,
    challenge: BearerChallenge,
    scopes: string[],
    cred: Credential | undefined,
    opts: { fresh?: boolean } = {}
  ): Promise<string> {
    const key = TokenCache.key(challenge.realm, challenge.service, scopes, identity(cred))
    if (opts.fresh) this.cache.delete(key)
    const cached = this.cache.get(key)
    if (cached) return cached
    const token = await this.retry(`token for ${scopes.join(' ')}`, () =>
      requestToken(transport, registry, challenge, scopes, cred)
    )
    this.cache.set(key, token)
    return token.token
  }
}

/**
 * One token exchange (distribution's docs/spec/auth/token.md): GET the realm
 * with service and scopes, anonymously or with Basic credentials; an identity
 * token uses the OAuth2 refresh-token POST (docs/spec/auth/oauth.md), falling
 * back to GET on 404.
 */
export async function requestToken(
  transport: Transport,
  registry: string,
  state: BearerChallenge,
  scopes: string[],
  cred: Credential | undefined
): Promise<{ token: string; expiresAt: number }> {
  let res: HttpResponse | undefined
  if (cred?.identityToken) {
    // OAuth2 refresh-token grant (auth/oauth.md); fall back to GET on 404
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      service: state.service,
      client_id: 'mender-compose-action',
      refresh_token: cred.identityToken,
      scope: scopes.join(' ')
    })
    res = await transport
      .send(
        'POST',
        state.realm,
        { 'content-type': 'application/x-www-form-urlencoded' },
        form.toString()
      )
      .catch((e: unknown) => {
        throw withContext(e, `cannot reach the token server of ${registry}`)
      })
    if (res.status === 404) {
      await discard(res)
      res = undefined
    }
  }
  if (!res) {
    const url = new URL(state.realm)
    if (state.service) url.searchParams.set('service', state.service)
    for (const s of scopes) url.searchParams.append('scope', s)
    const headers: Record<string, string> = {}
    if (cred?.password !== undefined && !cred.identityToken) {
      headers.authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`
    }
    res = await transport.send('GET', url.toString(), headers).catch((e: unknown) => {
      throw withContext(
        e,
        `cannot reach the token server of ${registry} (${redactUrl(state.realm)})`
      )
    })
  }
  // tokens with certificate chains run to several KiB
  const text = await discard(res, 1024 * 1024)
  const received = Date.now()
  if (res.status === 401 || res.status === 403) {
    throw new UserError(
      `the token server of ${registry} refused the ${cred ? 'credentials' : 'anonymous request'} (${res.status})`,
      {
        hint: cred
          ? 'check the registry login (docker/login-action or the Docker config)'
          : 'log in to the registry'
      }
    )
  }
  if (res.status < 200 || res.status >= 300)
    throw new HttpError(res.status, 'GET', state.realm, res.headers, '')
  let body: { token?: string; access_token?: string; expires_in?: number; issued_at?: string }
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    throw new UserError(`the token server of ${registry} answered something that is not JSON`)
  }
  const token = body.token ?? body.access_token
  if (!token) throw new UserError(`the token server of ${registry} answered without a token`)
  return { token, expiresAt: tokenExpiry(body, received) }
}
