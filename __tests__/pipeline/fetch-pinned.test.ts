import { afterAll, beforeAll, expect, it } from 'vitest'
import { fetchStage } from '../../src/pipeline/stages/fetch.js'
import { Session } from '../../src/pipeline/stages/session.js'
import type { Plan } from '../../src/pipeline/stages.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { makeImage, Pusher } from '../oci/fixtures.js'
import { baseOptions } from './memory-stages.js'

describeWithTools(['docker-registry'], 'fetch pulls what the plan resolved', () => {
  let registry: RunningRegistry
  let dir: string
  beforeAll(async () => {
    dir = await tempDir('mc-pinned-')
    registry = await startRegistry(dir)
  })
  afterAll(() => registry.stop())

  it('by digest, even when the tag moved after plan (so the cache key describes what ships)', async () => {
    const platform = { os: 'linux', architecture: 'arm64' }
    const push = new Pusher(registry.url)
    const planned = await makeImage({ platform, seed: 'web 2 at plan time' })
    await push.image('acme/web', '2', planned)
    const reference = `${registry.host}/acme/web:2`
    const plan: Plan = {
      applicationName: 'shop',
      artifactName: 'shop-2.0',
      targets: [{ platform: 'linux/arm64', deviceTypes: ['pi4'] }],
      services: [
        {
          name: 'web',
          image: {
            reference,
            digest: planned.manifestDigest,
            platforms: ['linux/arm64'],
            manifests: { 'linux/arm64': planned.manifestDigest }
          }
        }
      ]
    }
    // the tag is pushed again between plan and fetch
    await push.image('acme/web', '2', await makeImage({ platform, seed: 'web 2 rebuilt' }))

    const session = new Session(new MemoryLogger())
    const options = baseOptions({ cacheDir: `${dir}/store`, targets: plan.targets })
    try {
      const fetched = await fetchStage(session)({ options, plan, target: plan.targets[0]! })
      expect(fetched.services[0]!.image).toMatchObject({
        reference,
        manifestDigest: planned.manifestDigest,
        diffIds: planned.layers.map((l) => l.diffId)
      })
    } finally {
      await session.close()
    }
  })
})
