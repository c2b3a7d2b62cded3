import * as actionsCache from '@actions/cache'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { actionsCacheHooks, cacheKeys, saveStoreCache } from '../../src/cache/actions-cache.js'
import { MemoryLogger } from '../../src/util/log.js'
import {
  startFakeCacheService,
  type FakeCacheService,
  type Route
} from '../fakes/actions-cache/server.js'
import { tempDir } from '../helpers/tmp.js'
import { baseOptions, exampleApp, memoryStages } from '../pipeline/memory-stages.js'

// The real @actions/cache against the fake service on loopback, tar + zstd +
// HTTP as on a runner, in both protocols the installed version speaks: v1 REST
// (ACTIONS_CACHE_SERVICE_V2 unset, as on GHES) and v2 twirp + blob upload (as
// on github.com today).
interface Protocol {
  name: 'v1' | 'v2'
  env(url: string): void
  routes: { get: Route; reserve: Route; upload: Route; commit: Route }
  missStatus: number
  /** A failure status each protocol gives up on at once (v2's client retries 5xx for ~25 s). */
  lookupFailure: number
  saveFailure: number
  /** A status the client retries (v1: 502–504 after 5 s; v2: 5xx after 3 s). */
  retried: number
}

const PROTOCOLS: Protocol[] = [
  {
    name: 'v1',
    env: (url) => {
      process.env.ACTIONS_CACHE_URL = url
      delete process.env.ACTIONS_CACHE_SERVICE_V2
      delete process.env.ACTIONS_RESULTS_URL
    },
    routes: { get: 'get', reserve: 'reserve', upload: 'upload', commit: 'commit' },
    missStatus: 204,
    lookupFailure: 500,
    saveFailure: 500,
    retried: 503
  },
  {
    name: 'v2',
    env: (url) => {
      process.env.ACTIONS_RESULTS_URL = url
      process.env.ACTIONS_CACHE_SERVICE_V2 = 'true'
      delete process.env.ACTIONS_CACHE_URL
    },
    routes: { get: 'twirp-get', reserve: 'twirp-create', upload: 'blob', commit: 'twirp-finalize' },
    missStatus: 200,
    lookupFailure: 429,
    saveFailure: 403,
    retried: 500
  }
]

let service: FakeCacheService
let dir: string
let storeDir: string

beforeAll(async () => {
  service = await startFakeCacheService()
})
afterAll(async () => {
  await service.stop()
})
afterEach(() => {
  for (const k of ['ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2'])
    delete process.env[k]
})

async function plan(app = exampleApp()) {
  return memoryStages(app).stages.plan({ options: baseOptions({ cacheDir: storeDir }) })
}

it('keys the store by platform and digests, with a platform prefix as restore key', async () => {
  storeDir = '/store'
  const k = cacheKeys(await plan())
  expect(k.primaryKey).toMatch(/^mender-compose-v1-linux-arm64-[0-9a-f]{32}$/)
  expect(k.restoreKeys).toEqual(['mender-compose-v1-linux-arm64-'])
  const changed = exampleApp()
  changed.services[0]!.reference = 'registry.example/web:3'
  expect(cacheKeys(await plan(changed)).primaryKey).not.toBe(k.primaryKey)
  expect(cacheKeys(await plan(changed)).restoreKeys).toEqual(k.restoreKeys)
})

describe.each(PROTOCOLS)('layer store cache through @actions/cache, protocol $name', (proto) => {
  const R = proto.routes
  beforeEach(async () => {
    dir = await tempDir()
    storeDir = join(dir, 'store')
    await mkdir(join(storeDir, 'blobs'), { recursive: true })
    proto.env(service.url)
    process.env.ACTIONS_RUNTIME_TOKEN = service.token
    process.env.RUNNER_TEMP = join(dir, 'runner-temp')
    process.env.GITHUB_WORKSPACE = dir
    service.reset()
  })

  it('misses, saves, then restores exactly and by prefix, byte for byte', async () => {
    const log = new MemoryLogger()
    const options = baseOptions({ cacheDir: storeDir })
    const hooks = actionsCacheHooks(actionsCache, log)
    const p = await plan()
    const miss = await hooks.restore({ plan: p, options })
    expect(miss).toEqual({ primaryKey: cacheKeys(p).primaryKey })
    expect(service.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      `${R.get} ${proto.missStatus}`
    ])

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
      R.get,
      R.reserve,
      R.upload,
      R.commit,
      R.get
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
    const state = { paths: [storeDir], primaryKey: 'k' }
    expect(await saveStoreCache({ ...state, dirty: false }, actionsCache, log)).toBe('skipped')
    expect(
      await saveStoreCache({ ...state, matchedKey: 'k', dirty: true }, actionsCache, log)
    ).toBe('skipped')
    expect(await saveStoreCache(undefined, actionsCache, log)).toBe('skipped')
    expect(service.requests).toEqual([])
  })

  it('skips silently where there is no cache service', async () => {
    for (const k of ['ACTIONS_CACHE_URL', 'ACTIONS_RESULTS_URL']) delete process.env[k]
    const log = new MemoryLogger()
    const options = baseOptions({ cacheDir: storeDir })
    expect(
      await actionsCacheHooks(actionsCache, log).restore({ plan: await plan(), options })
    ).toBeUndefined()
    await writeFile(join(storeDir, 'blobs', 'x'), 'x')
    const state = { paths: [storeDir], primaryKey: 'k', dirty: true }
    expect(await saveStoreCache(state, actionsCache, log)).toBe('skipped')
    expect(log.lines.filter((l) => l.level !== 'debug')).toEqual([])
    expect(service.requests).toEqual([])
  })

  it('a failed lookup is a warning and a miss, never a failure', async () => {
    service.fail({ route: R.get, status: proto.lookupFailure, times: 1 })
    const log = new MemoryLogger()
    const r = await actionsCacheHooks(actionsCache, log).restore({
      plan: await plan(),
      options: baseOptions({ cacheDir: storeDir })
    })
    expect(r?.matchedKey).toBeUndefined()
    expect(r?.primaryKey).toMatch(/^mender-compose-v1-/)
    expect(service.requests.map((q) => `${q.route} ${q.status}`)).toEqual([
      `${R.get} ${proto.lookupFailure}`
    ])
  })

  it('a failed reservation or commit leaves no entry and does not throw', async () => {
    await writeFile(join(storeDir, 'blobs', 'b'), 'bbbb')
    service.fail({ route: R.reserve, status: proto.saveFailure, times: 1 })
    const log = new MemoryLogger()
    const state = { paths: [storeDir], primaryKey: 'mender-compose-v1-x', dirty: true }
    expect(await saveStoreCache(state, actionsCache, log)).toBe('failed')
    expect(service.entries).toEqual([])

    service.fail({ route: R.commit, status: proto.saveFailure, times: 1 })
    expect(await saveStoreCache(state, actionsCache, log)).toBe('failed')
    expect(service.entries.filter((e) => e.committed)).toEqual([])
  })

  it('another job holding the key (409) is not an error', async () => {
    await writeFile(join(storeDir, 'blobs', 'c'), 'cccc')
    const state = { paths: [storeDir], primaryKey: 'mender-compose-v1-y', dirty: true }
    expect(await saveStoreCache(state, actionsCache, new MemoryLogger())).toBe('saved')
    expect(await saveStoreCache(state, actionsCache, new MemoryLogger())).toBe('failed')
    expect(service.requests.at(-1)).toMatchObject({ route: R.reserve, status: 409 })
  })

  it('a download cut short is a warning and a miss, not a half-restored store', async () => {
    await writeFile(join(storeDir, 'blobs', 'd'), Buffer.alloc(200_000, 1))
    const p = await plan()
    const state = { paths: [storeDir], primaryKey: cacheKeys(p).primaryKey, dirty: true }
    expect(await saveStoreCache(state, actionsCache, new MemoryLogger())).toBe('saved')
    await rm(storeDir, { recursive: true })
    // @actions/cache tries a download twice, 5 s apart.
    service.fail({ route: 'download', status: 'reset', times: 2 })
    const log = new MemoryLogger()
    const r = await actionsCacheHooks(actionsCache, log).restore({
      plan: p,
      options: baseOptions({ cacheDir: storeDir })
    })
    expect(r?.matchedKey).toBeUndefined()
    expect(existsSync(join(storeDir, 'blobs', 'd'))).toBe(false)
    expect(service.requests.filter((q) => q.route === 'download').map((q) => q.status)).toEqual([
      0, 0
    ])
  }, 60_000)

  it(
    'a transient error is retried by the client and the restore goes on',
    { timeout: 30_000 },
    async () => {
      await writeFile(join(storeDir, 'blobs', 'e'), 'eeee')
      const p = await plan()
      const key = cacheKeys(p).primaryKey
      expect(
        await saveStoreCache(
          { paths: [storeDir], primaryKey: key, dirty: true },
          actionsCache,
          new MemoryLogger()
        )
      ).toBe('saved')
      service.requests.length = 0
      service.fail({ route: R.get, status: proto.retried, times: 1 })
      const r = await actionsCacheHooks(actionsCache, new MemoryLogger()).restore({
        plan: p,
        options: baseOptions({ cacheDir: storeDir })
      })
      expect(r?.matchedKey).toBe(key)
      expect(service.requests.slice(0, 2).map((q) => `${q.route} ${q.status}`)).toEqual([
        `${R.get} ${proto.retried}`,
        `${R.get} 200`
      ])
    }
  )

  it('an unreachable service is a warning and a miss', { timeout: 60_000 }, async () => {
    const gone = await startFakeCacheService()
    await gone.stop()
    proto.env(gone.url)
    const log = new MemoryLogger()
    const r = await actionsCacheHooks(actionsCache, log).restore({
      plan: await plan(),
      options: baseOptions({ cacheDir: storeDir })
    })
    expect(r?.matchedKey).toBeUndefined()
  })
})
