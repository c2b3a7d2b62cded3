// Registry traffic through a REAL proxy (Debian tinyproxy) chosen by
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY. Loopback registries always go direct
// (as in GitHub's toolkit and Go), so the proxied registries listen on this
// machine's non-loopback address. A relay in front of tinyproxy records every
// byte sent to the proxy: registry credentials must never be among them.
import { execFileSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pullToStore, RegistryClient, type ImageOptions } from '../../src/oci/index.js'
import { describeError } from '../../src/util/errors.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { caSignedServerCert } from './certs.js'
import { basicAuth, makeImage, Pusher, type TestImage } from './fixtures.js'
import { startTinyproxy, type RunningProxy } from './tinyproxy.js'

const USER = 'proxyuser'
const PASSWORD = 'reg-Secret-9f3a71'
const PROXY_USER = 'puser'
const PROXY_PASSWORD = 'proxy-Secret-55c1'
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY']

const ip = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address

/** Runs `fn` with exactly these proxy variables set (both cases of every other one cleared). */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const names = PROXY_VARS.flatMap((v) => [v, v.toLowerCase()])
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]))
  for (const n of names) delete process.env[n]
  Object.assign(process.env, vars)
  try {
    return await fn()
  } finally {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n]
      else process.env[n] = saved[n]
    }
  }
}

if (!ip) {
  describe('registry traffic through a proxy', () => {
    it.skip('needs a non-loopback IPv4 address (loopback registries never use a proxy)', () => {})
  })
} else {
  describeWithTools(
    ['docker-registry', 'tinyproxy', 'htpasswd', 'openssl', 'skopeo'],
    'registry traffic through a real proxy (tinyproxy)',
    () => {
      let dir: string
      let tls: RunningRegistry
      let plain: RunningRegistry
      let loop: RunningRegistry
      let proxy: RunningProxy
      let authProxy: RunningProxy
      let caPem: string
      let img: TestImage
      const logs: MemoryLogger[] = []
      const opts = (name: string, extra: ImageOptions = {}): ImageOptions => {
        const log = new MemoryLogger()
        logs.push(log)
        return { storeDir: join(dir, name), log, env: { DOCKER_CONFIG: '/none' }, ...extra }
      }

      beforeAll(async () => {
        dir = await tempDir('oci-proxy-')
        const certs = await caSignedServerCert(dir, ip)
        caPem = certs.caPem
        const htpasswd = execFileSync('htpasswd', ['-Bbn', USER, PASSWORD], { encoding: 'utf8' })
        await writeFile(join(dir, 'htpasswd'), htpasswd)
        tls = await startRegistry(dir, {
          bindHost: ip,
          tls: { certificate: certs.cert, key: certs.key },
          auth: `  htpasswd:\n    realm: test-realm\n    path: ${join(dir, 'htpasswd')}\n`
        })
        plain = await startRegistry(dir, { bindHost: ip })
        loop = await startRegistry(dir)
        img = await makeImage({ layerSizes: [40_000, 3_000] })
        await new Pusher(plain.url).image('app/one', 'v1', img)
        await new Pusher(loop.url).image('app/one', 'v1', img)
        // the TLS registry gets the same image from skopeo (trusting the test CA)
        const certDir = join(dir, 'skopeo-certs')
        await mkdir(certDir)
        await writeFile(join(certDir, 'ca.crt'), caPem)
        execFileSync(
          'skopeo',
          [
            'copy',
            '--quiet',
            '--src-tls-verify=false',
            '--dest-cert-dir',
            certDir,
            '--dest-creds',
            `${USER}:${PASSWORD}`,
            `docker://${plain.host}/app/one:v1`,
            `docker://${tls.host}/app/one:v1`
          ],
          { stdio: 'pipe', env: { ...process.env, HTTP_PROXY: '', HTTPS_PROXY: '' } }
        )
        proxy = await startTinyproxy(dir)
        authProxy = await startTinyproxy(dir, {
          basicAuth: { user: PROXY_USER, password: PROXY_PASSWORD }
        })
      })

      afterAll(async () => {
        await proxy?.stop()
        await authProxy?.stop()
        await Promise.all([tls?.stop(), plain?.stop(), loop?.stop()])
      })

      const layerOk = async (p: { layerBlobPaths: string[] }): Promise<void> => {
        expect(await readFile(p.layerBlobPaths[0]!)).toEqual(img.layers[0]!.bytes)
      }

      it('https_proxy: an https registry is reached through a CONNECT tunnel; the login never reaches the proxy', async () => {
        const p = await withEnv({ https_proxy: proxy.url, no_proxy: '' }, () =>
          pullToStore(
            `${tls.host}/app/one:v1`,
            'linux/amd64',
            opts('s1', {
              ca: caPem,
              credentials: { [tls.host]: { username: USER, password: PASSWORD } }
            })
          )
        )
        await layerOk(p)
        expect(await proxy.log()).toContain(`CONNECT ${tls.host} HTTP/1.1`)
        const sent = proxy.sent().toString('latin1')
        expect(sent).toContain(`CONNECT ${tls.host} HTTP/1.1`)
        // inside the tunnel everything is TLS: no credential in any form crosses the proxy
        expect(sent).not.toContain(PASSWORD)
        expect(sent).not.toContain(basicAuth(USER, PASSWORD).slice(6))
        expect(sent.toLowerCase()).not.toContain('authorization:')
      })

      it('HTTP_PROXY: a plain-http registry (named insecure) is forwarded by the proxy', async () => {
        const p = await withEnv({ HTTP_PROXY: proxy.url }, () =>
          pullToStore(
            `${plain.host}/app/one:v1`,
            'linux/amd64',
            opts('s2', { insecureRegistries: [plain.host] })
          )
        )
        await layerOk(p)
        const log = await proxy.log()
        expect(log).toContain(`GET http://${plain.host}/v2/`)
        expect(log).toContain(`GET http://${plain.host}/v2/app/one/blobs/${img.layers[0]!.digest}`)
      })

      it('NO_PROXY exempts a host, and loopback registries always go direct', async () => {
        const before = proxy.sent().length
        const a = await withEnv(
          { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: ip },
          () =>
            pullToStore(
              `${plain.host}/app/one:v1`,
              'linux/amd64',
              opts('s3', { insecureRegistries: [plain.host] })
            )
        )
        await layerOk(a)
        const b = await withEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }, () =>
          pullToStore(`${loop.host}/app/one:v1`, 'linux/amd64', opts('s4'))
        )
        await layerOk(b)
        expect(proxy.sent().length).toBe(before)
      })

      it('a proxy that is down: the error names the proxy, not only the registry', async () => {
        const client = new RegistryClient({ retry: { attempts: 1 }, ca: caPem })
        const err = await withEnv({ HTTPS_PROXY: 'http://127.0.0.1:9' }, () =>
          pullToStore(`${tls.host}/app/one:v1`, 'linux/amd64', opts('s7', { client }))
        ).catch((e: unknown) => e)
        await client.close()
        expect(describeError(err)).toMatch(
          new RegExp(
            `cannot reach the registry ${tls.host} .*ECONNREFUSED.*through the proxy http://127.0.0.1:9`
          )
        )
      })

      it('a proxy that wants a login: 407 is a clear error; user:password in HTTPS_PROXY works and is never printed', async () => {
        const port = new URL(authProxy.url).port
        const registryLogin = {
          ca: caPem,
          credentials: { [tls.host]: { username: USER, password: PASSWORD } }
        }
        const err = await withEnv({ HTTPS_PROXY: authProxy.url }, () =>
          pullToStore(`${tls.host}/app/one:v1`, 'linux/amd64', opts('s5', registryLogin))
        ).catch((e: unknown) => e)
        expect(describeError(err)).toMatch(
          new RegExp(
            `the proxy http://127.0.0.1:${port} refused to forward .*407 Proxy Authentication Required`
          )
        )
        expect((err as { hint: string }).hint).toMatch(/HTTPS_PROXY/)
        const withLogin = `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${port}`
        const p = await withEnv({ HTTPS_PROXY: withLogin }, () =>
          pullToStore(`${tls.host}/app/one:v1`, 'linux/amd64', opts('s6', registryLogin))
        )
        await layerOk(p)
        // the proxy got its own login, and still never the registry's
        const sent = authProxy.sent().toString('latin1')
        expect(sent).toContain(`Proxy-Authorization: ${basicAuth(PROXY_USER, PROXY_PASSWORD)}`)
        expect(sent).not.toContain(PASSWORD)
        expect(sent).not.toContain(basicAuth(USER, PASSWORD).slice(6))
        // no password of either kind in our logs or errors
        const all = `${logs.map((l) => l.text()).join('\n')}\n${describeError(err)}`
        expect(all).toContain(`through http://127.0.0.1:${port}`)
        for (const secret of [PASSWORD, PROXY_PASSWORD]) expect(all).not.toContain(secret)
      })
    }
  )
}
