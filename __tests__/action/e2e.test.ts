import { mkdir, readFile } from 'node:fs/promises'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractPayloads, readArtifact } from '../../src/artifact/index.js'
import { Device } from '../device/device.js'
import { startFakeCacheService, type FakeCacheService } from '../fakes/actions-cache/server.js'
import { FAKE_TOKEN, startFakeGitHub, type FakeGitHub } from '../fakes/github-api/server.js'
import { startFakeMender, type FakeMender } from '../fakes/mender-server/index.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { pushShopImages } from '../pipeline/shop.js'
import { runnerJob } from './runner-job.js'

const run = promisify(execFile)

/**
 * The action as the runner runs it: dist/index.js then dist/post/index.js,
 * INPUT_* variables, GITHUB_OUTPUT/STATE/STEP_SUMMARY files, a real-shaped
 * push event; the real registry on loopback holding the example app's
 * images, the fake GitHub API (the checkout has no history, so the previous
 * compose file comes through the contents API), the fake Mender server and
 * the fake actions cache service. Release v1, then v2, then v2 again; the
 * device simulator installs v1, then v2 over it.
 *
 * It runs the committed bundle; CI rebuilds dist/ and fails on any
 * difference, so this tests the shipped code.
 */
const PAT = 'mender-pat-e2e-secret-0123456789'
const SHA = { v1: '1'.repeat(40), v2: '2'.repeat(40) } as const
const ZERO = '0'.repeat(40)

describeWithTools(
  ['skopeo', 'docker-registry', 'mender-artifact', 'xdelta3'],
  'action end to end',
  () => {
    describe('dist as the runner runs it', () => {
      let root: string
      let registry: RunningRegistry
      let cache: FakeCacheService
      let github: FakeGitHub
      let mender: FakeMender
      const compose: Record<'v1' | 'v2', string> = { v1: '', v2: '' }

      beforeAll(async () => {
        root = await tempDir()
        registry = await startRegistry(root)
        await pushShopImages(registry.host)
        cache = await startFakeCacheService()
        // The registry written out: the device simulator, like a device without the
        // build's environment, does not interpolate ${REGISTRY:-…}.
        for (const v of ['v1', 'v2'] as const)
          compose[v] = (await readFile(`examples/shop/${v}/compose.yaml`, 'utf8')).replace(
            /\$\{REGISTRY:-localhost:5000\}/g,
            registry.host
          )
        github = await startFakeGitHub([
          {
            owner: 'acme',
            name: 'shop',
            commits: [
              { sha: SHA.v1, parents: [], files: { 'compose.yaml': compose.v1 } },
              { sha: SHA.v2, parents: [SHA.v1], files: { 'compose.yaml': compose.v2 } }
            ],
            branches: { main: SHA.v2 }
          }
        ])
        await mkdir(join(root, 'mender'))
        mender = await startFakeMender({ workDir: join(root, 'mender'), pats: [PAT] })
        mender.addDevice({ id: 'pi-1', status: 'accepted', group: 'staging' })
      }, 180_000)
      afterAll(async () => {
        await registry?.stop()
        await cache?.stop()
        await github?.close()
        await mender?.close()
      })

      /** One job on a fresh runner: a checkout of the release (no history), main, then post. */
      async function job(name: string, release: 'v1' | 'v2', before: string) {
        const inputs = {
          'compose-file': 'compose.yaml',
          'application-name': 'shop',
          'device-types': 'raspberrypi4',
          platform: 'linux/arm64',
          'artifact-name': `shop-${release}`,
          'mender-server-url': mender.url,
          'mender-access-token': PAT,
          'deploy-group': 'staging',
          'github-token': FAKE_TOKEN,
          cache: 'true',
          'log-level': 'info'
        }
        cache.requests.length = 0
        const { main, post } = await runnerJob({
          root,
          name,
          repo: 'shop',
          compose: compose[release],
          sha: SHA[release],
          before,
          github,
          cache,
          inputs,
          env: { REGISTRY: registry.host }
        })
        const json = JSON.parse(main.outputs.json ?? '{}') as {
          cache: {
            blobsFetched: number
            blobsReused: number
            deltasEncoded: number
            deltasFromCache: number
          }
        }
        return { main, post, json, requests: [...cache.requests] }
      }

      /** The App Update Module install of an artifact's payload on the simulated device. */
      async function install(device: Device, artifact: string) {
        const dir = join(root, `payload-${Math.random().toString(36).slice(2)}`)
        await extractPayloads(artifact, dir)
        return device.installApp({
          images: join(dir, 'images.tar.gz'),
          manifests: join(dir, 'manifests.tar.gz')
        })
      }

      it('releases v1, then v2 as deltas a v1 device installs, then v2 again with nothing new', async () => {
        const device = new Device(await tempDir(), 'classic')

        const v1 = await job('v1', 'v1', ZERO)
        expect(v1.main.code, v1.main.stdout + v1.main.stderr).toBe(0)
        expect(v1.post.code, v1.post.stdout).toBe(0)
        expect(v1.main.outputs['previous-ref']).toBe('')
        expect(v1.main.outputs.uploaded).toBe('true')
        expect(v1.requests.some((r) => r.route === 'commit' && r.status === 204)).toBe(true)
        await install(device, v1.main.outputs['artifact-path']!)
        expect(device.images.has(`${registry.host}/shop/web:1.0`)).toBe(true)
        const v1Images = (await readArtifact(v1.main.outputs['artifact-path']!)).provides[
          'data-docker.shop.images'
        ]
        expect(v1Images).toMatch(/^sha256:[0-9a-f]{64}$/)

        const v2 = await job('v2', 'v2', SHA.v1)
        expect(v2.main.code, v2.main.stdout + v2.main.stderr).toBe(0)
        expect(v2.post.code).toBe(0)
        const o = v2.main.outputs
        expect(o['artifact-name']).toBe('shop-v2')
        expect(o['previous-ref']).toBe(SHA.v1)
        expect(o.uploaded).toBe('true')
        expect(o['deployment-status']).toBe('created')
        expect(o['deployment-id']).toBe(mender.deployments.at(-1)!.id)
        expect(o['deployment-url']).toContain(o['deployment-id'])
        expect(Number(o['delta-size'])).toBeLessThan(Number(o['full-size']) / 4)
        // The previous compose file came through the GitHub contents API (no history here).
        expect(github.requests.some((r) => r.url.includes(`ref=${SHA.v1}`))).toBe(true)
        // The store came back from v1's cache: only v2's new blobs were downloaded.
        expect(v2.requests[0]).toMatchObject({ route: 'get', status: 200 })
        expect(v2.json.cache.blobsReused).toBeGreaterThan(0)
        expect(v2.json.cache.blobsFetched).toBe(3)
        // A valid artifact for the real tool, depending on the release it was made against
        // (found through v1's metadata in the cache).
        const path = o['artifact-path']!
        await run('mender-artifact', ['validate', path])
        const info = await readArtifact(path)
        expect(info.depends).toMatchObject({
          'data-docker.shop.version': 'shop-v1',
          // the images v1 provides, as its record in the cache says
          'data-docker.shop.images': v1Images
        })
        expect(info.provides).toMatchObject({ 'data-docker.shop.version': 'shop-v2' })
        expect(Number(o['artifact-size'])).toBe((await readFile(path)).length)
        const summary = v2.main.summary
        for (const s of ['web', 'api', 'db'])
          expect(summary).toMatch(new RegExp(`\\| ${s} \\| linux/arm64 \\|`))
        expect(summary).toContain(o['deployment-id']!)
        expect(summary).not.toContain(PAT)
        // The token is registered as a secret (the runner masks it) and printed nowhere else.
        expect(v2.main.stdout).toContain(`::add-mask::${PAT}`)
        expect(v2.main.stdout.replaceAll(`::add-mask::${PAT}`, '')).not.toContain(PAT)
        expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024)
        expect(await readFile(o['metadata-path']!, 'utf8')).toContain('shop-v2')
        // The device that runs v1 installs v2 from the deltas.
        const loaded = await install(device, path)
        expect(loaded.map((l) => l.reference).sort()).toEqual(
          ['api:2.0', 'db:16', 'web:2.0'].map((r) => `${registry.host}/shop/${r}`)
        )

        const uploads = mender.uploads.length
        const deployments = mender.deployments.length
        const again = await job('v2-again', 'v2', SHA.v1)
        expect(again.main.code, again.main.stdout + again.main.stderr).toBe(0)
        expect(again.main.outputs['cache-hit']).toBe('true')
        expect(again.json.cache.blobsFetched).toBe(0)
        // The restored store holds v2's deltas: nothing is encoded again.
        expect(v2.json.cache.deltasEncoded).toBeGreaterThan(0)
        expect(again.json.cache).toMatchObject({
          deltasEncoded: 0,
          deltasFromCache: v2.json.cache.deltasEncoded
        })
        expect(again.requests.filter((r) => r.route === 'reserve')).toEqual([])
        expect(again.main.outputs.uploaded).toBe('false')
        expect(again.main.outputs['deployment-status']).toBe('existing')
        expect(mender.uploads.filter((u) => u.status < 300)).toHaveLength(
          mender.uploads.slice(0, uploads).filter((u) => u.status < 300).length
        )
        expect(mender.deployments).toHaveLength(deployments)
      }, 600_000)
    })
  }
)
