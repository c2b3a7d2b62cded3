import { UserError } from '../util/errors.js'
import {
  HttpError,
  UNREACHABLE_HINT,
  httpRetryVerdict,
  unreachableCode
} from '../util/http-errors.js'
import { silentLogger, type Logger } from '../util/log.js'
import { withRetry } from '../util/retry.js'
import { Secrets } from '../util/secrets.js'
import { parseChallenges, pickChallenge } from './challenge.js'
import type { Credential, CredentialProvider } from './credentials.js'
import { sha256Digest } from './manifest.js'
import { MANIFEST_ACCEPT } from './media-types.js'
import { registryApiHost, validateDigest } from './reference.js'
import { registryUserError } from './registry-errors.js'
import { BearerTokens, checkRealm } from './bearer-token.js'
import {
  Transport,
  discard,
  header,
  shortError,
  withContext,
  type HttpResponse
} from './transport.js'

export interface RetrySettings {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface RegistryTimeouts {
  /** Establishing a connection. */
  connectMs: number
  /** No answer, or no body bytes, for this long on one request. */
  idleMs: number
  /** One operation (a manifest, a blob) with all its attempts: no attempt starts after this. */
  deadlineMs: number
}

export const DEFAULT_REGISTRY_TIMEOUTS: RegistryTimeouts = {
  connectMs: 10_000,
  idleMs: 60_000,
  deadlineMs: 3 * 60_000
}

export interface RegistryClientOptions {
  timeouts?: Partial<RegistryTimeouts>
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

export { isLoopbackRegistry } from '../http/loopback.js'
import { isLoopbackRegistry } from '../http/loopback.js'

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
  private readonly bearer: BearerTokens
  private readonly warned = new Set<string>()
  /** Registries for which a credential was found (for the wording of a 401). */
  private readonly credentialed = new Set<string>()
  readonly retry: RetrySettings
  readonly timeouts: RegistryTimeouts
  /** Every credential sent: scrubbed from error bodies a server or proxy echoes them in. */
  readonly secrets = new Secrets()
  private readonly credentials: CredentialProvider
  private readonly insecure: Set<string>

  constructor(private readonly opts: RegistryClientOptions = {}) {
    this.log = opts.log ?? silentLogger
    this.retry = { ...DEFAULT_RETRY, ...opts.retry }
    this.timeouts = { ...DEFAULT_REGISTRY_TIMEOUTS, ...opts.timeouts }
    this.credentials = opts.credentials ?? (async () => undefined)
    this.insecure = new Set(opts.insecureRegistries ?? [])
    // one retry layer per request: the operation's (manifest, blob) covers its token exchange
    this.bearer = new BearerTokens((_what, fn) => fn())
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
      t = new Transport(
        {
          ca: this.opts.ca,
          insecureTls: this.insecure.has(registry),
          userAgent: this.opts.userAgent,
          timeoutMs: this.timeouts.idleMs,
          connectTimeoutMs: this.timeouts.connectMs
        },
        this.log
      )
      this.transports.set(registry, t)
    }
    return t
  }

  async close(): Promise<void> {
    await Promise.all([...this.transports.values()].map((t) => t.close()))
  }

  /**
   * GET /v2/: learns whether and how the registry wants authentication. Not
   * retried here: it runs inside the calling operation's attempts, and a
   * connection refused or an unknown host ends the run at once.
   */
  ping(registry: string): Promise<AuthState> {
    let p = this.authStates.get(registry)
    if (!p) {
      p = (async () => {
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
        throw new HttpError(res.status, 'GET', url, res.headers, this.secrets.redact(body))
      })()
      p.catch(() => this.authStates.delete(registry))
      this.authStates.set(registry, p)
    }
    return p
  }

  private stateFromChallenge(registry: string, res: HttpResponse): AuthState {
    const c = pickChallenge(parseChallenges(res.headers['www-authenticate']))
    if (!c) return { scheme: 'basic' }
    if (c.scheme === 'basic') return { scheme: 'basic' }
    const realm = checkRealm(registry, c.params.realm, this.scheme(registry))
    return { scheme: 'bearer', realm, service: c.params.service ?? '' }
  }

  private async credentialFor(registry: string): Promise<Credential | undefined> {
    const c = await this.credentials(registry)
    if (c) {
      this.credentialed.add(registry)
      this.secrets.add(c.password)
      this.secrets.add(c.identityToken)
      if (c.password !== undefined)
        this.secrets.addAuthorization(
          `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`
        )
    }
    return c
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
    return `Bearer ${await this.bearer.token(this.transport(repo.registry), repo.registry, { realm: state.realm!, service: state.service ?? '' }, scopes, cred)}`
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
      this.secrets.addAuthorization(auth)
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
          const fresh = {
            realm: checkRealm(repo.registry, c.params.realm, this.scheme(repo.registry)),
            service: c.params.service ?? state.service ?? ''
          }
          // some registries read only the first scope: the challenged one goes first
          if (c.params.scope)
            scopes = [c.params.scope, ...scopes.filter((x) => x !== c.params.scope)]
          const cred = await this.credentialFor(repo.registry)
          const token = await this.bearer.token(
            this.transport(repo.registry),
            repo.registry,
            fresh,
            scopes,
            cred,
            { fresh: true }
          )
          auth = `Bearer ${token}`
          continue
        }
        if (c?.scheme === 'basic' && !auth) {
          auth = await this.authorization(repo, { scheme: 'basic' }, scopes)
          if (auth) continue
        }
      }
      throw new HttpError(res.status, method, url, res.headers, this.secrets.redact(body))
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

  /**
   * The one retry layer of a registry operation: the registry verdict, the
   * operation's deadline, and one warning per retry.
   */
  withRetry<T>(what: string, fn: (attempt: number) => Promise<T>): Promise<T> {
    return withRetry(fn, {
      ...this.retry,
      deadlineMs: this.timeouts.deadlineMs,
      retryable: registryRetryVerdict,
      onRetry: (err, attempt, delay) =>
        this.log.warn(
          `retrying ${what} in ${delay} ms (attempt ${attempt + 1} of ${this.retry.attempts}): ${this.secrets.redact(shortError(err))}`
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

  /**
   * What the user reads when an operation gave up: the repository, what was
   * asked, and the last attempt's failure, in one line with a hint.
   */
  finalError(err: unknown, repo: Repo, what: string): unknown {
    if (err instanceof UserError) return err
    const where = `${repo.registry}/${repo.repository}`
    if (unreachableCode(err)) {
      // the message already holds the code and the address; its cause would repeat them
      const message = err instanceof Error ? err.message : String(err)
      return new UserError(`${where}: ${what}: ${message}`, {
        cause: err,
        hint: UNREACHABLE_HINT
      })
    }
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
    return new UserError(
      `${where}: ${what} failed; the last attempt: ${this.secrets.redact(shortError(err))}`,
      {
        cause: err,
        hint: 'the registry or the network in between kept failing; retry later, or raise the registry timeout (MENDER_COMPOSE_REGISTRY_TIMEOUT) for a slow link'
      }
    )
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
