import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { RegistryClient } from '../../src/oci/registry-client.js'
import { Transport, discard } from '../../src/oci/transport.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { selfSignedCert } from './certs.js'

describeWithTools(['openssl'], 'transport: redirects by hand', () => {
  const seen: { port: number; path: string; auth?: string }[] = []
  let a: http.Server
  let b: http.Server
  let tls: https.Server
  let pa = 0
  let pb = 0
  let pt = 0
  const t = new Transport({ insecureTls: true })

  beforeAll(async () => {
    const dir = await tempDir('oci-transport-')
    selfSignedCert(join(dir, 'k.pem'), join(dir, 'c.pem'), 'localhost')
    const handler =
      (port: () => number) => (req: http.IncomingMessage, res: http.ServerResponse) => {
        seen.push({ port: port(), path: req.url ?? '', auth: req.headers.authorization })
        const u = req.url ?? ''
        if (u === '/relative') res.writeHead(307, { location: '/final' }).end()
        else if (u === '/cross')
          res.writeHead(307, { location: `http://127.0.0.1:${pb}/final` }).end()
        else if (u === '/down')
          res.writeHead(302, { location: `http://127.0.0.1:${pa}/final` }).end()
        else if (u.startsWith('/loop'))
          res.writeHead(307, { location: `/loop${Number(u.slice(5) || 0) + 1}` }).end()
        else res.writeHead(200).end('ok')
      }
    a = http.createServer(handler(() => pa))
    b = http.createServer(handler(() => pb))
    tls = https.createServer(
      { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) },
      handler(() => pt)
    )
    for (const s of [a, b, tls]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
    pa = (a.address() as AddressInfo).port
    pb = (b.address() as AddressInfo).port
    pt = (tls.address() as AddressInfo).port
  })
  afterAll(async () => {
    await t.close()
    for (const s of [a, b, tls]) s.close()
  })

  it('resolves a relative Location and keeps Authorization on the same origin', async () => {
    seen.length = 0
    const res = await t.send('GET', `http://127.0.0.1:${pa}/relative`, {
      authorization: 'Bearer x'
    })
    expect(await discard(res)).toBe('ok')
    expect(res.url).toBe(`http://127.0.0.1:${pa}/final`)
    expect(seen.map((s) => s.auth)).toEqual(['Bearer x', 'Bearer x'])
  })

  it('drops Authorization when the origin changes (another port counts)', async () => {
    seen.length = 0
    const res = await t.send('GET', `http://127.0.0.1:${pa}/cross`, { Authorization: 'Bearer x' })
    await discard(res)
    expect(seen).toEqual([
      { port: pa, path: '/cross', auth: 'Bearer x' },
      { port: pb, path: '/final', auth: undefined }
    ])
  })

  it('refuses an https → http downgrade and endless redirects', async () => {
    await expect(t.send('GET', `https://127.0.0.1:${pt}/down`)).rejects.toThrow(
      /from https to http: .*refusing the downgrade/
    )
    await expect(t.send('GET', `http://127.0.0.1:${pa}/loop0`)).rejects.toThrow(
      /too many redirects/
    )
  })

  it('plain HTTP only for loopback or registries named insecure; Docker Hub goes to registry-1', () => {
    const c = new RegistryClient({ insecureRegistries: ['build.internal:5000'] })
    expect(c.baseUrl('build.internal:5000')).toBe('http://build.internal:5000')
    expect(c.baseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000')
    expect(c.baseUrl('ghcr.io')).toBe('https://ghcr.io')
    expect(c.baseUrl('docker.io')).toBe('https://registry-1.docker.io')
    expect(c.baseUrl('10.0.0.5:5000')).toBe('https://10.0.0.5:5000')
  })
})
