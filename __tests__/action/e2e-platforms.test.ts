import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readArtifact } from '../../src/artifact/index.js'
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
 * Several platforms in one release, through dist as the runner runs it: two
 * device types on two platforms (device-platforms), images that are
 * multi-platform indexes in the real registry. One artifact per platform,
 * both named the same, both uploaded to the fake Mender server, one
 * deployment by that name; then a release whose web image dropped arm/v7
 * fails the step before anything is fetched, naming the image and platform.
 */
const PAT = 'mender-pat-platforms-0123456789'
const SHA = { v1: 'a'.repeat(40), v2: 'b'.repeat(40), v3: 'c'.repeat(40) } as const
const ZERO = '0'.repeat(40)
const DEVICE_PLATFORMS = 'raspberrypi4: linux/arm64/v8\nbeaglebone: linux/arm/v7'

type Release = keyof typeof SHA

describeWithTools(
  ['skopeo', 'docker-registry', 'mender-artifact'],
  'action end to end on two platforms',
  () => {
    describe('dist as the runner runs it, device-platforms', () => {
      let root: string
      let registry: RunningRegistry
      let cache: FakeCacheService
      let github: FakeGitHub
      let mender: FakeMender
      const compose: Record<Release, string> = { v1: '', v2: '', v3: '' }

      beforeAll(async () => {
        root = await tempDir()
        registry = await startRegistry(root)
        await pushShopImages(registry.host)
        await pushWithoutArm(registry.host, root)
        cache = await startFakeCacheService()
        for (const v of ['v1', 'v2'] as const)
          compose[v] = (await readFile(`examples/shop/${v}/compose.yaml`, 'utf8')).replace(
            /\$\{REGISTRY:-localhost:5000\}/g,
            registry.host
          )
        compose.v3 = compose.v2.replace('/shop/web:2.0', '/shop/web:3.0')
        github = await startFakeGitHub([
          {
            owner: 'acme',
            name: 'fleet',
            commits: [
              { sha: SHA.v1, parents: [], files: { 'compose.yaml': compose.v1 } },
              { sha: SHA.v2, parents: [SHA.v1], files: { 'compose.yaml': compose.v2 } },
              { sha: SHA.v3, parents: [SHA.v2], files: { 'compose.yaml': compose.v3 } }
            ],
            branches: { main: SHA.v3 }
          }
        ])
        await mkdir(join(root, 'mender'))
        mender = await startFakeMender({ workDir: join(root, 'mender'), pats: [PAT] })
        mender.addDevice({ id: 'pi-1', status: 'accepted', group: 'fleet' })
        mender.addDevice({ id: 'bbb-1', status: 'accepted', group: 'fleet' })
      }, 180_000)
      afterAll(async () => {
        await registry?.stop()
        await cache?.stop()
        await github?.close()
        await mender?.close()
      })

      async function job(release: Release, before: string) {
        const inputs = {
          'compose-file': 'compose.yaml',
          'application-name': 'shop',
          'device-types': 'raspberrypi4, beaglebone',
          'device-platforms': DEVICE_PLATFORMS,
          'artifact-name': `shop-${release}`,
          'mender-server-url': mender.url,
          'mender-access-token': PAT,
          'deploy-group': 'fleet',
          'github-token': FAKE_TOKEN,
          cache: 'true'
        }
        return runnerJob({
          root,
          name: release,
          repo: 'fleet',
          compose: compose[release],
          sha: SHA[release],
          before,
          github,
          cache,
          inputs
        })
      }

      it('ships one artifact per platform under one name, deploys once, and refuses a dropped architecture', async () => {
        const v1 = await job('v1', ZERO)
        expect(v1.main.code, v1.main.stdout + v1.main.stderr).toBe(0)
        expect(v1.post.code).toBe(0)

        const uploadsBefore = mender.artifacts.length
        const deploymentsBefore = mender.deployments.length
        const v2 = await job('v2', SHA.v1)
        expect(v2.main.code, v2.main.stdout + v2.main.stderr).toBe(0)
        const o = v2.main.outputs
        const paths = o['artifact-path']!.split('\n')
        expect(paths).toHaveLength(2)
        expect(o['artifact-id']!.split('\n')).toHaveLength(2)
        expect(o.uploaded).toBe('true')
        // Two artifacts, one per platform, with the same name, each for its device type.
        const byType: Record<string, Awaited<ReturnType<typeof readArtifact>>> = {}
        for (const p of paths) {
          await run('mender-artifact', ['validate', p])
          const a = await readArtifact(p)
          expect(a.name).toBe('shop-v2')
          expect(a.deviceTypes).toHaveLength(1)
          byType[a.deviceTypes[0]!] = a
          // deltas against v1 of the same platform: they depend on it
          expect(a.depends).toMatchObject({ 'data-docker.shop.version': 'shop-v1' })
        }
        expect(Object.keys(byType).sort()).toEqual(['beaglebone', 'raspberrypi4'])
        expect(JSON.stringify(byType.raspberrypi4!.metaData)).toContain('linux/arm64')
        expect(JSON.stringify(byType.beaglebone!.metaData)).toContain('linux/arm/v7')
        // Both on the server under one name, and one deployment of that name.
        const uploaded = mender.artifacts.slice(uploadsBefore)
        expect(uploaded.map((a) => a.name)).toEqual(['shop-v2', 'shop-v2'])
        expect(uploaded.flatMap((a) => a.device_types_compatible).sort()).toEqual([
          'beaglebone',
          'raspberrypi4'
        ])
        const deployments = mender.deployments.slice(deploymentsBefore)
        expect(deployments).toHaveLength(1)
        expect(deployments[0]).toMatchObject({ artifact_name: 'shop-v2', id: o['deployment-id'] })
        for (const platform of ['linux/arm64', 'linux/arm/v7'])
          expect(v2.main.summary).toContain(platform)
        const json = JSON.parse(o.json!) as { artifacts: { platform: string }[] }
        expect(json.artifacts.map((a) => a.platform).sort()).toEqual([
          'linux/arm/v7',
          'linux/arm64'
        ])

        // v3: web:3.0 is an index without linux/arm/v7, which beaglebone needs.
        const v3 = await job('v3', SHA.v2)
        expect(v3.main.code).not.toBe(0)
        const error = v3.main.stdout.split('\n').find((l) => l.startsWith('::error'))
        expect(error).toMatch(/shop\/web:3\.0/)
        expect(error).toMatch(/linux\/arm\/v7/)
        expect(error).toMatch(/beaglebone/)
        expect(mender.artifacts).toHaveLength(uploadsBefore + 2)
        expect(mender.deployments).toHaveLength(deploymentsBefore + 1)
      }, 600_000)
    })
  }
)

/** shop/web:3.0: web:2.0's index with its linux/arm/v7 manifest left out (a dropped architecture). */
async function pushWithoutArm(host: string, root: string): Promise<void> {
  const dir = join(root, 'web-3.0')
  await run('skopeo', [
    'copy',
    '--all',
    '--src-tls-verify=false',
    `docker://${host}/shop/web:2.0`,
    `oci:${dir}:3.0`
  ])
  const layout = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    manifests: { digest: string; size: number }[]
  }
  const top = layout.manifests[0]!
  const index = JSON.parse(
    await readFile(join(dir, 'blobs', 'sha256', top.digest.slice(7)), 'utf8')
  ) as { manifests: { platform?: { architecture: string } }[] }
  index.manifests = index.manifests.filter((m) => m.platform?.architecture !== 'arm')
  expect(index.manifests.length).toBeGreaterThan(0)
  const bytes = Buffer.from(JSON.stringify(index))
  const hex = createHash('sha256').update(bytes).digest('hex')
  await writeFile(join(dir, 'blobs', 'sha256', hex), bytes)
  layout.manifests[0] = { ...top, digest: `sha256:${hex}`, size: bytes.length }
  await writeFile(join(dir, 'index.json'), JSON.stringify(layout))
  await run('skopeo', [
    'copy',
    '--all',
    '--dest-tls-verify=false',
    `oci:${dir}:3.0`,
    `docker://${host}/shop/web:3.0`
  ])
}
