import { execFileSync } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import {
  ContentStore,
  RegistryClient,
  dockerCredentials,
  pullToStore,
  resolveImage
} from '../../src/oci/index.js'
import { describeError } from '../../src/util/errors.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { basicAuth, makeImage, Pusher, type TestImage } from './fixtures.js'
import { startFaultProxy, type FaultProxy } from './fault-proxy.js'

const USER = 'bob'
const PASSWORD = 'fault-Pr0xy-secret'

describeWithTools(
  ['docker-registry', 'htpasswd'],
  'registry faults through an injecting proxy',
  () => {
    let dir: string
    let reg: RunningRegistry
    let proxy: FaultProxy
    let img: TestImage
    let img2: TestImage
    let n = 0
    const logs: string[] = []

    beforeAll(async () => {
      dir = await tempDir('oci-faults-')
      await writeFile(
        join(dir, 'htpasswd'),
        execFileSync('htpasswd', ['-Bbn', USER, PASSWORD], { encoding: 'utf8' })
      )
      reg = await startRegistry(dir, {
        auth: `  htpasswd:\n    realm: test-realm\n    path: ${join(dir, 'htpasswd')}\n`
      })
      proxy = await startFaultProxy(reg.url, basicAuth(USER, PASSWORD))
      img = await makeImage({ layerSizes: [200_000, 50_000] })
      // a second image sharing img's first layer
      img2 = { ...(await makeImage({ layerSizes: [10_000], seed: 'b' })) }
      const push = new Pusher(reg.url, async () => basicAuth(USER, PASSWORD))
      await push.image('app/one', 'v1', img)
      const shared = await makeImage({ layerSizes: [1_000], seed: 'c' })
      img2 = {
        ...shared,
        layers: [img.layers[0]!, ...shared.layers]
      }
      const config = Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          rootfs: { type: 'layers', diff_ids: img2.layers.map((l) => l.diffId) }
        })
      )
      const { createHash } = await import('node:crypto')
      const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`
      img2.config = {
        digest: sha(config),
        bytes: config,
        mediaType: 'application/vnd.oci.image.config.v1+json'
      }
      img2.manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: img2.config.mediaType,
            digest: img2.config.digest,
            size: config.length
          },
          layers: img2.layers.map((l) => ({
            mediaType: l.mediaType,
            digest: l.digest,
            size: l.bytes.length
          }))
        })
      )
      img2.manifestDigest = sha(img2.manifest)
      await push.image('app/two', 'v1', img2)
    })
    afterAll(async () => {
      await proxy?.stop()
      await reg?.stop()
    })
    beforeEach(() => {
      proxy.clear()
      proxy.seen.length = 0
      proxy.storageSeen.length = 0
    })

    const setup = () => {
      const log = new MemoryLogger()
      const client = new RegistryClient({
        log,
        retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 3000 },
        credentials: dockerCredentials({
          explicit: { [proxy.host]: { username: USER, password: PASSWORD } },
          env: { DOCKER_CONFIG: '/none' }
        })
      })
      const storeDir = join(dir, `store-${n++}`)
      return { log, client, storeDir, opts: { storeDir, log, client } }
    }
    const blobPath = (d: string) => new RegExp(`/blobs/${d}$`)
    const done = async (s: ReturnType<typeof setup>) => {
      logs.push(s.log.text())
      await s.client.close()
    }
    async function expectStoreClean(storeDir: string): Promise<void> {
      // every stored blob hashes to its name
      const st = await ContentStore.open(storeDir)
      const r = await st.verifyAll()
      expect(r.dropped).toBe(0)
    }

    it('500s and 429 with Retry-After are retried with backoff and end in the right bytes', async () => {
      const s = setup()
      const layer = img.layers[0]!
      proxy.add(/\/manifests\/v1$/, { kind: 'status', status: 500 })
      proxy.add(
        blobPath(layer.digest),
        { kind: 'status', status: 503 },
        { kind: 'status', status: 429, headers: { 'retry-after': '1' } }
      )
      const t0 = Date.now()
      const p = await pullToStore(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts)
      expect(Date.now() - t0).toBeGreaterThanOrEqual(950)
      expect(await readFile(p.layerBlobPaths[0]!)).toEqual(layer.bytes)
      expect(s.log.text()).toMatch(/retrying manifest v1 .* answered 500/)
      expect(s.log.text()).toMatch(/retrying layer blob .* in 1000 ms .* answered 429/)
      await expectStoreClean(s.storeDir)
      await done(s)
    })

    it('a connection cut mid-blob resumes with Range from where it stopped', async () => {
      const s = setup()
      const layer = img.layers[0]!
      proxy.add(blobPath(layer.digest), { kind: 'cut', afterBytes: 70_000 })
      const p = await pullToStore(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts)
      expect(await readFile(p.layerBlobPaths[0]!)).toEqual(layer.bytes)
      const gets = proxy.seen.filter((r) => r.path.endsWith(layer.digest))
      expect(gets.length).toBe(2)
      expect(gets[1]!.range).toMatch(/^bytes=\d+-$/)
      expect(Number(/=(\d+)-/.exec(gets[1]!.range!)![1])).toBeGreaterThan(0)
      expect(s.log.text()).toMatch(
        /retrying layer blob .*(connection closed after|bytes arrived, then)/
      )
      await expectStoreClean(s.storeDir)
      await done(s)
    })

    it('a server that ignores Range (200 instead of 206) gets the blob taken from byte 0, still right', async () => {
      const s = setup()
      const layer = img.layers[0]!
      proxy.add(
        blobPath(layer.digest),
        { kind: 'cut', afterBytes: 90_000 },
        { kind: 'ignore-range' }
      )
      const p = await pullToStore(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts)
      expect(await readFile(p.layerBlobPaths[0]!)).toEqual(layer.bytes)
      const gets = proxy.seen.filter((r) => r.path.endsWith(layer.digest))
      // the cut request, then the resumed one whose Range the proxy dropped (200, whole blob)
      expect(gets.map((g) => g.range === undefined)).toEqual([true, false])
      await expectStoreClean(s.storeDir)
      await done(s)
    })

    it('wrong bytes once are retried; wrong bytes always end in a clear error and no store entry', async () => {
      const s = setup()
      const layer = img.layers[1]!
      proxy.add(blobPath(layer.digest), { kind: 'corrupt' })
      const p = await pullToStore(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts)
      expect(await readFile(p.layerBlobPaths[1]!)).toEqual(layer.bytes)
      await done(s)

      const s2 = setup()
      proxy.add(
        blobPath(layer.digest),
        ...Array.from({ length: 10 }, () => ({ kind: 'corrupt' as const }))
      )
      const err = await pullToStore(`${proxy.host}/app/one:v1`, 'linux/amd64', s2.opts).catch(
        (e: unknown) => e
      )
      expect(describeError(err)).toMatch(
        new RegExp(
          `blob ${layer.digest} of ${proxy.host}/app/one: the registry sent bytes with digest sha256:`
        )
      )
      const store = await ContentStore.open(s2.storeDir)
      expect(await store.hasBlob({ digest: layer.digest })).toBe(false)
      expect(
        (await readdir(join(s2.storeDir, 'blobs', 'sha256'))).some((f) =>
          f.startsWith(layer.digest.slice(7))
        )
      ).toBe(false)
      await expectStoreClean(s2.storeDir)
      logs.push(describeError(err))
      await done(s2)
    })

    it('a manifest with wrong bytes is refused', async () => {
      const s = setup()
      proxy.add(
        new RegExp(`/manifests/${img.manifestDigest}$`),
        ...Array.from({ length: 5 }, () => ({ kind: 'corrupt' as const }))
      )
      const err = await resolveImage(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts).catch(
        (e: unknown) => e
      )
      expect(describeError(err)).toMatch(
        /manifest sha256:[a-f0-9]{64}: the registry sent bytes with digest/
      )
      await done(s)
    })

    it('a redirect to a second loopback host is followed without Authorization', async () => {
      const s = setup()
      const layer = img.layers[0]!
      proxy.add(blobPath(layer.digest), { kind: 'redirect' })
      const p = await pullToStore(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts)
      expect(await readFile(p.layerBlobPaths[0]!)).toEqual(layer.bytes)
      expect(proxy.storageSeen.length).toBe(1)
      expect(proxy.storageSeen[0]!.authorization).toBeUndefined()
      // the registry itself did get the credentials
      expect(proxy.seen.find((r) => r.path.endsWith(layer.digest))!.authorization).toBe(
        basicAuth(USER, PASSWORD)
      )
      // signed query strings are not logged
      expect(s.log.text()).not.toContain('X-Amz-Signature')
      await done(s)
    })

    it('401/403/404 are not retried and name the repository', async () => {
      const s = setup()
      proxy.add(/\/manifests\/v1$/, { kind: 'status', status: 403 })
      const err = await resolveImage(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts).catch(
        (e: unknown) => e
      )
      expect(describeError(err)).toContain(`${proxy.host}/app/one: access to manifest v1 denied`)
      expect(proxy.seen.filter((r) => r.path.endsWith('/manifests/v1')).length).toBe(1)
      expect(s.log.text()).not.toContain('retrying')
      await done(s)
    })

    it('429 that never ends gives up after the bounded attempts with a rate-limit hint', async () => {
      const s = setup()
      proxy.add(
        /\/manifests\/v1$/,
        ...Array.from({ length: 6 }, () => ({
          kind: 'status' as const,
          status: 429,
          headers: { 'retry-after': '0' }
        }))
      )
      const err = await resolveImage(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts).catch(
        (e: unknown) => e
      )
      expect(describeError(err)).toMatch(/keeps answering 429 .*rate limit/)
      expect(proxy.seen.filter((r) => r.path.endsWith('/manifests/v1')).length).toBe(4)
      await done(s)
    })

    it('images sharing a layer pulled at once download it once', async () => {
      const s = setup()
      const [a, b] = await Promise.all([
        pullToStore(`${proxy.host}/app/one:v1`, 'linux/amd64', s.opts),
        pullToStore(`${proxy.host}/app/two:v1`, 'linux/amd64', s.opts)
      ])
      expect(a.layerBlobPaths[0]).toBe(b.layerBlobPaths[0])
      const shared = img.layers[0]!.digest
      expect(proxy.seen.filter((r) => r.method === 'GET' && r.path.endsWith(shared)).length).toBe(1)
      await done(s)
    })

    it('no password appears in logs or errors', () => {
      const all = logs.join('\n')
      expect(all.length).toBeGreaterThan(200)
      expect(all).not.toContain(PASSWORD)
      expect(all).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'))
    })
  }
)
