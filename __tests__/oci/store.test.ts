import { execFileSync, spawnSync } from 'node:child_process'
import * as zlib from 'node:zlib'
import { createHash } from 'node:crypto'
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ContentStore } from '../../src/oci/store.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'
import { makeImage } from './fixtures.js'

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`

describe('ContentStore', () => {
  it('stores by digest, shares one fetch between concurrent callers, and refuses bad content', async () => {
    const store = await ContentStore.open(await tempDir('store-'))
    const data = Buffer.from('hello blob')
    let fetches = 0
    const fetch = async (partial: string) => {
      fetches++
      await new Promise((r) => setTimeout(r, 20))
      await writeFile(partial, data)
      return sha(data)
    }
    const paths = await Promise.all(
      [1, 2, 3].map(() => store.ensureBlob({ digest: sha(data), size: data.length }, fetch))
    )
    expect(fetches).toBe(1)
    expect(new Set(paths).size).toBe(1)
    expect(await readFile(paths[0]!)).toEqual(data)
    const other = Buffer.from('other')
    const err = await store
      .ensureBlob({ digest: sha('something else'), size: other.length }, async (p) => {
        await writeFile(p, other)
        return sha(other)
      })
      .catch((e: unknown) => e)
    expect(String(err)).toMatch(/fetched content has digest/)
    expect(await store.hasBlob({ digest: sha('something else') })).toBe(false)
    expect((await readdir(join(store.root, 'tmp'))).length).toBe(0)
  })

  it('makes uncompressed layer tars by diff ID and refuses a diff ID that does not match', async () => {
    const img = await makeImage({ layerSizes: [5000] })
    const layer = img.layers[0]!
    const store = await ContentStore.open(await tempDir('store-'))
    await store.putBlobBytes(layer.digest, layer.bytes)
    const tar = await store.ensureLayerTar(layer, 'gzip', layer.diffId)
    expect(tar).toBe(store.layerTarPath(layer.diffId))
    expect(await readFile(tar)).toEqual(layer.tar)
    const wrong = `sha256:${'e'.repeat(64)}`
    await expect(store.ensureLayerTar(layer, 'gzip', wrong)).rejects.toThrow(
      /uncompresses to .* rootfs.diff_ids says/
    )
    expect(await store.hasLayerTar(wrong)).toBe(false)
  })

  // Node ≥ 22.15 compresses itself; older Node needs the zstd program (on every runner image)
  const zlibZstd = (zlib as { zstdCompressSync?: (b: Buffer) => Buffer }).zstdCompressSync
  const hasZstdCli = spawnSync('sh', ['-c', 'command -v zstd'], { stdio: 'ignore' }).status === 0
  it.skipIf(!zlibZstd && !hasZstdCli)(
    'unpacks zstd layers (zlib on Node ≥ 22.15, else the zstd program) and plain tars',
    async () => {
      const img = await makeImage({ layerSizes: [7000] })
      const layer = img.layers[0]!
      const zst = zlibZstd
        ? zlibZstd(layer.tar)
        : execFileSync('zstd', ['-q', '-c'], { input: layer.tar })
      const store = await ContentStore.open(await tempDir('store-'))
      await store.putBlobBytes(sha(zst), zst)
      const tar = await store.ensureLayerTar({ digest: sha(zst) }, 'zstd', layer.diffId)
      expect(await readFile(tar)).toEqual(layer.tar)
      await store.putBlobBytes(layer.diffId, layer.tar)
      const plain = await ContentStore.open(await tempDir('store-'))
      await plain.putBlobBytes(layer.diffId, layer.tar)
      expect(
        await readFile(await plain.ensureLayerTar({ digest: layer.diffId }, 'none', layer.diffId))
      ).toEqual(layer.tar)
    }
  )

  it('evicts least-recently-used entries down to the bound, keeping what this process uses', async () => {
    const root = await tempDir('store-')
    const log = new MemoryLogger()
    const writer = await ContentStore.open(root)
    const blobs = [0, 1, 2, 3].map((i) => Buffer.alloc(1000, i))
    for (const b of blobs) await writer.putBlobBytes(sha(b), b)
    // ages: blob 0 oldest … blob 3 newest; then blob 0 used again
    for (const [i, b] of blobs.entries()) {
      const t = new Date(Date.now() - (10 - i) * 60_000)
      await utimes(`${writer.blobPath(sha(b))}.ok`, t, t)
    }
    const fresh = await ContentStore.open(root, { maxBytes: 2000, log })
    expect(await fresh.hasBlob({ digest: sha(blobs[0]!) })).toBe(true) // touches it
    const r = await fresh.evict()
    expect(r).toEqual({ removed: 2, freedBytes: 2000, keptBytes: 2000 })
    const left = await Promise.all(
      blobs.map((b) => new ContentStore(root).hasBlob({ digest: sha(b) }))
    )
    expect(left).toEqual([true, false, false, true])
    expect(log.text()).toMatch(/evicted 2 entries/)
    // a day-old partial download from a dead process goes too; a fresh one stays
    const stale = join(root, 'tmp', 'dead.1.partial')
    const live = join(root, 'tmp', 'live.2.partial')
    await writeFile(stale, 'x')
    await writeFile(live, 'y')
    const old = new Date(Date.now() - 25 * 3600_000)
    await utimes(stale, old, old)
    await fresh.evict()
    expect((await readdir(join(root, 'tmp'))).sort()).toEqual(['live.2.partial'])
  })

  it('verifyAll re-hashes every entry and drops the corrupt ones', async () => {
    const root = await tempDir('store-')
    const store = await ContentStore.open(root)
    const a = Buffer.from('aaaa')
    const b = Buffer.from('bbbb')
    await store.putBlobBytes(sha(a), a)
    await store.putBlobBytes(sha(b), b)
    await writeFile(store.blobPath(sha(b)), 'bbbX')
    expect(await store.verifyAll()).toEqual({ checked: 2, dropped: 1 })
    expect(await store.readBlob({ digest: sha(a) })).toEqual(a)
    expect(await store.readBlob({ digest: sha(b) })).toBeUndefined()
  })

  it('checks an entry it verified earlier by its fingerprint, so a later change is still caught', async () => {
    const log = new MemoryLogger()
    const store = await ContentStore.open(await tempDir('store-'), { log })
    const a = Buffer.from('a'.repeat(64))
    const path = await store.putBlobBytes(sha(a), a)
    expect(await store.hasBlob({ digest: sha(a) })).toBe(true)
    // same size, new bytes (and a new mtime: past the kernel's coarse clock tick): this process
    // checked it before, yet it is re-hashed
    await new Promise((r) => setTimeout(r, 30))
    await writeFile(path, 'b'.repeat(64))
    expect(await store.hasBlob({ digest: sha(a) })).toBe(false)
    expect(log.text()).toMatch(/dropping .*content hashes to/)
    // the marker is gone with the entry; a second store object agrees
    expect(await (await ContentStore.open(store.root)).hasBlob({ digest: sha(a) })).toBe(false)
  })

  it('keeps resolved-reference metadata', async () => {
    const store = await ContentStore.open(await tempDir('store-'))
    await store.putResolved('ref:x', { manifestDigest: 'sha256:1' })
    expect((await store.getResolved<{ manifestDigest: string }>('ref:x'))?.value).toEqual({
      manifestDigest: 'sha256:1'
    })
    expect(await store.getResolved('ref:y')).toBeUndefined()
  })
})
