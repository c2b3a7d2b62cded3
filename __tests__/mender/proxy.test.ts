// Mender API traffic through a REAL proxy (Debian tinyproxy), chosen by the
// same HTTPS_PROXY / HTTP_PROXY / NO_PROXY rule as registry traffic
// (src/http/proxy.ts). Loopback always goes direct, so the fake Mender
// server listens on this machine's non-loopback address.
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeError } from '../../src/util/errors.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { basicAuth } from '../oci/fixtures.js'
import { startTinyproxy, type RunningProxy } from '../oci/tinyproxy.js'
import { closeAfterEach, connect, makeArtifact, startFake } from './helpers.js'

const PROXY_USER = 'puser'
const PROXY_PASSWORD = 'proxy-Secret-7d2e90'
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY']

const ip = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address

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
  describe('Mender traffic through a proxy', () => {
    it.skip('needs a non-loopback IPv4 address (loopback never uses a proxy)', () => {})
  })
} else {
  describeWithTools(
    ['tinyproxy', 'mender-artifact'],
    'Mender traffic through a real proxy (tinyproxy)',
    () => {
      closeAfterEach()
      let dir: string
      let proxy: RunningProxy
      let authProxy: RunningProxy
      beforeAll(async () => {
        dir = await tempDir('mender-proxy-')
        proxy = await startTinyproxy(dir)
        authProxy = await startTinyproxy(dir, {
          basicAuth: { user: PROXY_USER, password: PROXY_PASSWORD }
        })
      }, 30_000)
      afterAll(async () => {
        await proxy?.stop()
        await authProxy?.stop()
      })

      async function server() {
        const { dir: d, fake } = await startFake({ host: ip })
        fake.addDevice({ id: 'dev-a', status: 'accepted', group: 'field' })
        return { fake, artifact: await makeArtifact(d, { name: 'app-1' }) }
      }

      it('HTTP_PROXY / HTTPS_PROXY: upload and deploy go through the proxy, as registry pulls do', async () => {
        const { fake, artifact } = await server()
        const host = new URL(fake.url).host
        await withEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }, async () => {
          const { client, log } = await connect(fake)
          expect((await client.uploadArtifact(artifact)).outcome).toBe('uploaded')
          await client.createDeployment({ artifactName: 'app-1', target: { group: 'field' } })
          expect(log.text()).toContain(`reaching ${fake.url} through ${proxy.url}`)
        })
        expect(fake.deployments).toHaveLength(1)
        expect(proxy.sent().toString('latin1')).toContain(`CONNECT ${host} HTTP/1.1`)
        expect(await proxy.log()).toContain(`CONNECT ${host}`)
      })

      it('NO_PROXY exempts the server: nothing reaches the proxy', async () => {
        const { fake, artifact } = await server()
        const before = proxy.sent().length
        await withEnv({ HTTP_PROXY: proxy.url, NO_PROXY: ip }, async () => {
          const { client } = await connect(fake)
          await client.uploadArtifact(artifact)
        })
        expect(fake.uploads).toHaveLength(1)
        expect(proxy.sent().length).toBe(before)
      })

      it('a proxy that wants a login: 407 is one clear error; user:password in the proxy URL works and is never printed', async () => {
        const { fake, artifact } = await server()
        const port = new URL(authProxy.url).port
        const err = await withEnv({ HTTP_PROXY: authProxy.url }, async () => {
          const { client } = await connect(fake)
          return client.uploadArtifact(artifact)
        }).catch((e: unknown) => e)
        expect(describeError(err)).toMatch(
          new RegExp(
            `^the proxy http://127.0.0.1:${port} refused to forward GET ${fake.url}/api/management/.* \\(407 Proxy Authentication Required\\)`
          )
        )
        expect((err as { hint: string }).hint).toBe(
          'put the proxy user and password in HTTPS_PROXY (http://user:password@host:port), or exempt the host with NO_PROXY'
        )
        const withLogin = `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${port}`
        const logs = await withEnv({ HTTP_PROXY: withLogin }, async () => {
          const { client, log } = await connect(fake)
          expect((await client.uploadArtifact(artifact)).outcome).toBe('uploaded')
          return log.text()
        })
        expect(authProxy.sent().toString('latin1').toLowerCase()).toContain(
          `proxy-authorization: ${basicAuth(PROXY_USER, PROXY_PASSWORD)}`.toLowerCase()
        )
        expect(logs).toContain(`through http://127.0.0.1:${port}`)
        expect(`${logs}\n${describeError(err)}`).not.toContain(PROXY_PASSWORD)
      })
    }
  )
}
