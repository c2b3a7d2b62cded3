import { describe, expect, it } from 'vitest'
import { MemoryLogger, type Logger } from '../../src/util/log.js'
import { UserError } from '../../src/util/errors.js'
import { artifactPath, runPipeline } from '../../src/pipeline/run-pipeline.js'
import type { CacheHooks } from '../../src/pipeline/stages.js'
import { baseOptions, exampleApp, memoryStages } from './memory-stages.js'

/** A logger that records which group each line was logged in. */
class GroupLogger extends MemoryLogger implements Logger {
  readonly groups: { title: string; lines: string[] }[] = []
  private current: string[] | undefined
  override info(message: string): void {
    super.info(message)
    this.current?.push(message)
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const g = { title, lines: [] as string[] }
    this.groups.push(g)
    this.current = g.lines
    try {
      return await fn()
    } finally {
      this.current = undefined
    }
  }
}

describe('runPipeline', () => {
  it('runs the five phases in order, one group each ending in a one-line result', async () => {
    const { stages, calls } = memoryStages(exampleApp())
    const log = new GroupLogger()
    const r = await runPipeline(baseOptions({ deploy: deployGroup() }), stages, log)
    expect(calls.order).toEqual([
      'plan',
      'fetch linux/arm64',
      'delta linux/arm64',
      'package linux/arm64',
      'publish'
    ])
    expect(log.groups.map((g) => g.title)).toEqual(['Plan', 'Fetch', 'Delta', 'Package', 'Publish'])
    for (const g of log.groups) {
      expect(g.lines).toHaveLength(1)
      expect(g.lines[0]).toMatch(new RegExp(`^${g.title}: .+ \\(\\d+ ms\\)$`))
    }
    expect(r.phaseLines.plan).toMatch(
      /^Plan: 3 services, previous release v1.0.0, linux\/arm64 \(raspberrypi4\)/
    )
    expect(r.phaseLines.delta).toMatch(/^Delta: 5 layers reused, 1 delta, 1 full;/)
    expect(r.phaseLines.publish).toMatch(
      /^Publish: 1 uploaded, 0 already on the server, deployment dep-1 created/
    )
  })

  it('reports per-service layers and sizes, summed into full and delta size', async () => {
    const { stages } = memoryStages(exampleApp())
    const r = await runPipeline(baseOptions(), stages, new MemoryLogger())
    const web = r.services.find((s) => s.name === 'web')!
    expect(web).toMatchObject({
      platform: 'linux/arm64',
      oldReference: 'registry.example/web:1',
      newReference: 'registry.example/web:2',
      layers: { reused: 1, delta: 1, full: 0 },
      fullBytes: (4 + 6) * 300,
      shippedBytes: 900
    })
    expect(web.oldDigest).toMatch(/^sha256:/)
    expect(web.newDigest).not.toBe(web.oldDigest)
    const api = r.services.find((s) => s.name === 'api')!
    expect(api.layers).toEqual({ reused: 2, delta: 0, full: 1 })
    expect(r.fullSize).toBe(r.services.reduce((n, s) => n + s.fullBytes, 0))
    expect(r.deltaSize).toBe(900 + 9 * 300)
    expect(r.previousRef).toBe('v1.0.0')
    expect(r.previousArtifactName).toBe('shop-1.0')
  })

  it('dry run does everything but publish', async () => {
    const { stages, calls } = memoryStages(exampleApp())
    const log = new GroupLogger()
    const r = await runPipeline(baseOptions({ dryRun: true, deploy: deployGroup() }), stages, log)
    expect(calls.order).not.toContain('publish')
    expect(calls.order).toContain('package linux/arm64')
    expect(r.published).toBeUndefined()
    expect(r.artifacts).toHaveLength(1)
    expect(r.phaseLines.publish).toBe('Publish: skipped (dry run)')
  })

  it('skips publish when upload is off and nothing is deployed', async () => {
    const { stages, calls } = memoryStages(exampleApp())
    const r = await runPipeline(baseOptions({ upload: false }), stages, new MemoryLogger())
    expect(calls.order).not.toContain('publish')
    expect(r.phaseLines.publish).toBe('Publish: skipped (upload is off and no deployment target)')
  })

  it('builds one artifact per platform, all with the same name, and publishes them together', async () => {
    const platforms = ['linux/arm64', 'linux/arm/v7']
    const { stages, calls } = memoryStages(exampleApp(platforms))
    const options = baseOptions({
      targets: [
        { platform: 'linux/arm64', deviceTypes: ['raspberrypi4'] },
        { platform: 'linux/arm/v7', deviceTypes: ['beaglebone'] }
      ]
    })
    const r = await runPipeline(options, stages, new MemoryLogger())
    expect(r.artifacts.map((a) => [a.name, a.platform, a.deviceTypes])).toEqual([
      ['shop-2.0', 'linux/arm64', ['raspberrypi4']],
      ['shop-2.0', 'linux/arm/v7', ['beaglebone']]
    ])
    expect(calls.outputPaths).toEqual([
      '/out/shop-2.0-linux-arm64.mender',
      '/out/shop-2.0-linux-arm-v7.mender'
    ])
    expect(calls.published).toEqual([['shop-2.0@linux/arm64', 'shop-2.0@linux/arm/v7']])
    expect(r.services).toHaveLength(6)
  })

  it('fails before fetching when a new image drops a platform a device type needs', async () => {
    const app = exampleApp(['linux/arm64', 'linux/arm/v7'])
    app.services[1]!.platforms = ['linux/arm64']
    const { stages, calls } = memoryStages(app)
    const options = baseOptions({
      targets: [
        { platform: 'linux/arm64', deviceTypes: ['raspberrypi4'] },
        { platform: 'linux/arm/v7', deviceTypes: ['beaglebone'] }
      ]
    })
    const err = await runPipeline(options, stages, new MemoryLogger()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toBe(
      "Platform check failed: image 'registry.example/api:2' of service 'api' has no linux/arm/v7 variant, which device type beaglebone needs"
    )
    expect(calls.order).toEqual(['plan'])
  })

  it('fails when a new image drops a platform the previous release shipped', async () => {
    const app = exampleApp(['linux/arm64'])
    app.previous!.platforms = ['linux/arm64', 'linux/amd64']
    const { stages } = memoryStages(app)
    await expect(runPipeline(baseOptions(), stages, new MemoryLogger())).rejects.toThrow(
      /image 'registry.example\/web:2' of service 'web' has no linux\/amd64 variant, which the previous release \(v1.0.0\) needs/
    )
  })

  it('restores the cache before fetch and marks the store dirty only when something new came', async () => {
    const seen: string[] = []
    const hooks = (matched: 'exact' | 'prefix' | 'none'): CacheHooks => ({
      restore: async ({ plan }) => {
        seen.push(`restore ${plan.services.length}`)
        const primaryKey = 'k-full'
        return matched === 'exact'
          ? { primaryKey, matchedKey: primaryKey }
          : matched === 'prefix'
            ? { primaryKey, matchedKey: 'k-older' }
            : { primaryKey }
      }
    })
    const cold = await runPipeline(
      baseOptions(),
      memoryStages(exampleApp()).stages,
      new MemoryLogger(),
      {
        cache: hooks('none')
      }
    )
    expect(seen).toEqual(['restore 3'])
    expect(cold.cache).toMatchObject({
      enabled: true,
      hit: false,
      dirty: true,
      primaryKey: 'k-full'
    })
    expect(cold.cache.blobsFetched).toBeGreaterThan(0)
    expect(cold.phaseLines.fetch).toMatch(/, cache miss \(/)

    // Warm: the store already holds every blob (as a restored cache would).
    const app = exampleApp()
    const store = new Set<string>()
    await memoryStages({ ...app, store }).stages.fetch({
      options: baseOptions(),
      plan: await memoryStages(app).stages.plan({ options: baseOptions() }),
      target: baseOptions().targets[0]!
    })
    const warm = await runPipeline(
      baseOptions(),
      memoryStages({ ...app, store }).stages,
      new MemoryLogger(),
      {
        cache: hooks('prefix')
      }
    )
    expect(warm.cache).toMatchObject({
      hit: false,
      dirty: false,
      blobsFetched: 0,
      matchedKey: 'k-older'
    })
    expect(warm.phaseLines.fetch).toMatch(
      /^Fetch: 0 blobs fetched \(0 B\), \d+ from the store, cache partial hit/
    )

    const exact = await runPipeline(
      baseOptions(),
      memoryStages(exampleApp()).stages,
      new MemoryLogger(),
      {
        cache: hooks('exact')
      }
    )
    expect(exact.cache).toMatchObject({ hit: true, dirty: false })
  })

  it('goes on without the cache when restore throws or there is no cache service', async () => {
    const log = new MemoryLogger()
    const r = await runPipeline(baseOptions(), memoryStages(exampleApp()).stages, log, {
      cache: { restore: () => Promise.reject(new Error('socket hang up')) }
    })
    expect(r.artifacts).toHaveLength(1)
    expect(r.cache).toMatchObject({ enabled: false, dirty: false })
    expect(log.lines).toContainEqual({
      level: 'warn',
      message: 'Cache restore failed, fetching everything: socket hang up'
    })
    const none = await runPipeline(
      baseOptions(),
      memoryStages(exampleApp()).stages,
      new MemoryLogger(),
      {
        cache: { restore: async () => undefined }
      }
    )
    expect(none.cache).toMatchObject({ enabled: false, dirty: false, hit: false })
  })

  it('a deployment problem comes back with the whole result, as its failure', async () => {
    const { stages } = memoryStages(exampleApp())
    const publish = stages.publish
    stages.publish = async (i) => ({
      ...(await publish(i)),
      problem: '2 device(s) failed the deployment (allowed: 0)'
    })
    const r = await runPipeline(baseOptions({ deploy: deployGroup() }), stages, new MemoryLogger())
    expect(r.failure).toBe('2 device(s) failed the deployment (allowed: 0)')
    expect(r.published?.deployment?.id).toBe('dep-1')
    expect(r.artifacts).toHaveLength(1)
  })

  it('a stage that fails stops the run with its error', async () => {
    const { stages, calls } = memoryStages(exampleApp())
    stages.delta = () => Promise.reject(new UserError('xdelta3 failed on layer x'))
    await expect(runPipeline(baseOptions(), stages, new MemoryLogger())).rejects.toThrow(
      'xdelta3 failed on layer x'
    )
    expect(calls.order).not.toContain('package linux/arm64')
  })

  it('a package stage that renames the artifact is a bug, caught', async () => {
    const { stages } = memoryStages(exampleApp())
    const pkg = stages.package
    stages.package = async (i) => ({ ...(await pkg(i)), name: 'other' })
    await expect(runPipeline(baseOptions(), stages, new MemoryLogger())).rejects.toThrow(
      "package stage named the artifact 'other', not 'shop-2.0'"
    )
  })
})

describe('artifactPath', () => {
  it('uses --output for one platform and derives one file per platform otherwise', () => {
    const one = baseOptions({ outputPath: '/tmp/app-2.0.mender' })
    expect(artifactPath(one, one.targets[0]!)).toBe('/tmp/app-2.0.mender')
    const two = baseOptions({
      outputPath: '/tmp/app-2.0.mender',
      targets: [
        { platform: 'linux/arm64', deviceTypes: ['a'] },
        { platform: 'linux/arm/v7', deviceTypes: ['b'] }
      ]
    })
    expect(artifactPath(two, two.targets[1]!)).toBe('/tmp/app-2.0-linux-arm-v7.mender')
    expect(artifactPath(baseOptions(), baseOptions().targets[0]!)).toBe('/out/shop-2.0.mender')
  })
})

function deployGroup() {
  return {
    target: { kind: 'group' as const, group: 'prod' },
    name: 'shop-2.0',
    wait: false,
    waitTimeoutMs: 60_000
  }
}
