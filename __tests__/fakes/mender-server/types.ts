import type { IncomingMessage } from 'node:http'
import type { ArtifactParser } from './artifact-parser.js'
import type { Device, StoredArtifact, StoredDeployment } from './state.js'

export type Route =
  'login' | 'upload' | 'artifacts' | 'deploy' | 'deployment' | 'deployments' | 'inventory' | 'any'

/** One injected misbehaviour, used `times` times (default once) on matching requests. */
export type Fault = { route: Route; times?: number } & (
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Cut the connection once this many body bytes have arrived. */
  | { kind: 'reset'; afterBytes: number }
  /** Do the work (store the artifact, create the deployment), then drop the connection. */
  | { kind: 'lose-response' }
  /** Answer only after this delay (after the body is read). */
  | { kind: 'delay'; ms: number }
  /** Leave the artifact out of list answers (a lookup racing the store). */
  | { kind: 'hide-artifacts' }
  /** A gateway's page in place of the answer: 200, text/html. */
  | { kind: 'garbled' }
)

export interface FakeMenderOptions {
  workDir: string
  /** Address to listen on (default 127.0.0.1; a proxy test needs a non-loopback one). */
  host?: string
  pats?: string[]
  users?: { email: string; password: string }[]
  /** `absolute` (≥ 4.1.0), `relative` (`./management/v1/...`, older servers), or `none` (a proxy dropped it). */
  location?: 'absolute' | 'relative' | 'none'
  /** false: an older server without v2 GET artifacts / deployments (404). */
  v2?: boolean
  /** storage.max_image_size: a larger Content-Length gets 413 before the body is read. */
  maxImageSize?: number
  /** Default: our reader (src/artifact); `menderArtifactRead` uses the real tool instead. */
  parseArtifact?: ArtifactParser
}

export interface RequestRecord {
  method: string
  path: string
  status?: number
  authorization?: string
  contentLength?: string
  transferEncoding?: string
  bodyBytes: number
}

export interface FakeMender {
  url: string
  artifacts: StoredArtifact[]
  deployments: StoredDeployment[]
  devices: Device[]
  faults: Fault[]
  requests: RequestRecord[]
  uploads: { fields: [string, string][]; artifactBytes: number; status: number }[]
  addDevice(d: Device): void
  setDeviceStatus(deploymentId: string, status: string, deviceIds?: string[]): void
  issuedTokens: string[]
  close(): Promise<void>
}

export type Respond = (
  status: number,
  body?: unknown,
  headers?: Record<string, string>
) => Promise<void>

/** What the route handlers share with the server. */
export interface Ctx {
  opts: FakeMenderOptions
  state: FakeMender
  parse: ArtifactParser
  takeFault<K extends Fault['kind']>(route: Route, kind: K): Extract<Fault, { kind: K }> | undefined
  /** Headers of a 201: Location in the configured form (or none). */
  created(path: string): Record<string, string>
}

/** An error answer with a status, rendered as the Mender error body. */
export class HttpFail extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

export async function readJson(
  req: IncomingMessage,
  rec: RequestRecord
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c)
  const text = Buffer.concat(chunks).toString()
  rec.bodyBytes = text.length
  if (!text) return {}
  if (!/^application\/json/.test(req.headers['content-type'] ?? ''))
    throw new HttpFail(415, 'unsupported content type')
  try {
    return JSON.parse(text) as Record<string, unknown>
  } catch {
    throw new HttpFail(400, 'failed to decode request body')
  }
}
