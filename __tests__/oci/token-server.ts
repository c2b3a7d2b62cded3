import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { selfSignedCert } from './certs.js'

/** The identity (refresh) token the server accepts on its OAuth2 POST. */
export const REFRESH_TOKEN = 'test-refresh-token-9f8e7d'

export interface TokenServer {
  url: string
  certPath: string
  /** Every Authorization header and query the server received. */
  requests: { authorization?: string; query: string }[]
  /** Every token issued, to grep outputs for. */
  issued: string[]
  /** Registry auth YAML (under `auth:`) for startRegistry. */
  authYaml(service: string): string
  issueFor(user: string, pass: string, service: string, scopes: string[]): Promise<string>
  stop(): Promise<void>
}

/**
 * The spec §3.2 test token server: RS256 JWTs with an x5c chain the registry
 * checks against rootcertbundle. Anonymous callers get pull on public/* only;
 * the one user gets what it asks for; a wrong password gets 401.
 */
export async function startTokenServer(
  dir: string,
  user: string,
  password: string,
  lifetimeS = 300
): Promise<TokenServer> {
  const keyPath = join(dir, 'token.key')
  const certPath = join(dir, 'token.crt')
  selfSignedCert(keyPath, certPath, 'test-token-issuer')
  const key = createPrivateKey(readFileSync(keyPath))
  const certDer = new X509Certificate(readFileSync(certPath)).raw
  const b64u = (b: string | Buffer): string => Buffer.from(b).toString('base64url')
  const requests: TokenServer['requests'] = []
  const issued: string[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => answer(req, res, body))
  })
  /**
   * GET with optional Basic auth (token.md), or the OAuth2 POST form
   * (oauth.md) with grant_type=refresh_token and the known REFRESH_TOKEN.
   */
  const answer = (req: http.IncomingMessage, res: http.ServerResponse, body: string): void => {
    const u = new URL(req.url ?? '/', 'http://x')
    let sub = ''
    if (req.method === 'POST') {
      const form = new URLSearchParams(body)
      requests.push({
        authorization: req.headers.authorization,
        query: `POST ${form.get('grant_type')}`
      })
      if (
        form.get('grant_type') !== 'refresh_token' ||
        form.get('refresh_token') !== REFRESH_TOKEN
      ) {
        res.writeHead(401)
        res.end('{}')
        return
      }
      sub = user
      u.searchParams.set('service', form.get('service') ?? '')
      for (const sc of (form.get('scope') ?? '').split(' ')) u.searchParams.append('scope', sc)
    } else {
      requests.push({ authorization: req.headers.authorization, query: u.search })
    }
    const h = req.headers.authorization
    if (h?.startsWith('Basic ')) {
      const text = Buffer.from(h.slice(6), 'base64').toString()
      const i = text.indexOf(':')
      if (!(text.slice(0, i) === user && text.slice(i + 1) === password)) {
        res.writeHead(401)
        res.end('{}')
        return
      }
      sub = user
    }
    const access = []
    for (const s of u.searchParams.getAll('scope').flatMap((v) => v.split(' '))) {
      const m = /^([a-z0-9]+(?:\([a-z0-9]+\))?):(.+):([a-z*,]*)$/.exec(s)
      if (!m) continue
      const want = m[3]!.split(',')
      access.push({
        type: m[1],
        name: m[2],
        actions: sub ? want : m[2]!.startsWith('public/') ? want.filter((a) => a === 'pull') : []
      })
    }
    const now = Math.floor(Date.now() / 1000)
    const input =
      `${b64u(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [certDer.toString('base64')] }))}.` +
      b64u(
        JSON.stringify({
          iss: 'test-issuer',
          sub,
          aud: u.searchParams.get('service'),
          exp: now + lifetimeS,
          nbf: now - 5,
          iat: now,
          jti: randomUUID(),
          access
        })
      )
    const token = `${input}.${b64u(sign('RSA-SHA256', Buffer.from(input), key))}`
    issued.push(token)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        token,
        access_token: token,
        expires_in: lifetimeS,
        issued_at: new Date(now * 1000).toISOString()
      })
    )
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`
  return {
    url,
    certPath,
    requests,
    issued,
    authYaml: (service) =>
      `  token:\n    realm: ${url}\n    service: ${service}\n    issuer: test-issuer\n    rootcertbundle: ${certPath}\n`,
    issueFor: async (u, p, service, scopes) => {
      const q = new URL(url)
      q.searchParams.set('service', service)
      for (const s of scopes) q.searchParams.append('scope', s)
      const res = await fetch(q, {
        headers: { authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` }
      })
      return ((await res.json()) as { token: string }).token
    },
    stop: () => new Promise((r) => server.close(() => r()))
  }
}
