import { execFileSync } from 'node:child_process'
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildProgram } from '../../src/cli/program.js'
import { pullToStore, resolveImage } from '../../src/oci/index.js'
import { describeError } from '../../src/util/errors.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { basicAuth, makeImage, Pusher, type TestImage } from './fixtures.js'
import { startFaultProxy } from './fault-proxy.js'
import { REFRESH_TOKEN, startTokenServer, type TokenServer } from './token-server.js'

const USER = 'alice'
const PASSWORD = 'Zq9-pa55word-XyZ'

/** Every file under `dir`, read as text, for the credential grep. */
async function allText(dir: string): Promise<string> {
  let out = ''
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue
    const path = join(e.parentPath, e.name)
    if ((await stat(path)).size < 5_000_000) out += (await readFile(path)).toString('latin1')
  }
  return out
}

describeWithTools(
  ['docker-registry', 'htpasswd', 'openssl', 'skopeo'],
  'registry auth: htpasswd Basic and token',
  () => {
    let dir: string
    let basic: RunningRegistry
    let token: RunningRegistry
    let ts: TokenServer
    let img: TestImage
    const outputs: string[] = []
    const storeRoots: string[] = []

    beforeAll(async () => {
      dir = await tempDir('oci-auth-')
      const htpasswd = execFileSync('htpasswd', ['-Bbn', USER, PASSWORD], { encoding: 'utf8' })
      await writeFile(join(dir, 'htpasswd'), htpasswd)
      basic = await startRegistry(dir, {
        auth: `  htpasswd:\n    realm: test-realm\n    path: ${join(dir, 'htpasswd')}\n`
      })
      ts = await startTokenServer(dir, USER, PASSWORD)
      token = await startRegistry(dir, { auth: ts.authYaml('test-registry') })
      img = await makeImage({ layerSizes: [30_000, 2_000] })
      await new Pusher(basic.url, async () => basicAuth(USER, PASSWORD)).image(
        'private/app',
        'v1',
        img
      )
      const pushWithToken = new Pusher(
        token.url,
        async (repo) =>
          `Bearer ${await ts.issueFor(USER, PASSWORD, 'test-registry', [`repository:${repo}:pull,push`])}`
      )
      await pushWithToken.image('public/app', 'v1', img)
      await pushWithToken.image('private/app', 'v1', img)
    })
    afterAll(async () => {
      await basic?.stop()
      await token?.stop()
      await ts?.stop()
    })

    const dockerConfig = async (name: string, config: unknown): Promise<string> => {
      const d = join(dir, name)
      await mkdir(d, { recursive: true })
      await writeFile(join(d, 'config.json'), JSON.stringify(config))
      return d
    }
    const authEntry = { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') }
    const run = async <T>(
      name: string,
      env: Record<string, string>,
      fn: (o: { storeDir: string; log: MemoryLogger; env: NodeJS.ProcessEnv }) => Promise<T>
    ): Promise<T | unknown> => {
      const log = new MemoryLogger()
      const storeDir = join(dir, `store-${name}`)
      storeRoots.push(storeDir)
      try {
        return await fn({ storeDir, log, env })
      } catch (err) {
        outputs.push(describeError(err), String((err as Error).stack))
        return err
      } finally {
        outputs.push(log.text())
      }
    }

    it('htpasswd: anonymous is refused with a hint to log in; auths from DOCKER_CONFIG work', async () => {
      const anon = await run('b1', { DOCKER_CONFIG: join(dir, 'none') }, (o) =>
        resolveImage(`${basic.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((anon as Error).message).toContain(
        `${basic.host}/private/app: not authorized to pull manifest v1`
      )
      expect((anon as { hint?: string }).hint).toMatch(/log in/)
      const cfg = await dockerConfig('cfg-basic', { auths: { [basic.host]: authEntry } })
      const r = await run('b2', { DOCKER_CONFIG: cfg }, (o) =>
        pullToStore(`${basic.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((r as { resolved: { manifestDigest: string } }).resolved.manifestDigest).toBe(
        img.manifestDigest
      )
    })

    it('htpasswd: a legacy URL key matches by host name; a wrong password is a clear error', async () => {
      const cfg = await dockerConfig('cfg-url', {
        auths: { [`http://${basic.host}/v1/`]: authEntry }
      })
      const r = await run('b3', { DOCKER_CONFIG: cfg }, (o) =>
        resolveImage(`${basic.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((r as { manifestDigest: string }).manifestDigest).toBe(img.manifestDigest)
      const wrong = await dockerConfig('cfg-wrong', {
        auths: { [basic.host]: { auth: Buffer.from(`${USER}:nope`).toString('base64') } }
      })
      const e = await run('b4', { DOCKER_CONFIG: wrong }, (o) =>
        resolveImage(`${basic.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((e as Error).message).toContain('not authorized')
      expect((e as { hint?: string }).hint).toMatch(/credentials were refused/)
    })

    it('htpasswd: credentials from a credHelpers docker-credential-* program', async () => {
      const bin = join(dir, 'bin')
      await mkdir(bin, { recursive: true })
      const helper = join(bin, 'docker-credential-testhelper')
      await writeFile(
        helper,
        `#!/bin/sh\nread url\nif [ "$url" = "${basic.host}" ]; then printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$url"; else echo "credentials not found in native keychain"; exit 1; fi\n`
      )
      await chmod(helper, 0o755)
      process.env.PATH = `${bin}:${process.env.PATH}`
      const cfg = await dockerConfig('cfg-helper', { credHelpers: { [basic.host]: 'testhelper' } })
      const r = await run('b5', { DOCKER_CONFIG: cfg }, (o) =>
        resolveImage(`${basic.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((r as { manifestDigest: string }).manifestDigest).toBe(img.manifestDigest)
      // credsStore: the helper says "not found" for the token registry → anonymous → public works
      const cfg2 = await dockerConfig('cfg-store', { credsStore: 'testhelper' })
      const pub = await run('b6', { DOCKER_CONFIG: cfg2 }, (o) =>
        resolveImage(`${token.host}/public/app:v1`, 'linux/amd64', o)
      )
      expect((pub as { manifestDigest: string }).manifestDigest).toBe(img.manifestDigest)
    })

    it('token: anonymous pull of public/*; private needs a login and says so', async () => {
      const before = ts.requests.length
      const pub = await run('t1', { DOCKER_CONFIG: join(dir, 'none') }, (o) =>
        pullToStore(`${token.host}/public/app:v1`, 'linux/amd64', o)
      )
      expect((pub as { resolved: { manifestDigest: string } }).resolved.manifestDigest).toBe(
        img.manifestDigest
      )
      const mine = ts.requests.slice(before)
      expect(mine.every((r) => r.authorization === undefined)).toBe(true)
      // one token for the repository scope, reused for HEAD, GETs and every blob
      expect(mine.length).toBe(1)
      expect(mine[0]!.query).toContain('scope=repository%3Apublic%2Fapp%3Apull')
      const priv = await run('t2', { DOCKER_CONFIG: join(dir, 'none') }, (o) =>
        resolveImage(`${token.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((priv as Error).message).toContain(`${token.host}/private/app: not authorized`)
      expect((priv as { hint?: string }).hint).toMatch(/does not exist or needs a login/)
    })

    it('token: credentials go to the token server as Basic, and the token pulls private/*', async () => {
      const cfg = await dockerConfig('cfg-token', { auths: { [token.host]: authEntry } })
      const before = ts.requests.length
      const r = await run('t3', { DOCKER_CONFIG: cfg }, (o) =>
        pullToStore(`${token.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((r as { resolved: { manifestDigest: string } }).resolved.manifestDigest).toBe(
        img.manifestDigest
      )
      const mine = ts.requests.slice(before)
      expect(mine.length).toBe(1)
      expect(mine[0]!.authorization).toBe(basicAuth(USER, PASSWORD))
      const bad = await dockerConfig('cfg-token-bad', {
        auths: { [token.host]: { auth: Buffer.from(`${USER}:wrong`).toString('base64') } }
      })
      const e = await run('t4', { DOCKER_CONFIG: bad }, (o) =>
        resolveImage(`${token.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((e as Error).message).toMatch(/token server of .* refused the credentials \(401\)/)
    })

    it('token: an identity token from the Docker config uses the OAuth2 refresh-token POST', async () => {
      const cfg = await dockerConfig('cfg-identity', {
        auths: {
          [token.host]: {
            auth: Buffer.from(`${USER}:`).toString('base64'),
            identitytoken: REFRESH_TOKEN
          }
        }
      })
      const before = ts.requests.length
      const r = await run('t5', { DOCKER_CONFIG: cfg }, (o) =>
        resolveImage(`${token.host}/private/app:v1`, 'linux/amd64', o)
      )
      expect((r as { manifestDigest: string }).manifestDigest).toBe(img.manifestDigest)
      expect(ts.requests.slice(before).map((q) => q.query)).toEqual(['POST refresh_token'])
    })

    it('token: a 401 with a fresh Bearer challenge gets one new token and one retry, no more', async () => {
      const proxy = await startFaultProxy(token.url)
      const challenge = {
        kind: 'status' as const,
        status: 401,
        headers: {
          'www-authenticate': `Bearer realm="${ts.url}",service="test-registry",scope="repository:public/app:pull",error="invalid_token"`
        }
      }
      try {
        proxy.add(/\/manifests\/v1$/, challenge)
        const before = ts.requests.length
        const ok = await run('t6', { DOCKER_CONFIG: join(dir, 'none') }, (o) =>
          resolveImage(`${proxy.host}/public/app:v1`, 'linux/amd64', o)
        )
        expect((ok as { manifestDigest: string }).manifestDigest).toBe(img.manifestDigest)
        expect(ts.requests.length - before).toBe(2)
        const seenBefore = proxy.seen.filter((q) => q.path.endsWith('/manifests/v1')).length
        proxy.add(/\/manifests\/v1$/, challenge, challenge, challenge)
        const err = await run('t7', { DOCKER_CONFIG: join(dir, 'none') }, (o) =>
          resolveImage(`${proxy.host}/public/app:v1`, 'linux/amd64', o)
        )
        expect((err as Error).message).toContain(
          `${proxy.host}/public/app: not authorized to pull manifest v1`
        )
        // the first try and exactly one retry with a fresh token
        expect(proxy.seen.filter((q) => q.path.endsWith('/manifests/v1')).length - seenBefore).toBe(
          2
        )
      } finally {
        await proxy.stop()
      }
    })

    it('CLI image resolve --json and image pull with a login, through the command front', async () => {
      const cfg = await dockerConfig('cfg-cli', { auths: { [token.host]: authEntry } })
      process.env.DOCKER_CONFIG = cfg
      const stdout: string[] = []
      const log = new MemoryLogger()
      const program = await buildProgram({
        log,
        stdout: (s) => stdout.push(s),
        verbose: () => true
      })
      const store = join(dir, 'store-cli')
      storeRoots.push(store)
      await program.parseAsync(
        [
          'image',
          'resolve',
          `${token.host}/private/app:v1`,
          '--platform',
          'linux/amd64',
          '--json',
          '--store',
          store
        ],
        { from: 'user' }
      )
      const json = JSON.parse(stdout.join('')) as {
        manifestDigest: string
        indexDigest: null
        layers: { digest: string; diffId: string }[]
      }
      expect(json.manifestDigest).toBe(img.manifestDigest)
      expect(json.indexDigest).toBeNull()
      expect(json.layers.map((l) => l.diffId)).toEqual(img.layers.map((l) => l.diffId))
      stdout.length = 0
      const out = join(dir, 'cli-oci')
      await (
        await buildProgram({ log, stdout: (s) => stdout.push(s), verbose: () => true })
      ).parseAsync(
        [
          'image',
          'pull',
          `${token.host}/private/app:v1`,
          '--platform',
          'linux/amd64',
          '--store',
          store,
          '--output',
          out
        ],
        { from: 'user' }
      )
      expect(stdout.join('').trim()).toBe(img.manifestDigest)
      const inspect = JSON.parse(
        execFileSync('skopeo', ['inspect', `oci:${out}:v1`], { encoding: 'utf8' })
      ) as { Digest: string }
      expect(inspect.Digest).toBe(img.manifestDigest)
      outputs.push(log.text(), stdout.join(''))
      delete process.env.DOCKER_CONFIG
    })

    it('no password or token appears in any log, error, output or store file', async () => {
      expect(ts.issued.length).toBeGreaterThan(2)
      const haystack =
        outputs.join('\n') +
        (await Promise.all(storeRoots.map((d) => allText(d).catch(() => '')))).join('\n')
      expect(haystack.length).toBeGreaterThan(1000)
      expect(haystack).not.toContain(PASSWORD)
      expect(haystack).not.toContain(REFRESH_TOKEN)
      expect(haystack).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'))
      for (const t of ts.issued) {
        expect(haystack).not.toContain(t)
        expect(haystack).not.toContain(t.split('.')[2]!)
      }
    })
  }
)
