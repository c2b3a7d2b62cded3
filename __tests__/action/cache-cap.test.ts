import { utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { saveStoreCache, type CacheApi } from '../../src/cache/actions-cache.js'
import { ContentStore } from '../../src/oci/store.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'

const digestOf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`

/** Records what would be uploaded: the store's blobs at the moment saveCache is called. */
function recordingApi(store: ContentStore, blobs: string[]) {
  const seen: boolean[][] = []
  const api: CacheApi = {
    isFeatureAvailable: () => true,
    async restoreCache(_paths, key) {
      return key
    },
    async saveCache() {
      seen.push(await Promise.all(blobs.map((d) => store.hasBlob({ digest: d }))))
      return 1
    }
  }
  return { api, seen }
}

describe('cache-max-size: the store is trimmed before the post step saves it', () => {
  it('evicts the least recently used blobs above the cap, then saves', async () => {
    const dir = await tempDir()
    const store = await ContentStore.open(dir)
    const blobs: string[] = []
    for (let i = 0; i < 3; i++) {
      const bytes = Buffer.alloc(1000, i)
      blobs.push(digestOf(bytes))
      await store.putBlobBytes(digestOf(bytes), bytes)
      // last use: blob 0 oldest, blob 2 newest
      const t = new Date(Date.now() - (3 - i) * 60_000)
      await utimes(`${store.blobPath(digestOf(bytes))}.ok`, t, t)
    }
    const { api, seen } = recordingApi(store, blobs)
    const log = new MemoryLogger()
    const outcome = await saveStoreCache(
      { paths: [dir], primaryKey: 'k', dirty: true, maxBytes: 2500 },
      api,
      log
    )
    expect(outcome).toBe('saved')
    expect(seen).toEqual([[false, true, true]])
    expect(log.text()).toMatch(/evicted 1 entries/)
  })

  it('without a cap (0 or absent) nothing is evicted', async () => {
    const dir = await tempDir()
    const store = await ContentStore.open(dir)
    const bytes = Buffer.alloc(5000, 7)
    await store.putBlobBytes(digestOf(bytes), bytes)
    const { api, seen } = recordingApi(store, [digestOf(bytes)])
    await saveStoreCache({ paths: [dir], primaryKey: 'k', dirty: true }, api, new MemoryLogger())
    expect(seen).toEqual([[true]])
  })

  it('a store that cannot be trimmed costs a warning, and the save goes on', async () => {
    const dir = await tempDir()
    const { api, seen } = recordingApi(await ContentStore.open(dir), [])
    // a store path under a file: it cannot be opened
    const notADir = join(dir, 'blobs', 'sha256', 'file')
    await writeFile(notADir, 'x')
    const log = new MemoryLogger()
    const outcome = await saveStoreCache(
      { paths: [join(notADir, 'store')], primaryKey: 'k', dirty: true, maxBytes: 10 },
      api,
      log
    )
    expect(outcome).toBe('saved')
    expect(seen).toHaveLength(1)
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toContainEqual(
      expect.stringMatching(/could not trim the store/)
    )
  })
})
