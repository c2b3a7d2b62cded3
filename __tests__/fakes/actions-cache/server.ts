import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A fake of the GitHub Actions cache service, v1 REST protocol
 * (`_apis/artifactcache`), as @actions/cache 6.x speaks it when
 * ACTIONS_CACHE_SERVICE_V2 is unset (lib/internal/cacheHttpClient.js):
 *
 *   GET   _apis/artifactcache/cache?keys=a,b&version=V  → 200 {cacheKey, archiveLocation, …} | 204
 *   GET   _apis/artifactcache/caches?key=K              → 200 {totalCount, artifactCaches}
 *   POST  _apis/artifactcache/caches {key, version, cacheSize} → 201 {cacheId} | 409 (key taken)
 *   PATCH _apis/artifactcache/caches/:id  Content-Range: bytes a-b/*  → 204
 *   POST  _apis/artifactcache/caches/:id {size}          → 204 | 400 (size mismatch)
 *   GET   archiveLocation                                → the archive bytes, with Content-Length
 *
 * and the v2 protocol (ACTIONS_CACHE_SERVICE_V2 set, ACTIONS_RESULTS_URL):
 * twirp JSON calls with proto field names (lib/internal/shared/cacheTwirpClient.js,
 * lib/generated/results/api/v1/cache.ts) plus an Azure-blob-like upload URL
 * (the SDK's single-shot `PUT` with `x-ms-blob-type: BlockBlob`, or
 * `?comp=block` + `?comp=blocklist` for big archives):
 *
 *   POST twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL
 *        {key, restore_keys, version} → {ok, signed_download_url, matched_key}
 *   POST …/CreateCacheEntry {key, version} → {ok, signed_upload_url} | 409 already_exists
 *   PUT  signed_upload_url                → 201
 *   POST …/FinalizeCacheEntryUpload {key, version, size_bytes} → {ok, entry_id}
 *
 * Matching follows the documented rules: keys in order, each first exactly
 * and then as a prefix (newest entry wins), the version (a hash of paths and
 * compression) must be equal, and entries are immutable once reserved.
 * Requests need `Authorization: Bearer <token>`. Faults can be injected per
 * route, and `stop()` makes the service unreachable.
 */

/** The signature of pre-signed download/upload URLs; any other is refused. */
const SIGNATURE = 'fake-sas-signature'

export interface CacheEntry {
  id: number
  key: string
  version: string
  created: number
  committed: boolean
  chunks: { start: number; data: Buffer }[]
  archive?: Buffer
}

export type Route =
  | 'get'
  | 'list'
  | 'reserve'
  | 'upload'
  | 'commit'
  | 'download'
  | 'twirp-get'
  | 'twirp-create'
  | 'twirp-finalize'
  | 'blob'

export interface Fault {
  route: Route
  /** HTTP status to answer, or 'reset' to drop the connection. */
  status: number | 'reset'
  /** How many requests to fail; Infinity for all. */
  times: number
}

export interface FakeCacheService {
  /** ACTIONS_CACHE_URL (v1) and ACTIONS_RESULTS_URL (v2), ending in '/' as the runner gives them. */
  url: string
  token: string
  entries: CacheEntry[]
  requests: { route: Route; method: string; path: string; status: number }[]
  fail(fault: Fault): void
  /** Forget entries, requests and pending faults (between tests). */
  reset(): void
  stop(): Promise<void>
}

export async function startFakeCacheService(token = 'runtime-token'): Promise<FakeCacheService> {
  const entries: CacheEntry[] = []
  const requests: FakeCacheService['requests'] = []
  const faults: Fault[] = []
  let nextId = 1
  let clock = 0
  const sockets = new Set<Socket>()
  const blocks = new Map<string, Buffer>()

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: String(err) })
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`

  /** Twirp errors: JSON {code, msg} with the matching HTTP status. */
  function twirpError(res: ServerResponse, status: number, code: string, msg: string): void {
    send(res, status, { code, msg })
  }

  function send(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status).end()
      return
    }
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text)
    })
    res.end(text)
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const parts: Buffer[] = []
    for await (const c of req) parts.push(c as Buffer)
    return Buffer.concat(parts)
  }

  function routeOf(method: string, path: string): Route | undefined {
    if (path.startsWith('/_download/')) return method === 'GET' ? 'download' : undefined
    if (/^\/_blob\/account\/cache\/\d+$/.test(path)) return method === 'PUT' ? 'blob' : undefined
    const twirp = /^\/twirp\/github\.actions\.results\.api\.v1\.CacheService\/(\w+)$/.exec(path)
    if (twirp && method === 'POST')
      return (
        {
          GetCacheEntryDownloadURL: 'twirp-get',
          CreateCacheEntry: 'twirp-create',
          FinalizeCacheEntryUpload: 'twirp-finalize'
        } as Record<string, Route>
      )[twirp[1]!]
    if (!path.startsWith('/_apis/artifactcache/')) return undefined
    const rest = path.slice('/_apis/artifactcache/'.length)
    if (method === 'GET' && rest === 'cache') return 'get'
    if (method === 'GET' && rest === 'caches') return 'list'
    if (method === 'POST' && rest === 'caches') return 'reserve'
    if (method === 'PATCH' && /^caches\/\d+$/.test(rest)) return 'upload'
    if (method === 'POST' && /^caches\/\d+$/.test(rest)) return 'commit'
    return undefined
  }

  /** A new reservation, or undefined when the key and version are taken (entries are immutable). */
  function reserve(key: string, version: string): CacheEntry | undefined {
    if (entries.some((e) => e.key === key && e.version === version)) return undefined
    const entry: CacheEntry = {
      id: nextId++,
      key,
      version,
      created: ++clock,
      committed: false,
      chunks: []
    }
    entries.push(entry)
    return entry
  }

  function match(keys: string[], version: string): CacheEntry | undefined {
    const usable = entries.filter((e) => e.committed && e.version === version)
    const newest = (xs: CacheEntry[]) => xs.sort((a, b) => b.created - a.created)[0]
    for (const key of keys) {
      const exact = newest(usable.filter((e) => e.key === key))
      if (exact) return exact
      const prefix = newest(usable.filter((e) => e.key.startsWith(key)))
      if (prefix) return prefix
    }
    return undefined
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    const method = req.method ?? 'GET'
    const route = routeOf(method, url.pathname)
    const record = (status: number) =>
      requests.push({ route: route ?? ('unknown' as Route), method, path: url.pathname, status })
    if (!route) {
      record(404)
      return send(res, 404, { message: `no route ${method} ${url.pathname}` })
    }
    const fault = faults.find((f) => f.route === route && f.times > 0)
    if (fault) {
      fault.times--
      record(fault.status === 'reset' ? 0 : fault.status)
      if (fault.status === 'reset') {
        req.socket.destroy()
        return
      }
      return send(res, fault.status, { message: `injected ${fault.status}` })
    }
    // Download and upload URLs are pre-signed: no bearer token, like Azure blob SAS links.
    const signed = route === 'download' || route === 'blob'
    if (signed && url.searchParams.get('sig') !== SIGNATURE) {
      record(403)
      return send(res, 403, { message: 'bad signature' })
    }
    if (!signed && req.headers.authorization !== `Bearer ${token}`) {
      record(401)
      return send(res, 401, { message: 'bad runtime token' })
    }
    switch (route) {
      case 'get': {
        const keys = (url.searchParams.get('keys') ?? '').split(',').filter(Boolean)
        const version = url.searchParams.get('version') ?? ''
        if (keys.length === 0 || keys.length > 10 || !version) {
          record(400)
          return send(res, 400, { message: 'keys (1–10) and version are required' })
        }
        const hit = match(keys, version)
        if (!hit) {
          record(204)
          return send(res, 204)
        }
        record(200)
        return send(res, 200, {
          cacheKey: hit.key,
          scope: 'refs/heads/main',
          cacheVersion: hit.version,
          creationTime: new Date(hit.created).toISOString(),
          archiveLocation: `${base}_download/${hit.id}?sig=${SIGNATURE}`
        })
      }
      case 'list': {
        const key = url.searchParams.get('key') ?? ''
        const found = entries.filter((e) => e.committed && e.key === key)
        record(200)
        return send(res, 200, {
          totalCount: found.length,
          artifactCaches: found.map((e) => ({
            cacheKey: e.key,
            cacheVersion: e.version,
            scope: 'refs/heads/main'
          }))
        })
      }
      case 'reserve': {
        const body = JSON.parse((await readBody(req)).toString() || '{}') as {
          key?: string
          version?: string
          cacheSize?: number
        }
        if (!body.key || !body.version || body.key.length > 512) {
          record(400)
          return send(res, 400, { message: 'key and version are required' })
        }
        const entry = reserve(body.key, body.version)
        if (!entry) {
          record(409)
          return send(res, 409, {
            message: `Cache already exists. Scope: refs/heads/main, Key: ${body.key}`
          })
        }
        record(201)
        return send(res, 201, { cacheId: entry.id })
      }
      case 'upload': {
        const entry = entries.find((e) => e.id === Number(url.pathname.split('/').pop()))
        const range = /^bytes (\d+)-(\d+)\/\*$/.exec(req.headers['content-range'] ?? '')
        const data = await readBody(req)
        if (!entry || entry.committed) {
          record(404)
          return send(res, 404, { message: 'no such reservation' })
        }
        if (!range || Number(range[2]) - Number(range[1]) + 1 !== data.length) {
          record(400)
          return send(res, 400, { message: 'bad Content-Range' })
        }
        entry.chunks.push({ start: Number(range[1]), data })
        record(204)
        return send(res, 204)
      }
      case 'commit': {
        const entry = entries.find((e) => e.id === Number(url.pathname.split('/').pop()))
        const body = JSON.parse((await readBody(req)).toString() || '{}') as { size?: number }
        if (!entry || entry.committed) {
          record(404)
          return send(res, 404, { message: 'no such reservation' })
        }
        const archive = Buffer.alloc(
          entry.chunks.reduce((n, c) => Math.max(n, c.start + c.data.length), 0)
        )
        for (const c of entry.chunks) c.data.copy(archive, c.start)
        const covered = entry.chunks.reduce((n, c) => n + c.data.length, 0)
        if (body.size !== archive.length || covered !== archive.length) {
          record(400)
          return send(res, 400, {
            message: `size ${body.size} does not match the ${archive.length} bytes uploaded`
          })
        }
        entry.archive = archive
        entry.chunks = []
        entry.committed = true
        entry.created = ++clock
        record(204)
        return send(res, 204)
      }
      case 'twirp-get': {
        const body = JSON.parse((await readBody(req)).toString() || '{}') as {
          key?: string
          restore_keys?: string[]
          version?: string
        }
        if (!body.key || !body.version) {
          record(400)
          return twirpError(res, 400, 'invalid_argument', 'key and version are required')
        }
        const hit = match([body.key, ...(body.restore_keys ?? [])], body.version)
        record(200)
        return send(
          res,
          200,
          hit
            ? {
                ok: true,
                signed_download_url: `${base}_download/${hit.id}?sig=${SIGNATURE}`,
                matched_key: hit.key
              }
            : { ok: false, signed_download_url: '', matched_key: '' }
        )
      }
      case 'twirp-create': {
        const body = JSON.parse((await readBody(req)).toString() || '{}') as {
          key?: string
          version?: string
        }
        if (!body.key || !body.version) {
          record(400)
          return twirpError(res, 400, 'invalid_argument', 'key and version are required')
        }
        const entry = reserve(body.key, body.version)
        if (!entry) {
          record(409)
          return twirpError(
            res,
            409,
            'already_exists',
            'cache entry with the same key, version, and scope already exists'
          )
        }
        record(200)
        return send(res, 200, {
          ok: true,
          signed_upload_url: `${base}_blob/account/cache/${entry.id}?sig=${SIGNATURE}`
        })
      }
      case 'blob': {
        const entry = entries.find((e) => e.id === Number(url.pathname.split('/').pop()))
        const data = await readBody(req)
        if (!entry || entry.committed) {
          record(404)
          return send(res, 404)
        }
        const comp = url.searchParams.get('comp')
        if (comp === 'block') {
          blocks.set(`${entry.id}/${url.searchParams.get('blockid')}`, data)
        } else if (comp === 'blocklist') {
          const ids = [...data.toString().matchAll(/<(?:Latest|Uncommitted)>([^<]+)</g)].map(
            (m) => m[1]!
          )
          const parts = ids.map((id) => blocks.get(`${entry.id}/${id}`))
          if (parts.some((p) => p === undefined)) {
            record(400)
            return send(res, 400)
          }
          entry.archive = Buffer.concat(parts as Buffer[])
        } else {
          if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
            record(400)
            return send(res, 400, { message: 'x-ms-blob-type: BlockBlob expected' })
          }
          entry.archive = data
        }
        record(201)
        res.writeHead(201, {
          etag: `"0x${entry.id.toString(16)}"`,
          'last-modified': new Date().toUTCString(),
          'x-ms-request-id': `req-${entry.id}`,
          'x-ms-version': String(req.headers['x-ms-version'] ?? '2024-11-04'),
          'x-ms-request-server-encrypted': 'true'
        })
        res.end()
        return
      }
      case 'twirp-finalize': {
        const body = JSON.parse((await readBody(req)).toString() || '{}') as {
          key?: string
          version?: string
          size_bytes?: string
        }
        const entry = entries.find(
          (e) => e.key === body.key && e.version === body.version && !e.committed
        )
        if (!entry || !entry.archive) {
          record(404)
          return twirpError(res, 404, 'not_found', 'no upload for this key and version')
        }
        if (Number(body.size_bytes) !== entry.archive.length) {
          record(400)
          return twirpError(
            res,
            400,
            'invalid_argument',
            `size ${body.size_bytes} does not match the ${entry.archive.length} bytes uploaded`
          )
        }
        entry.committed = true
        entry.created = ++clock
        record(200)
        return send(res, 200, { ok: true, entry_id: String(entry.id) })
      }
      case 'download': {
        const entry = entries.find((e) => e.id === Number(url.pathname.split('/').pop()))
        if (!entry?.archive) {
          record(404)
          return send(res, 404)
        }
        record(200)
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': entry.archive.length
        })
        res.end(entry.archive)
        return
      }
    }
  }

  return {
    url: base,
    token,
    entries,
    requests,
    fail: (f) => faults.push({ ...f }),
    reset: () => {
      entries.length = 0
      requests.length = 0
      faults.length = 0
      blocks.clear()
    },
    stop: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
