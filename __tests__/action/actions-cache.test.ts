import * as actionsCache from '@actions/cache'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { actionsCacheHooks, cacheKeys, saveStoreCache } from '../../src/cache/actions-cache.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startFakeCacheService, type FakeCacheService } from '../fakes/actions-cache/server.js'
import { tempDir } from '../helpers/tmp.js'
import { baseOptions, exampleApp, memoryStages } from '../pipeline/memory-stages.js'

// The real @actions/cache (v1 protocol: ACTIONS_CACHE_SERVICE_V2 unset)
// against the fake service on loopback: tar + zstd + HTTP, as on a runner.
let service: FakeCacheService
let dir: string
let storeDir: string

beforeAll(async () => {
  service = await startFakeCacheService()
})
afterAll(async () => {
  await service.stop()
})
beforeEach(async () => {
  dir = await tempDir()
  storeDir = join(dir, 'store')
  await mkdir(join(storeDir, 'blobs'), { recursive: true })
  process.env.ACTIONS_CACHE_URL = service.url
  process.env.ACTIONS_RUNTIME_TOKEN = service.token
  process.env.RUNNER_TEMP = join(dir, 'runner-temp')
  process.env.GITHUB_WORKSPACE = dir
  delete process.env.ACTIONS_CACHE_SERVICE_V2
  delete process.env.ACTIONS_RESULTS_URL
  service.entries.length = 0
  service.requests.length = 0
})
afterEach(() => {
  delete process.env.ACTIONS_CACHE_URL
})

async function plan(app = exampleApp()) {
  return memoryStages(app).stages.plan({ options: baseOptions({ cacheDir: storeDir }) })
}

describe('layer store cache through @actions/cache', () => {
  it('keys by platform and digests, with a platform prefix as restore key', async () => {
    const k = cacheKeys(await plan())
    expect(k.primaryKey).toMatch(/^mender-compose-v1-linux-arm64-[0-9a-f]{32}$/)
    expect(k.restoreKeys).toEqual(['mender-compose-v1-linux-arm64-'])
    const changed = exampleApp()
    changed.services[0]!.reference = 'registry.example/web:3'
    expect(cacheKeys(await plan(changed)).primaryKey).not.toBe(k.primaryKey)
    expect(cacheKeys(await plan(changed)).restoreKeys).toEqual(k.restoreKeys)
  })

  it('misses, saves, then restores exactly and by prefix, byte for byte', async () => {
    const log = new MemoryLogger()
    const options = baseOptions({ cacheDir: storeDir })
    const hooks = actionsCacheHooks(actionsCache, log)
    const p = await plan()
    const miss = await hooks.restore({ plan: p, options })
    expect(miss).toEqual({ primaryKey: cacheKeys(p).primaryKey })
    expect(service.requests.map((r) => `${r.route} ${r.status}`)).toEqual(['get 204'])

    const blob = Buffer.from('layer bytes '.repeat(1000))
    await writeFile(join(storeDir, 'blobs', 'aaaa'), blob)
    const saved = await saveStoreCache(
      { paths: [storeDir], primaryKey: miss!.primaryKey, dirty: true },
      actionsCache,
      log
    )
    expect(saved).toBe('saved')
    expect(service.entries).toHaveLength(1)
    expect(service.entries[0]!.committed).toBe(true)
    // …and the lookup that confirms the entry is really there.
    expect(service.requests.map((r) => r.route)).toEqual([
      'get',
      'reserve',
      'upload',
      'commit',
      'get'
    ])

    await rm(storeDir, { recursive: true })
    const exact = await hooks.restore({ plan: p, options })
    expect(exact).toEqual({ primaryKey: miss!.primaryKey, matchedKey: miss!.primaryKey })
    expect(await readFile(join(storeDir, 'blobs', 'aaaa'))).toEqual(blob)

    // v3 of the app: a new primary key, restored from v2's store by prefix.
    const v3 = exampleApp()
    v3.services[1]!.reference = 'registry.example/api:3'
    await rm(storeDir, { recursive: true })
    const byPrefix = await hooks.restore({ plan: await plan(v3), options })
    expect(byPrefix?.matchedKey).toBe(miss!.primaryKey)
    expect(byPrefix?.primaryKey).not.toBe(miss!.primaryKey)
    expect(await readFile(join(storeDir, 'blobs', 'aaaa'))).toEqual(blob)
    expect(log.lines.filter((l) => l.level === 'warn')).toEqual([])
  })

  it('does not save when nothing new was fetched, or on an exact hit', async () => {
    const log = new MemoryLogger()
    expect(
      await saveStoreCache({ paths: [storeDir], primaryKey: 'k', dirty: false }, actionsCache, log)
    ).toBe('skipped')
    expect(
      await saveStoreCache(
        { paths: [storeDir], primaryKey: 'k', matchedKey: 'k', dirty: true },
        actionsCache,
        log
      )
    ).toBe('skipped')
    expect(await saveStoreCache(undefined, actionsCache, log)).toBe('skipped')
    expect(service.requests).toEqual([])
  })

  it('skips silently where there is no cache service', async () => {
    delete process.env.ACTIONS_CACHE_URL
    const log = new MemoryLogger()
    const options = baseOptions({ cacheDir: storeDir })
    expect(
      await actionsCacheHooks(actionsCache, log).restore({ plan: await plan(), options })
    ).toBeUndefined()
    await writeFile(join(storeDir, 'blobs', 'x'), 'x')
    expect(
      await saveStoreCache({ paths: [storeDir], primaryKey: 'k', dirty: true }, actionsCache, log)
    ).toBe('skipped')
    expect(log.lines.filter((l) => l.level !== 'debug')).toEqual([])
    expect(service.requests).toEqual([])
  })

  it('a 500 on lookup is a warning and a miss, never a failure', async () => {
    service.fail({ route: 'get', status: 500, times: 1 })
    const log = new MemoryLogger()
    const r = await actionsCacheHooks(actionsCache, log).restore({
      plan: await plan(),
      options: baseOptions({ cacheDir: storeDir })
    })
    expect(r?.matchedKey).toBeUndefined()
    expect(r?.primaryKey).toMatch(/^mender-compose-v1-/)
    expect(service.requests.map((q) => `${q.route} ${q.status}`)).toEqual(['get 500'])
  })

  it('a 500 on reserve or a dropped upload leaves no entry and does not throw', async () => {
    await writeFile(join(storeDir, 'blobs', 'b'), 'bbbb')
    service.fail({ route: 'reserve', status: 500, times: 1 })
    const log = new MemoryLogger()
    const state = { paths: [storeDir], primaryKey: 'mender-compose-v1-x', dirty: true }
    expect(await saveStoreCache(state, actionsCache, log)).toBe('failed')
    expect(service.entries).toEqual([])

    service.fail({ route: 'commit', status: 500, times: 1 })
    expect(await saveStoreCache(state, actionsCache, log)).toBe('failed')
    expect(service.entries.filter((e) => e.committed)).toEqual([])
  })

  it('another job holding the key (409) is not an error', async () => {
    await writeFile(join(storeDir, 'blobs', 'c'), 'cccc')
    const state = { paths: [storeDir], primaryKey: 'mender-compose-v1-y', dirty: true }
    expect(await saveStoreCache(state, actionsCache, new MemoryLogger())).toBe('saved')
    expect(await saveStoreCache(state, actionsCache, new MemoryLogger())).toBe('failed')
    expect(service.requests.at(-1)).toMatchObject({ route: 'reserve', status: 409 })
  })

  it('an unreachable service is a warning and a miss', { timeout: 30_000 }, async () => {
    const gone = await startFakeCacheService()
    await gone.stop()
    process.env.ACTIONS_CACHE_URL = gone.url
    const log = new MemoryLogger()
    const r = await actionsCacheHooks(actionsCache, log).restore({
      plan: await plan(),
      options: baseOptions({ cacheDir: storeDir })
    })
    expect(r?.matchedKey).toBeUndefined()
  })
})
