import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes, randomUUID } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AddressInfo } from 'node:net'
import { ourArtifactReader, type ArtifactParser } from './artifact-parser.js'
import { BadRequest, receiveMultipart } from './multipart.js'
import {
  constructorChecksum,
  deploymentStatus,
  dependsKey,
  isUuid,
  newId,
  view,
  type Device,
  type StoredArtifact,
  type StoredDeployment
} from './state.js'

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
)

export interface FakeMenderOptions {
  workDir: string
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

const API = '/api/management'

export async function startFakeMender(opts: FakeMenderOptions): Promise<FakeMender> {
  const parse = opts.parseArtifact ?? ourArtifactReader
  const tokens = new Set(opts.pats ?? [])
  const state: FakeMender = {
    url: '',
    artifacts: [],
    deployments: [],
    devices: [],
    faults: [],
    requests: [],
    uploads: [],
    issuedTokens: [],
    addDevice: (d) => state.devices.push(d),
    setDeviceStatus: (id, status, deviceIds) => {
      const d = state.deployments.find((x) => x.id === id)
      if (!d) throw new Error(`no deployment ${id}`)
      for (const dev of deviceIds ?? [...d.devices.keys()]) d.devices.set(dev, status)
      if (deploymentStatus(d) === 'finished' && !d.finished) d.finished = new Date().toISOString()
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  }

  const takeFault = <K extends Fault['kind']>(route: Route, kind: K) => {
    const i = state.faults.findIndex(
      (f) => f.kind === kind && (f.route === route || f.route === 'any')
    )
    if (i < 0) return undefined
    const f = state.faults[i] as Extract<Fault, { kind: K }>
    f.times = (f.times ?? 1) - 1
    if (f.times <= 0) state.faults.splice(i, 1)
    return f
  }
  const hasFault = (route: Route, kind: Fault['kind']) =>
    state.faults.some((f) => f.kind === kind && (f.route === route || f.route === 'any'))

  const location = (path: string) =>
    opts.location === 'relative' ? `.${path.replace(/^\/api/, '')}` : path

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, 500, { error: 'internal error' })
      else res.destroy()
      process.stderr.write(`fake mender: ${String(err)}\n`)
    })
  })

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {}
  ) => {
    const rid = String(res.getHeader('x-men-requestid'))
    let text = ''
    if (status >= 400) text = JSON.stringify({ ...(body as object), request_id: rid })
    else if (typeof body === 'string') text = body
    else if (body !== undefined) text = JSON.stringify(body)
    res.writeHead(status, {
      ...(text && !headers['content-type'] ? { 'content-type': 'application/json' } : {}),
      ...headers,
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="ManagementJWT"' } : {})
    })
    res.end(text)
  }

  async function readJson(
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

  function routeOf(method: string, path: string): Route {
    if (path.endsWith('/useradm/auth/login')) return 'login'
    if (method === 'POST' && path === `${API}/v1/deployments/artifacts`) return 'upload'
    if (path.includes('/deployments/artifacts')) return 'artifacts'
    if (method === 'POST' && path.startsWith(`${API}/v1/deployments/deployments`)) return 'deploy'
    if (/\/deployments\/deployments\/[^/]+$/.test(path) && !path.startsWith(`${API}/v2`))
      return 'deployment'
    if (path.includes('/deployments/deployments')) return 'deployments'
    return 'inventory'
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake')
    const path = url.pathname
    const method = req.method ?? 'GET'
    const rec: RequestRecord = {
      method,
      path: path + url.search,
      authorization: req.headers.authorization,
      contentLength: req.headers['content-length'],
      transferEncoding: req.headers['transfer-encoding'],
      bodyBytes: 0
    }
    state.requests.push(rec)
    res.setHeader('x-men-requestid', randomUUID())
    res.on('finish', () => (rec.status = res.statusCode))
    const route = routeOf(method, path)
    try {
      const status = takeFault(route, 'status')
      if (status) {
        for await (const _ of req) {
          // drain, as a gateway would before answering
        }
        return send(
          res,
          status.status,
          { error: status.status === 429 ? 'too many requests' : 'internal error' },
          status.retryAfter ? { 'retry-after': status.retryAfter } : {}
        )
      }
      if (route === 'login') return await login(req, res)
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
      if (!auth || !tokens.has(auth[1] ?? '')) return send(res, 401, { error: 'Unauthorized' })
      const lose = () => hasFault(route, 'lose-response') && takeFault(route, 'lose-response')
      const delay = takeFault(route, 'delay')
      const respond = async (status: number, body?: unknown, headers?: Record<string, string>) => {
        if (delay) await sleep(delay.ms)
        if (lose()) return void req.socket.destroy()
        send(res, status, body, headers)
      }
      await dispatch(req, res, method, path, url, rec, route, respond)
    } catch (err) {
      if (err instanceof HttpFail) return send(res, err.status, { error: err.message })
      throw err
    }
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')
    const [email = '', ...pw] = Buffer.from(basic?.[1] ?? '', 'base64')
      .toString()
      .split(':')
    const body = await readJson(req, { method: 'POST', path: '', bodyBytes: 0 })
    const user = (opts.users ?? []).find(
      (u) => u.email === email.toLowerCase() && u.password === pw.join(':')
    )
    if (!basic || !user) return send(res, 401, { error: 'unauthorized' })
    void body
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const jwt = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ sub: randomUUID(), 'mender.user': true, jti: randomUUID() })}.${randomBytes(32).toString('base64url')}`
    tokens.add(jwt)
    state.issuedTokens.push(jwt)
    send(res, 200, jwt, { 'content-type': 'application/jwt' })
  }

  type Respond = (status: number, body?: unknown, headers?: Record<string, string>) => Promise<void>

  async function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    url: URL,
    rec: RequestRecord,
    route: Route,
    respond: Respond
  ): Promise<void> {
    let m: RegExpExecArray | null
    if (route === 'upload') return upload(req, rec, respond)
    if (method === 'GET' && path === `${API}/v1/useradm/users/me`)
      return respond(200, { id: 'me', email: 'ci@example.com' })
    if (method === 'GET' && path === `${API}/v2/deployments/artifacts`) {
      if (opts.v2 === false) return respond(404, { error: 'not found' })
      const names = url.searchParams.getAll('name').map((n) => n.replace(/\\\*$/, '*'))
      const perPage = Number(url.searchParams.get('per_page') ?? 20)
      if (perPage > 500) return respond(400, { error: 'invalid filter' })
      return respond(
        200,
        listed().filter((a) => names.length === 0 || names.includes(a.name))
      )
    }
    if (method === 'GET' && path === `${API}/v1/deployments/artifacts/list`) {
      const name = url.searchParams.get('name') ?? ''
      const page = Number(url.searchParams.get('page') ?? 1)
      let perPage = Number(url.searchParams.get('per_page') ?? 20)
      if (perPage > 500) perPage = 20
      const all = listed().filter((a) => a.name.includes(name))
      return respond(200, all.slice((page - 1) * perPage, page * perPage), {
        'x-total-count': String(all.length)
      })
    }
    if (
      (m = /^\/api\/management\/v1\/deployments\/artifacts\/([^/]+)$/.exec(path)) &&
      method === 'GET'
    ) {
      if (!isUuid(m[1] ?? '')) return respond(400, { error: 'ID is not a valid UUID' })
      const a = state.artifacts.find((x) => x.id === m![1])
      return a ? respond(200, a) : respond(404, { error: 'Resource not found' })
    }
    if (route === 'deploy') return deploy(req, path, rec, respond)
    if (route === 'deployment' && method === 'GET') {
      const id = path.split('/').pop() ?? ''
      if (!isUuid(id)) return respond(400, { error: 'ID is not a valid UUID' })
      const d = state.deployments.find((x) => x.id === id)
      return d
        ? respond(200, view(d, state.artifacts))
        : respond(404, { error: 'Resource not found' })
    }
    if (
      (m = /^\/api\/management\/v1\/deployments\/deployments\/([^/]+)\/devices\/list$/.exec(path))
    ) {
      const d = state.deployments.find((x) => x.id === m![1])
      if (!d) return respond(404, { error: 'Resource not found' })
      const status = url.searchParams.get('status')
      const perPage = Number(url.searchParams.get('per_page') ?? 20)
      if (perPage > 500) return respond(400, { error: 'invalid per_page' })
      const items = [...d.devices]
        .filter(([, s]) => !status || s === status)
        .map(([id, s]) => ({ id, status: s, device_type: 'dev', log: s === 'failure' }))
      return respond(200, items.slice(0, perPage), { 'x-total-count': String(items.length) })
    }
    if (method === 'GET' && path === `${API}/v2/deployments/deployments`) {
      if (opts.v2 === false) return respond(404, { error: 'not found' })
      return respond(
        200,
        findDeployments(url.searchParams.getAll('name'), url.searchParams.get('status'))
      )
    }
    if (method === 'GET' && path === `${API}/v1/deployments/deployments`) {
      const search = url.searchParams.get('search') ?? ''
      return respond(
        200,
        findDeployments([], url.searchParams.get('status')).filter((d) =>
          String(d.name).includes(search)
        )
      )
    }
    if (
      (m = /^\/api\/management\/v1\/deployments\/deployments\/([^/]+)\/status$/.exec(path)) &&
      method === 'PUT'
    ) {
      const body = await readJson(req, rec)
      const d = state.deployments.find((x) => x.id === m![1])
      if (!d) return respond(404, { error: 'Resource not found' })
      if (body.status !== 'aborted') return respond(400, { error: 'unexpected deployment status' })
      if (deploymentStatus(d) === 'finished')
        return respond(422, { error: 'Deployment already finished' })
      for (const [dev, s] of d.devices) if (s === 'pending') d.devices.set(dev, 'aborted')
      d.finished = new Date().toISOString()
      return respond(204)
    }
    if (method === 'GET' && path === `${API}/v1/inventory/groups`) {
      const status = url.searchParams.get('status')
      const groups = new Set(
        state.devices.filter((d) => d.group && (!status || d.status === status)).map((d) => d.group)
      )
      return respond(200, [...groups])
    }
    if (
      (m = /^\/api\/management\/v1\/inventory\/groups\/([^/]+)\/devices$/.exec(path)) &&
      method === 'GET'
    ) {
      const ids = state.devices
        .filter((d) => d.group === decodeURIComponent(m![1] ?? ''))
        .map((d) => d.id)
      if (ids.length === 0) return respond(404, { error: 'group not found' })
      return respond(200, ids, { 'x-total-count': String(ids.length) })
    }
    if (method === 'POST' && path === `${API}/v2/inventory/filters/search`) {
      const body = (await readJson(req, rec)) as {
        filters?: { scope: string; attribute: string; value: string }[]
      }
      const hits = state.devices.filter((d) =>
        (body.filters ?? []).every((f) =>
          f.scope === 'identity' && f.attribute === 'status'
            ? d.status === f.value
            : f.scope === 'system' && f.attribute === 'group'
              ? d.group === f.value
              : false
        )
      )
      return respond(
        200,
        hits.slice(0, 1).map((d) => ({ id: d.id })),
        { 'x-total-count': String(hits.length) }
      )
    }
    return respond(404, { error: `no route ${method} ${path}` })
  }

  function listed(): StoredArtifact[] {
    if (hasFault('artifacts', 'hide-artifacts')) {
      takeFault('artifacts', 'hide-artifacts')
      return []
    }
    return [...state.artifacts].sort((a, b) => a.name.localeCompare(b.name))
  }

  function findDeployments(names: string[], status: string | null): Record<string, unknown>[] {
    return state.deployments
      .filter(
        (d) =>
          (names.length === 0 || names.includes(d.name)) &&
          (!status || deploymentStatus(d) === status)
      )
      .sort((a, b) => b.created.localeCompare(a.created))
      .map((d) => view(d, state.artifacts))
  }

  async function upload(req: IncomingMessage, rec: RequestRecord, respond: Respond) {
    const record = { fields: [] as [string, string][], artifactBytes: 0, status: 0 }
    state.uploads.push(record)
    const type = req.headers['content-type'] ?? ''
    const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2]
    if (!/^multipart\/(form-data|mixed)/.test(type) || !boundary) {
      record.status = 415
      return respond(415, { error: 'mime: no media type' })
    }
    const length = Number(req.headers['content-length'] ?? 0)
    if (opts.maxImageSize !== undefined && length > opts.maxImageSize) {
      record.status = 413
      // Like the requestsize middleware: answered at once, body unread.
      return respond(413, { error: `http: request body too large` }, { connection: 'close' })
    }
    const reset = takeFault('upload', 'reset')
    if (reset) {
      let seen = 0
      req.on('data', (c: Buffer) => {
        seen += c.length
        if (seen >= reset.afterBytes) req.socket.destroy()
      })
    }
    req.on('data', (c: Buffer) => (rec.bodyBytes += c.length))
    const dest = join(opts.workDir, `upload-${randomUUID()}.mender`)
    try {
      const got = await receiveMultipart(req, boundary, dest)
      Object.assign(record, got)
      if (req.socket.destroyed) return
      let parsed
      try {
        parsed = await parse(dest)
      } catch (err) {
        record.status = 400
        return respond(400, { error: `failed to parse artifact: ${(err as Error).message}` })
      }
      const fields = Object.fromEntries(got.fields)
      const artifact: StoredArtifact = {
        ...parsed,
        id: fields.artifact_id ?? newId(),
        description: fields.description ?? '',
        size: (await stat(dest)).size,
        modified: new Date().toISOString(),
        signed: false,
        info: { format: 'mender', version: 3 }
      }
      const clash = state.artifacts.find(
        (a) => a.name === artifact.name && dependsKey(a) === dependsKey(artifact)
      )
      if (clash) {
        record.status = 409
        return respond(409, {
          error: 'an artifact with the same name and depends already exists',
          metadata: { conflict: artifact.artifact_depends }
        })
      }
      state.artifacts.push(artifact)
      record.status = 201
      return respond(
        201,
        undefined,
        opts.location === 'none'
          ? {}
          : { location: location(`/api/management/v1/deployments/artifacts/${artifact.id}`) }
      )
    } catch (err) {
      if (req.socket.destroyed) return
      if (err instanceof BadRequest) {
        record.status = 400
        return respond(400, { error: err.message })
      }
      if (req.socket.destroyed) return
      throw err
    } finally {
      await rm(dest, { force: true })
    }
  }

  async function deploy(req: IncomingMessage, path: string, rec: RequestRecord, respond: Respond) {
    const body = await readJson(req, rec)
    const group = /\/deployments\/deployments\/group\/([^/]+)$/.exec(path)?.[1]
    const name = typeof body.name === 'string' ? body.name : ''
    const artifactName = typeof body.artifact_name === 'string' ? body.artifact_name : ''
    if (!name || name.length > 256)
      return respond(400, { error: 'Validating request body: name: cannot be blank.' })
    if (!artifactName)
      return respond(400, { error: 'Validating request body: artifact_name: cannot be blank.' })
    const listedDevices = Array.isArray(body.devices) ? (body.devices as string[]) : []
    const all = body.all_devices === true
    let devices: string[]
    if (group !== undefined) {
      if (listedDevices.length || all) {
        return respond(400, {
          error:
            'The deployment for group constructor should have neither list of devices nor all_devices flag set'
        })
      }
      const g = decodeURIComponent(group)
      devices = state.devices
        .filter((d) => d.group === g && d.status === 'accepted')
        .map((d) => d.id)
    } else if (listedDevices.length && all) {
      return respond(400, {
        error:
          'Validating request body: Invalid deployments definition: list of devices provided togheter with all_devices flag'
      })
    } else if (!listedDevices.length && !all) {
      return respond(400, {
        error:
          'Validating request body: Invalid deployments definition: provide list of devices or set all_devices flag'
      })
    } else
      devices = all
        ? state.devices.filter((d) => d.status === 'accepted').map((d) => d.id)
        : listedDevices
    if (!state.artifacts.some((a) => a.name === artifactName))
      return respond(422, { error: 'No artifact for the deployment' })
    if (devices.length === 0) return respond(400, { error: 'No devices for the deployment' })
    const checksum = constructorChecksum({
      name,
      artifact_name: artifactName,
      devices,
      all_devices: all,
      force_installation: body.force_installation === true
    })
    if (
      state.deployments.some((d) => d.checksum === checksum && deploymentStatus(d) !== 'finished')
    ) {
      return respond(409, {
        error:
          'Invalid deployment definition: there is already an active deployment with the same parameters'
      })
    }
    const d: StoredDeployment = {
      id: newId(),
      name,
      artifact_name: artifactName,
      created: new Date(Date.now() + state.deployments.length).toISOString(),
      all_devices: all,
      ...(group !== undefined ? { groups: [decodeURIComponent(group)] } : {}),
      force_installation: body.force_installation === true,
      checksum,
      devices: new Map(devices.map((id) => [id, 'pending'])),
      body
    }
    state.deployments.push(d)
    return respond(
      201,
      undefined,
      opts.location === 'none'
        ? {}
        : { location: location(`/api/management/v1/deployments/deployments/${d.id}`) }
    )
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return state
}

class HttpFail extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}
