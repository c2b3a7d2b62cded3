import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { InputName } from '../../src/action/inputs.js'
import { run } from '../../src/action/main.js'
import { runPost } from '../../src/action/post.js'
import { STATE_KEY } from '../../src/action/state.js'
import type { Stages } from '../../src/pipeline/stages.js'
import { startFakeCacheService, type FakeCacheService } from '../fakes/actions-cache/server.js'
import { parseFileCommands } from '../helpers/action-runner.js'
import { tempDir } from '../helpers/tmp.js'
import { exampleApp, memoryStages, type MemApp } from '../pipeline/memory-stages.js'
import { inputSource } from './input-source.js'

// main → post in process, with the real @actions/core file commands, the real
// @actions/cache against the fake service, and in-memory stages whose fetch
// keeps blobs in the cache-dir on disk (so the cache has real files to carry).
let service: FakeCacheService
let root: string

beforeAll(async () => {
  service = await startFakeCacheService()
  root = await tempDir()
})
afterAll(async () => {
  await service.stop()
})

/** Memory stages whose fetch counts a blob as reused only if it is in the store on disk. */
function diskStages(app: MemApp): Stages {
  const { stages } = memoryStages(app)
  return {
    ...stages,
    async fetch(input) {
      const r = await stages.fetch(input)
      const blobs = join(input.options.cacheDir, 'blobs')
      await mkdir(blobs, { recursive: true })
      let blobsFetched = 0
      let bytesFetched = 0
      let blobsReused = 0
      for (const s of r.services)
        for (const l of [...s.image.layers, ...(s.previous?.layers ?? [])]) {
          const file = join(blobs, l.digest.slice('sha256:'.length))
          if (existsSync(file)) blobsReused++
          else {
            await writeFile(file, Buffer.alloc(l.size, 7))
            blobsFetched++
            bytesFetched += l.size
          }
        }
      return { ...r, blobsFetched, bytesFetched, blobsReused }
    }
  }
}

interface Step {
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
}

/** Files as the runner provides them for one step, and the runner's env. */
async function stepEnv(name: string, cacheDir: string) {
  const dir = join(root, name)
  await mkdir(dir, { recursive: true })
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary')
  }
  for (const f of Object.values(files)) await writeFile(f, '')
  const env = {
    ...files,
    GITHUB_WORKSPACE: root,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: 'feedfacecafebeef0000000000000000000000000',
    RUNNER_TEMP: join(dir, 'runner-temp'),
    ACTIONS_CACHE_URL: service.url,
    ACTIONS_RUNTIME_TOKEN: service.token
  }
  Object.assign(process.env, env)
  delete process.env.ACTIONS_CACHE_SERVICE_V2
  const read = async (): Promise<Step> => ({
    outputs: parseFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommands(await readFile(files.GITHUB_STATE, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
  })
  return { env, read, cacheDir }
}

async function mainThenPost(name: string, app: MemApp, inputs: Partial<Record<InputName, string>>) {
  // A fresh runner each time: the store starts empty unless the cache restores it.
  const cacheDir = join(root, 'store')
  await rm(cacheDir, { recursive: true, force: true })
  const step = await stepEnv(name, cacheDir)
  const { src } = inputSource(
    {
      'compose-file': 'compose.yaml',
      'device-types': 'raspberrypi4',
      platform: 'linux/arm64',
      'dry-run': 'true',
      'cache-dir': cacheDir,
      ...inputs
    },
    step.env
  )
  process.exitCode = 0
  const result = await run({ stages: diskStages(app), inputs: src })
  const main = await step.read()
  process.env[`STATE_${STATE_KEY}`] = main.state[STATE_KEY] ?? ''
  const saved = await runPost()
  return { result, main, saved, exitCode: process.exitCode }
}

describe('main then post, as steps of one job', () => {
  beforeEach(() => {
    service.requests.length = 0
  })

  it('v1 cold, v2 restores by prefix and fetches only new blobs, v2 again is an exact hit', async () => {
    const v1: MemApp = exampleApp()
    v1.previous = undefined
    for (const s of v1.services) {
      s.reference = s.previous!.reference
      s.layers = s.previous!.layers
      delete s.previous
    }
    const first = await mainThenPost('v1', v1, { 'artifact-name': 'shop-1.0' })
    expect(first.exitCode).toBe(0)
    expect(first.main.outputs).toMatchObject({
      'artifact-name': 'shop-1.0',
      'cache-hit': 'false',
      'previous-ref': ''
    })
    // main hands post the cap (cache-max-size, default 2GiB) it trims the store to before saving
    expect(JSON.parse(first.main.state[STATE_KEY]!)).toMatchObject({
      cache: { dirty: true, maxBytes: 2 * 1024 ** 3 }
    })
    expect(first.saved).toBe('saved')
    // base (shared by all three), web-v1, api, db
    expect(first.result!.cache.blobsFetched).toBe(4)

    const second = await mainThenPost('v2', exampleApp(), { 'artifact-name': 'shop-2.0' })
    expect(second.result!.cache.matchedKey).toBeDefined()
    expect(second.result!.cache.matchedKey).not.toBe(second.result!.cache.primaryKey)
    // Only web-v2 and api-extra are new; the v1 blobs came from the cache.
    expect(second.result!.cache.blobsFetched).toBe(2)
    expect(second.main.outputs['cache-hit']).toBe('false')
    expect(second.main.outputs['previous-ref']).toBe('v1.0.0')
    expect(second.saved).toBe('saved')
    expect(second.main.summary).toContain('## Mender release `shop-2.0` (dry run)')
    expect(second.main.summary).toMatch(/\| web \| linux\/arm64 \|/)

    service.requests.length = 0
    const third = await mainThenPost('v2-again', exampleApp(), { 'artifact-name': 'shop-2.0' })
    expect(third.main.outputs['cache-hit']).toBe('true')
    expect(third.result!.cache.blobsFetched).toBe(0)
    expect(third.saved).toBe('skipped')
    expect(service.requests.filter((r) => r.route === 'reserve')).toEqual([])
    expect(JSON.parse(third.main.outputs.json!)).toMatchObject({
      cacheHit: true,
      artifactName: 'shop-2.0'
    })
  })

  it('cache: false neither restores nor saves', async () => {
    const r = await mainThenPost('nocache', exampleApp(), { cache: 'false' })
    expect(r.main.outputs['cache-hit']).toBe('false')
    expect(r.saved).toBe('skipped')
    expect(service.requests).toEqual([])
  })

  it('a bad input fails the step naming it, and writes no outputs', async () => {
    const r = await mainThenPost('bad', exampleApp(), { delta: 'shallow' })
    expect(r.exitCode).toBe(1)
    expect(r.result).toBeUndefined()
    expect(r.main.outputs).toEqual({})
  })

  it('a failed deployment fails the step after writing outputs and summary', async () => {
    const app = exampleApp()
    const stages = diskStages(app)
    const publish = stages.publish
    stages.publish = async (i) => ({
      ...(await publish(i)),
      problem: '1 device(s) failed the deployment (allowed: 0)'
    })
    const cacheDir = join(root, 'store')
    const step = await stepEnv('deploy-failed', cacheDir)
    const { src, masked } = inputSource(
      {
        'compose-file': 'compose.yaml',
        'device-types': 'raspberrypi4',
        platform: 'linux/arm64',
        'cache-dir': cacheDir,
        'mender-access-token': 'pat-secret-value-123',
        'deploy-group': 'prod'
      },
      step.env
    )
    process.exitCode = 0
    const result = await run({ stages, inputs: src })
    const main = await step.read()
    expect(process.exitCode).toBe(1)
    expect(result?.failure).toBe('1 device(s) failed the deployment (allowed: 0)')
    expect(main.outputs).toMatchObject({ 'deployment-id': 'dep-1', uploaded: 'true' })
    expect(main.summary).toContain('**Failed:** 1 device(s) failed the deployment (allowed: 0)')
    expect(masked).toContain('pat-secret-value-123')
    for (const text of [main.summary, JSON.stringify(main.outputs)])
      expect(text).not.toContain('pat-secret-value-123')
    process.exitCode = 0
  })

  it('job-summary: false writes no summary', async () => {
    const r = await mainThenPost('nosummary', exampleApp(), { 'job-summary': 'false' })
    expect(r.exitCode).toBe(0)
    expect(r.main.summary).toBe('')
  })
})
