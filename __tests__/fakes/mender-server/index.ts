import { mkdir } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { randomBytes, randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AddressInfo } from 'node:net'
import { ourArtifactReader } from './artifact-parser.js'
import { deploy } from './deploy-route.js'
import { deploymentStatus, isUuid, view, type StoredArtifact } from './state.js'
import {
  HttpFail,
  readJson,
  type Ctx,
  type Fault,
  type FakeMender,
  type FakeMenderOptions,
  type RequestRecord,
  type Respond,
  type Route
} from './types.js'
import { upload } from './upload-route.js'

export type { Fault, FakeMender, FakeMenderOptions, RequestRecord, Route } from './types.js'

const API = '/api/management'

export async function startFakeMender(opts: FakeMenderOptions): Promise<FakeMender> {
  // An upload into a folder that does not exist would otherwise stall the request.
  await mkdir(opts.workDir, { recursive: true })
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

  const created = (path: string): Record<string, string> => {
    if (opts.location === 'none') return {}
    return { location: opts.location === 'relative' ? `.${path.replace(/^\/api/, '')}` : path }
  }
  const ctx: Ctx = { opts, state, parse, takeFault, created }

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
      if (takeFault(route, 'garbled')) {
        for await (const _ of req) {
          // drain, as a gateway would before answering
        }
        res.writeHead(200, { 'content-type': 'text/html' })
        return void res.end('<html>gateway</html>')
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
    if (route === 'upload') return upload(ctx, req, rec, respond)
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
    if (route === 'deploy') return deploy(ctx, req, path, rec, respond)
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

  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  state.url = `http://${host}:${(server.address() as AddressInfo).port}`
  return state
}
