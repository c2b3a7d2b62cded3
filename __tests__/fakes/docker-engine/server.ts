// A fake Docker Engine API server, from Docker's Engine API reference (v1.45),
// for the parts `docker image save` and `docker image inspect` use:
//   HEAD|GET /_ping                 Api-Version / Ostype / Docker-Experimental headers, "OK"
//   GET /v1.xx/version              the daemon's version document
//   GET /v1.xx/images/{name}/json   ImageInspect, or 404 {"message":"No such image: name"}
//   GET /v1.xx/images/get?names=…   a `docker save` tar (application/x-tar), or 404
// It listens on a unix socket (what DOCKER_HOST=unix://… points the real docker
// CLI at) and records every request. Fault injection: cut the save stream
// after N bytes (a daemon that dies mid-save).
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { join } from 'node:path'

export interface FakeImage {
  /** A `docker save` archive of the image (any layout docker save writes). */
  archive: string
  id: string
  architecture?: string
  os?: string
}

export interface FakeEngineOptions {
  /** Images by name as Docker normalises them: `name:tag` (docker.io/library/ dropped). */
  images: Record<string, FakeImage>
  /** The API version the daemon announces (the CLI negotiates down to it). */
  apiVersion?: string
  /** Cut the connection after this many bytes of a save stream. */
  cutSaveAfterBytes?: number
}

export interface FakeEngine {
  /** DOCKER_HOST value: unix:///…/engine.sock */
  host: string
  requests: { method: string; path: string }[]
  stop(): Promise<void>
}

/** `app` → `app:latest`; `docker.io/library/app:1` → `app:1` (how the daemon looks names up). */
export function normaliseName(name: string): string {
  let n = name.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '')
  if (n.includes('@')) return n
  const lastSlash = n.lastIndexOf('/')
  if (!n.slice(lastSlash + 1).includes(':')) n = `${n}:latest`
  return n
}

function json(res: ServerResponse, status: number, body: unknown, version: string): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'api-version': version,
    ostype: 'linux',
    server: `Docker/28.2.2-fake (linux)`
  })
  res.end(text)
}

export async function startFakeDockerEngine(
  dir: string,
  opts: FakeEngineOptions
): Promise<FakeEngine> {
  const version = opts.apiVersion ?? '1.45'
  const requests: FakeEngine['requests'] = []
  const lookup = (name: string): FakeImage | undefined => opts.images[normaliseName(name)]
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://docker')
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}` })
    // every endpoint but /_ping may carry a /v1.xx prefix
    const path = url.pathname.replace(/^\/v1\.\d+/, '')
    if (path === '/_ping') {
      res.writeHead(200, {
        'api-version': version,
        'docker-experimental': 'false',
        ostype: 'linux',
        'builder-version': '2',
        'cache-control': 'no-cache, no-store, must-revalidate',
        pragma: 'no-cache',
        'content-type': 'text/plain; charset=utf-8',
        'content-length': req.method === 'HEAD' ? '0' : '2'
      })
      res.end(req.method === 'HEAD' ? undefined : 'OK')
      return
    }
    if (req.method === 'GET' && path === '/version') {
      json(
        res,
        200,
        {
          Version: '28.2.2-fake',
          ApiVersion: version,
          MinAPIVersion: '1.24',
          Os: 'linux',
          Arch: 'amd64',
          KernelVersion: '6.1.0',
          Components: [{ Name: 'Engine', Version: '28.2.2-fake' }]
        },
        version
      )
      return
    }
    const inspect = /^\/images\/(.+)\/json$/.exec(path)
    if (req.method === 'GET' && inspect) {
      const name = decodeURIComponent(inspect[1]!)
      const img = lookup(name)
      if (!img) return json(res, 404, { message: `No such image: ${name}` }, version)
      json(
        res,
        200,
        {
          Id: img.id,
          RepoTags: [normaliseName(name)],
          Architecture: img.architecture ?? 'amd64',
          Os: img.os ?? 'linux'
        },
        version
      )
      return
    }
    if (req.method === 'GET' && path === '/images/get') {
      const names = url.searchParams.getAll('names')
      const missing = names.find((n) => !lookup(n))
      if (!names.length || missing !== undefined)
        return json(res, 404, { message: `No such image: ${missing ?? ''}` }, version)
      if (names.length > 1)
        return json(res, 501, { message: 'the fake engine saves one image at a time' }, version)
      const img = lookup(names[0]!)!
      void stat(img.archive).then((st) => {
        res.writeHead(200, { 'content-type': 'application/x-tar', 'api-version': version })
        let sent = 0
        const limit = opts.cutSaveAfterBytes
        const stream = createReadStream(img.archive, { highWaterMark: 16384 })
        stream.on('data', (chunk) => {
          const c = chunk as Buffer
          if (limit !== undefined && sent + c.length > limit) {
            res.write(c.subarray(0, limit - sent))
            stream.destroy()
            res.socket?.destroy()
            return
          }
          sent += c.length
          if (!res.write(c)) {
            stream.pause()
            res.once('drain', () => stream.resume())
          }
        })
        stream.on('end', () => res.end())
        void st
      })
      return
    }
    json(res, 404, { message: `page not found: ${req.method} ${url.pathname}` }, version)
  })
  const socket = join(dir, 'engine.sock')
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socket, resolve)
  })
  return {
    host: `unix://${socket}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
