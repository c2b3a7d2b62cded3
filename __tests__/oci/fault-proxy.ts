import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'corrupt' }
  | { kind: 'redirect' }
  /** Forward without the client's Range header: the registry answers 200 with the whole blob. */
  | { kind: 'ignore-range' }
  /** Answer `status` with a body that echoes the request's Authorization header (a chatty proxy). */
  | { kind: 'echo-auth'; status: number }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Send the headers and the first `afterBytes` body bytes, then nothing more. */
  | { kind: 'stall'; afterBytes: number }

export interface SeenRequest {
  method: string
  path: string
  range?: string
  authorization?: string
}

export interface FaultProxy {
  host: string
  url: string
  /** Faults applied, in order, to requests whose path matches `match`. */
  add(match: RegExp, ...faults: Fault[]): void
  clear(): void
  seen: SeenRequest[]
  /** Requests that reached the storage host after a redirect. */
  storageSeen: SeenRequest[]
  stop(): Promise<void>
}

/**
 * A loopback proxy in front of the real registry that injects faults on
 * chosen paths: error statuses (with headers such as Retry-After), a body cut
 * after N bytes, a flipped byte, or a 307 to a second loopback "storage" host
 * that records whether it was sent an Authorization header. The storage host
 * fetches from the registry with `storageAuth`, as signed URLs would allow.
 */
export async function startFaultProxy(upstream: string, storageAuth?: string): Promise<FaultProxy> {
  const rules: { match: RegExp; faults: Fault[] }[] = []
  const seen: SeenRequest[] = []
  const storageSeen: SeenRequest[] = []

  const forward = async (
    req: http.IncomingMessage,
    headers: Record<string, string>
  ): Promise<Response> => {
    return fetch(`${upstream}${req.url}`, { method: req.method, headers, redirect: 'manual' })
  }
  const headersOf = (req: http.IncomingMessage): Record<string, string> => {
    const h: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && k !== 'host' && k !== 'connection') h[k] = v
    }
    return h
  }
  const relay = async (res: http.ServerResponse, up: Response, fault?: Fault): Promise<void> => {
    const h: Record<string, string> = {}
    up.headers.forEach((v, k) => {
      if (k !== 'transfer-encoding' && k !== 'connection' && k !== 'content-encoding') h[k] = v
    })
    const body = Buffer.from(await up.arrayBuffer())
    if (fault?.kind === 'corrupt' && body.length > 0)
      body[Math.floor(body.length / 2)] = body[Math.floor(body.length / 2)]! ^ 0xff
    res.writeHead(up.status, h)
    if (fault?.kind === 'stall') {
      res.write(body.subarray(0, fault.afterBytes))
      return
    }
    if (fault?.kind === 'cut') {
      res.write(body.subarray(0, fault.afterBytes))
      setTimeout(() => res.socket?.destroy(), 20)
      return
    }
    res.end(body)
  }

  const storage = http.createServer((req, res) => {
    storageSeen.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization
    })
    const path = (req.url ?? '').replace(/\?.*$/, '').replace(/^\/storage/, '')
    void fetch(`${upstream}${path}`, {
      headers: storageAuth ? { authorization: storageAuth } : {}
    }).then((up) => relay(res, up))
  })
  await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r))
  const storagePort = (storage.address() as AddressInfo).port

  const server = http.createServer((req, res) => {
    const path = req.url ?? ''
    seen.push({
      method: req.method ?? '',
      path,
      range: req.headers.range,
      authorization: req.headers.authorization
    })
    const rule = rules.find((r) => r.match.test(path) && r.faults.length > 0)
    const fault = rule?.faults.shift()
    void (async () => {
      if (fault?.kind === 'status') {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
        res.end(
          JSON.stringify({ errors: [{ code: 'INJECTED', message: `injected ${fault.status}` }] })
        )
        return
      }
      if (fault?.kind === 'echo-auth') {
        res.writeHead(fault.status, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            errors: [
              {
                code: 'BAD_REQUEST',
                message: `bad request with Authorization: ${req.headers.authorization ?? ''}`
              }
            ]
          })
        )
        return
      }
      if (fault?.kind === 'hang') return
      if (fault?.kind === 'redirect') {
        res.writeHead(307, {
          location: `http://127.0.0.1:${storagePort}/storage${path}?X-Amz-Signature=abc`
        })
        res.end()
        return
      }
      const headers = headersOf(req)
      if (fault?.kind === 'ignore-range') delete headers.range
      await relay(res, await forward(req, headers), fault)
    })().catch(() => res.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    add: (match, ...faults) => rules.push({ match, faults }),
    clear: () => (rules.length = 0),
    seen,
    storageSeen,
    stop: async () => {
      server.closeAllConnections()
      storage.closeAllConnections()
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => storage.close(r))])
    }
  }
}
