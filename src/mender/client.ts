import type { Dispatcher } from 'undici'
import { UsageError } from '../util/errors.js'
import { silentLogger, type Logger } from '../util/log.js'
import { findArtifactsByName } from './artifacts.js'
import { authenticate, describeCredentials, type Credentials } from './auth.js'
import {
  createDeployment,
  deploymentUrl,
  getDeployment,
  type CreatedDeployment
} from './deployments.js'
import {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  MenderHttp,
  type RetryPolicy,
  type Timeouts
} from './http.js'
import { inspectArtifact } from './local-artifact.js'
import { Secrets } from './secrets.js'
import type {
  ArtifactInspector,
  DeploymentRequest,
  LocalArtifact,
  RemoteArtifact,
  RemoteDeployment,
  WaitResult
} from './types.js'
import { ensureArtifact, type ArtifactOutcome, type UploadOptions } from './upload.js'
import { waitForDeployment, type WaitOptions } from './wait.js'

export interface MenderClientOptions {
  serverUrl: string
  credentials: Credentials
  /** How the credential was given, for 401 messages: e.g. "MENDER_ACCESS_TOKEN". */
  credentialSource?: string
  log?: Logger
  /** Called with every credential and token (the action passes core.setSecret). */
  maskSecret?: (secret: string) => void
  /** Reads name/depends/checksums of a local artifact (default: readArtifact, verifying). */
  inspect?: ArtifactInspector
  retry?: Partial<RetryPolicy>
  timeouts?: Partial<Timeouts>
  dispatcher?: Dispatcher
}

/** `https://` when no scheme is given (as mender-cli does), no trailing slash. */
export function normaliseServerUrl(raw: string): string {
  const trimmed = raw.trim().replace(/\/+$/, '')
  if (!trimmed)
    throw new UsageError('No Mender server URL given (MENDER_SERVER_URL or --server-url)')
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  let u: URL
  try {
    u = new URL(withScheme)
  } catch {
    throw new UsageError(`Mender server URL '${raw}' is not a URL`)
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new UsageError(`Mender server URL '${raw}' must be http(s)`)
  }
  if (u.username || u.password) {
    throw new UsageError(
      'Put Mender credentials in the token or user/password inputs, not in the server URL'
    )
  }
  return withScheme
}

/** One authenticated session with a Mender server. */
export class MenderClient {
  private constructor(
    readonly http: MenderHttp,
    private readonly inspector: ArtifactInspector
  ) {}

  static async connect(opts: MenderClientOptions): Promise<MenderClient> {
    const secrets = new Secrets(opts.maskSecret)
    if ('token' in opts.credentials) secrets.add(opts.credentials.token)
    else secrets.add(opts.credentials.password)
    const log = secrets.logger(opts.log ?? silentLogger)
    const http = new MenderHttp(
      normaliseServerUrl(opts.serverUrl),
      describeCredentials(opts.credentials, opts.credentialSource),
      secrets,
      log,
      { ...DEFAULT_RETRY, ...opts.retry },
      { ...DEFAULT_TIMEOUTS, ...opts.timeouts },
      opts.dispatcher
    )
    await authenticate(http, opts.credentials)
    return new MenderClient(http, opts.inspect ?? inspectArtifact)
  }

  get serverUrl(): string {
    return this.http.serverUrl
  }

  inspect(path: string): Promise<LocalArtifact> {
    return this.inspector(path)
  }

  findArtifacts(name: string): Promise<RemoteArtifact[]> {
    return findArtifactsByName(this.http, name)
  }

  /** Existence check, then a streamed, retried upload only when needed. */
  async uploadArtifact(path: string, opts: UploadOptions = {}): Promise<ArtifactOutcome> {
    return ensureArtifact(this.http, await this.inspect(path), opts)
  }

  createDeployment(req: DeploymentRequest): Promise<CreatedDeployment> {
    return createDeployment(this.http, req)
  }

  getDeployment(id: string): Promise<RemoteDeployment> {
    return getDeployment(this.http, id)
  }

  waitForDeployment(id: string, opts: WaitOptions): Promise<WaitResult> {
    return waitForDeployment(this.http, id, opts)
  }

  deploymentUrl(id: string): string {
    return deploymentUrl(this.serverUrl, id)
  }

  async close(): Promise<void> {
    await this.http.dispatcher.close()
  }
}
