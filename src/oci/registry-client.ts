import { isIP } from 'node:net'
import { UserError } from '../util/errors.js'
import { HttpError, httpRetryVerdict, redactUrl } from '../util/http-errors.js'
import { silentLogger, type Logger } from '../util/log.js'
import { withRetry } from '../util/retry.js'
import { parseChallenges, pickChallenge } from './challenge.js'
import type { Credential, CredentialProvider } from './credentials.js'
import { sha256Digest } from './manifest.js'
import { MANIFEST_ACCEPT } from './media-types.js'
import { registryApiHost, validateDigest } from './reference.js'
import { registryUserError } from './registry-errors.js'
import { TokenCache, tokenExpiry } from './token-cache.js'
import { Transport, discard, header, type HttpResponse } from './transport.js'

export interface RetrySettings {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface RegistryClientOptions {
  credentials?: CredentialProvider
  /** Registries (host[:port]) reached over plain HTTP / unverified TLS as the user asked. */
  insecureRegistries?: string[]
  /** Extra CA certificates (PEM). */
  ca?: string | string[]
  log?: Logger
  retry?: Partial<RetrySettings>
  userAgent?: string
  /**
   * Which registries talk plain HTTP. Default: loopback ones and those named
   * in insecureRegistries (Docker's rule); tests of TLS on loopback override it.
   */
  plainHttp?: (registry: string) => boolean
}

export interface Repo {
  registry: string
  repository: string
}

interface AuthState {
  scheme: 'none' | 'basic' | 'bearer'
  realm?: string
  service?: string
}

export interface FetchedManifest {
  bytes: Buffer
  mediaType: string
  digest: string
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024
const DEFAULT_RETRY: RetrySettings = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 }

/** localhost, *.localhost, 127.0.0.0/8 and ::1 talk plain HTTP (as Docker and go-containerregistry do). */
export function isLoopbackRegistry(registry: string): boolean {
  let host = registry
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']'))
  else if (host.includes(':')) host = host.slice(0, host.lastIndexOf(':'))
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1'
  return false
}

/**
 * Retry verdict for registry calls: the shared HTTP verdict, plus Docker Hub's
 * `ratelimit-reset` when a 429 has no Retry-After.
 */
export function registryRetryVerdict(err: unknown): boolean | number {
  const v = httpRetryVerdict(err)
  if (v === true && err instanceof HttpError && err.status === 429) {
    const reset = Number(err.header('ratelimit-reset') ?? err.header('x-ratelimit-reset'))
    if (Number.isFinite(reset) && reset > 0) {
      // either seconds to wait or an epoch second
      return reset > 1e9 ? Math.max(0, reset * 1000 - Date.now()) : reset * 1000
    }
  }
  return v
}

/** Pull-side Distribution/OCI API client: auth, manifests and blob streams. */
export class RegistryClient {
  private readonly log: Logger
  private readonly transports = new Map<string, Transport>()
  private readonly authStates = new Map<string, Promise<AuthState>>()
  private readonly tokens = new TokenCache()
  private readonly warned = new Set<string>()
  /** Registries for which a credential was found (for the wording of a 401). */
  private readonly credentialed = new Set<string>()
  readonly retry: RetrySettings
  private readonly credentials: CredentialProvider
  private readonly insecure: Set<string>

  constructor(private readonly opts: RegistryClientOptions = {}) {
    this.log = opts.log ?? silentLogger
    this.retry = { ...DEFAULT_RETRY, ...opts.retry }
    this.credentials = opts.credentials ?? (async () => undefined)
    this.insecure = new Set(opts.insecureRegistries ?? [])
  }

  scheme(registry: string): 'http' | 'https' {
    if (this.opts.plainHttp) return this.opts.plainHttp(registry) ? 'http' : 'https'
    return isLoopbackRegistry(registry) || this.insecure.has(registry) ? 'http' : 'https'
  }

  baseUrl(registry: string): string {
    return `${this.scheme(registry)}://${registryApiHost(registry)}`
  }

  private transport(registry: string): Transport {
    let t = this.transports.get(registry)
    if (!t) {
      t = new Transport({
        ca: this.opts.ca,
        insecureTls: this.insecure.has(registry),
        userAgent: this.opts.userAgent
      })
      this.transports.set(registry, t)
    }
    return t
  }

  async close(): Promise<void> {
    await Promise.all([...this.transports.values()].map((t) => t.close()))
  }

  /** GET /v2/: learns whether and how the registry wants authentication. */
  ping(registry: string): Promise<AuthState> {
    let p = this.authStates.get(registry)
    if (!p) {
      p = this.withRetry(`ping ${registry}`, async () => {
        const url = `${this.baseUrl(registry)}/v2/`
        let res: HttpResponse
        try {
          res = await this.transport(registry).send('GET', url)
        } catch (err) {
          throw withContext(err, `cannot reach the registry ${registry} (${url})`)
        }
        const body = await discard(res)
        if (res.status === 401) return this.stateFromChallenge(registry, res)
        if (res.status >= 200 && res.status < 300) return { scheme: 'none' } as AuthState
        if (res.status === 404) {
          throw new UserError(`${registry} does not serve the registry API at ${url} (404)`, {
            hint: 'check the registry host name'
          })
        }
        throw new HttpError(res.status, 'GET', url, res.headers, body)
      })
      p.catch(() => this.authStates.delete(registry))
      this.authStates.set(registry, p)
    }
    return p
  }

  private stateFromChallenge(registry: string, res: HttpResponse): AuthState {
    const c = pickChallenge(parseChallenges(res.headers['www-authenticate']))
    if (!c) return { scheme: 'basic' }
    if (c.scheme === 'basic') return { scheme: 'basic' }
    const realm = c.params.realm
    if (!realm) throw new UserError(`${registry} sent a Bearer challenge without a realm`)
    let realmUrl: URL
    try {
      realmUrl = new URL(realm)
    } catch {
      throw new UserError(`${registry} sent a Bearer challenge with an invalid realm`)
    }
    if (this.scheme(registry) === 'https' && realmUrl.protocol !== 'https:') {
      throw new UserError(
        `${registry} asks for tokens from a non-https realm ${redactUrl(realm)}; refusing to send credentials there`
      )
    }
    return { scheme: 'bearer', realm, service: c.params.service ?? '' }
  }

  private async credentialFor(registry: string): Promise<Credential | undefined> {
    const c = await this.credentials(registry)
    if (c) this.credentialed.add(registry)
    return c
  }

  private async fetchToken(
    registry: string,
    state: AuthState,
    scopes: string[],
    cred: Credential | undefined
  ): Promise<string> {
    const identity = cred ? `${cred.username}\0${cred.password ?? cred.identityToken ?? ''}` : ''
    const key = TokenCache.key(state.realm!, state.service!, scopes, sha256Digest(identity))
    const cached = this.tokens.get(key)
    if (cached) return cached
    const token = await this.withRetry(`token for ${scopes.join(' ')}`, () =>
      this.requestToken(registry, state, scopes, cred)
    )
    this.tokens.set(key, { token: token.token, expiresAt: token.expiresAt })
    return token.token
  }

  private async requestToken(
    registry: string,
    state: AuthState,
    scopes: string[],
    cred: Credential | undefined
  ): Promise<{ token: string; expiresAt: number }> {
    const transport = this.transport(registry)
    let res: HttpResponse | undefined
    if (cred?.identityToken) {
      // OAuth2 refresh-token grant (auth/oauth.md); fall back to GET on 404
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        service: state.service ?? '',
        client_id: 'mender-compose-action',
        refresh_token: cred.identityToken,
        scope: scopes.join(' ')
      })
      res = await transport
        .send(
          'POST',
          state.realm!,
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
      const url = new URL(state.realm!)
      if (state.service) url.searchParams.set('service', state.service)
      for (const s of scopes) url.searchParams.append('scope', s)
      const headers: Record<string, string> = {}
      if (cred?.password !== undefined && !cred.identityToken) {
        headers.authorization = `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`
      }
      res = await transport.send('GET', url.toString(), headers).catch((e: unknown) => {
        throw withContext(
          e,
          `cannot reach the token server of ${registry} (${redactUrl(state.realm!)})`
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
      throw new HttpError(res.status, 'GET', state.realm!, res.headers, '')
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

  private async authorization(
    repo: Repo,
    state: AuthState,
    scopes: string[]
  ): Promise<string | undefined> {
    if (state.scheme === 'none') return undefined
    const cred = await this.credentialFor(repo.registry)
    if (state.scheme === 'basic') {
      if (!cred || cred.password === undefined) return undefined
      return `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`
    }
    return `Bearer ${await this.fetchToken(repo.registry, state, scopes, cred)}`
  }

  /**
   * One authenticated request (no retry): a 401 with a Bearer challenge gets a
   * fresh token with the challenged scope first and exactly one more try.
   * Non-2xx answers are thrown as HttpError with the body read.
   */
  async send(
    repo: Repo,
    method: string,
    path: string,
    headers: Record<string, string> = {}
  ): Promise<HttpResponse> {
    const state = await this.ping(repo.registry)
    const url = `${this.baseUrl(repo.registry)}/v2/${repo.repository}/${path}`
    let scopes = [`repository:${repo.repository}:pull`]
    let auth = await this.authorization(repo, state, scopes)
    for (let attempt = 0; ; attempt++) {
      const res = await this.transport(repo.registry).send(
        method,
        url,
        auth ? { ...headers, authorization: auth } : headers
      )
      this.noteHeaders(repo, res)
      if (res.status >= 200 && res.status < 300) return res
      const body = await discard(res)
      if (res.status === 401 && attempt === 0) {
        const c = pickChallenge(parseChallenges(res.headers['www-authenticate']))
        if (c?.scheme === 'bearer' && c.params.realm) {
          const fresh: AuthState = {
            scheme: 'bearer',
            realm: c.params.realm,
            service: c.params.service ?? state.service
          }
          if (c.params.scope)
            scopes = [c.params.scope, ...scopes.filter((s) => s !== c.params.scope)]
          const cred = await this.credentialFor(repo.registry)
          const key = TokenCache.key(
            fresh.realm!,
            fresh.service!,
            scopes,
            sha256Digest(
              cred ? `${cred.username}\0${cred.password ?? cred.identityToken ?? ''}` : ''
            )
          )
          this.tokens.delete(key)
          auth = `Bearer ${await this.fetchToken(repo.registry, fresh, scopes, cred)}`
          continue
        }
        if (c?.scheme === 'basic' && !auth) {
          auth = await this.authorization(repo, { scheme: 'basic' }, scopes)
          if (auth) continue
        }
      }
      throw new HttpError(res.status, method, url, res.headers, body)
    }
  }

  private noteHeaders(repo: Repo, res: HttpResponse): void {
    const warning = header(res.headers, 'warning')
    if (warning && !this.warned.has(warning)) {
      this.warned.add(warning)
      this.log.warn(`${repo.registry}: ${warning}`)
    }
    const remaining = header(res.headers, 'ratelimit-remaining')
    if (remaining) this.log.debug(`${repo.registry}: pull rate limit remaining ${remaining}`)
  }

  /** withRetry with the registry verdict and a log line per retry. */
  withRetry<T>(what: string, fn: (attempt: number) => Promise<T>): Promise<T> {
    return withRetry(fn, {
      ...this.retry,
      retryable: registryRetryVerdict,
      onRetry: (err, attempt, delay) =>
        this.log.info(
          `retrying ${what} in ${delay} ms (attempt ${attempt + 1} of ${this.retry.attempts}): ${shortError(err)}`
        )
    })
  }

  /** HEAD a manifest: the digest without counting a pull (Docker Hub). Undefined digest when the header is missing. */
  async headManifest(
    repo: Repo,
    target: string
  ): Promise<{ digest?: string; mediaType?: string; size?: number }> {
    return this.wrap(repo, `manifest ${target}`, async () => {
      const res = await this.send(repo, 'HEAD', `manifests/${target}`, { accept: MANIFEST_ACCEPT })
      await discard(res)
      const digest = header(res.headers, 'docker-content-digest')
      return {
        digest: digest && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined,
        mediaType: header(res.headers, 'content-type')?.split(';')[0]?.trim(),
        size: Number(header(res.headers, 'content-length') ?? NaN)
      }
    })
  }

  /** GET a manifest: bytes as received, digest of exactly those bytes, checked against the request and the header. */
  async getManifest(repo: Repo, target: string): Promise<FetchedManifest> {
    return this.wrap(repo, `manifest ${target}`, async () => {
      const res = await this.send(repo, 'GET', `manifests/${target}`, { accept: MANIFEST_ACCEPT })
      const chunks: Buffer[] = []
      let total = 0
      for await (const chunk of res.body) {
        total += (chunk as Buffer).length
        if (total > MAX_MANIFEST_BYTES) {
          res.body.destroy()
          throw new UserError(
            `${repo.registry}/${repo.repository}: manifest ${target} is larger than 4 MiB`
          )
        }
        chunks.push(chunk as Buffer)
      }
      const bytes = Buffer.concat(chunks)
      const digest = sha256Digest(bytes)
      if (target.includes(':')) {
        validateDigest(target)
        if (target !== digest)
          throw new DigestMismatch(
            `${repo.registry}/${repo.repository}: manifest ${target}`,
            digest
          )
      }
      const claimed = header(res.headers, 'docker-content-digest')
      if (claimed && claimed.startsWith('sha256:') && claimed !== digest) {
        throw new DigestMismatch(
          `${repo.registry}/${repo.repository}: manifest ${target} (Docker-Content-Digest ${claimed})`,
          digest
        )
      }
      return {
        bytes,
        digest,
        mediaType: header(res.headers, 'content-type')?.split(';')[0]?.trim() ?? ''
      }
    })
  }

  /**
   * Opens a blob stream (following redirects without Authorization), optionally
   * from `offset`. Errors stay raw so the caller's retry loop can judge them.
   */
  openBlob(repo: Repo, digest: string, offset = 0): Promise<HttpResponse> {
    return this.send(
      repo,
      'GET',
      `blobs/${digest}`,
      offset > 0 ? { range: `bytes=${offset}-` } : {}
    )
  }

  private async wrap<T>(repo: Repo, what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.withRetry(`${what} of ${repo.registry}/${repo.repository}`, fn)
    } catch (err) {
      throw this.finalError(err, repo, what)
    }
  }

  finalError(err: unknown, repo: Repo, what: string): unknown {
    if (err instanceof HttpError && registryRetryVerdict(err) === false) {
      return registryUserError(
        err,
        what,
        `${repo.registry}/${repo.repository}`,
        this.credentialed.has(repo.registry)
      )
    }
    if (err instanceof HttpError && err.status === 429) {
      return registryUserError(err, what, `${repo.registry}/${repo.repository}`, false)
    }
    return err
  }
}

/** A body that does not hash to the digest asked for: retried once, never stored. */
export class DigestMismatch extends UserError {
  constructor(what: string, actual: string) {
    super(`${what}: the registry sent bytes with digest ${actual}`, {
      hint: 'the registry or a proxy in between served corrupt content; retry, or report it to the registry operator'
    })
    this.name = 'DigestMismatch'
  }
}

function withContext(err: unknown, message: string): Error {
  const e = new Error(`${message}: ${shortError(err)}`, { cause: err })
  return e
}

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
