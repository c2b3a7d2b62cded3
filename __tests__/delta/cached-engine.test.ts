import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import tar from 'tar-stream'
import { describe, expect, it } from 'vitest'
import { decodeDelta } from '../../src/delta/index.js'
import { ContentStore } from '../../src/oci/store.js'
import { deltaEngine, type DeltaEngine } from '../../src/delta/engine.js'
import { LayerCache } from '../../src/payload/layers.js'
import { cachedDeltaEngine, contentIdOf, deltaCacheKey } from '../../src/delta/cached-engine.js'
import { copyDelta } from '../../src/delta/copy-delta.js'
import { MemoryLogger } from '../../src/util/log.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'

const run = promisify(execFile)
const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

/** Pseudo-random but compressible bytes, the same every run. */
function bytes(seed: number, n: number): Buffer {
  const out = Buffer.alloc(n)
  let x = seed * 2654435761 || 1
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = i % 3 ? x & 0xff : 0x61 + (x & 7)
  }
  return out
}

/** A file named by the sha256 of its bytes, as the store and the layer cache name layers. */
async function contentFile(dir: string, data: Buffer): Promise<string> {
  const path = join(dir, `${hex(data)}.tar`)
  await writeFile(path, data)
  return path
}

/** The native engine, counting the encodes it really runs. */
function counting(): DeltaEngine & { encodes: number } {
  const inner = deltaEngine('native')
  const e = {
    encodes: 0,
    encode: async (job: Parameters<DeltaEngine['encode']>[0]) => {
      e.encodes++
      return inner.encode(job)
    },
    decode: inner.decode
  }
  return e
}

describeWithTools(['xdelta3'], 'copy deltas of unchanged layers', () => {
  it.each([0, 1, 999, 1000, 1001, 5_432])(
    'a %i-byte file decodes to itself with our decoder and with xdelta3',
    async (size) => {
      const dir = await tempDir()
      const src = join(dir, 'src')
      await writeFile(src, bytes(size, size))
      const delta = join(dir, 'copy.vcdiff')
      await writeFile(delta, copyDelta(size, 1000))
      await decodeDelta({ sourcePath: src, deltaPath: delta, outputPath: join(dir, 'ours') })
      await run('xdelta3', ['-d', '-f', '-s', src, delta, join(dir, 'x3')])
      expect(await readFile(join(dir, 'ours'))).toEqual(await readFile(src))
      expect(await readFile(join(dir, 'x3'))).toEqual(await readFile(src))
      expect(copyDelta(size, 1000).length).toBeLessThan(20 + 20 * Math.ceil(size / 1000))
    }
  )
})

describe('the delta cache', () => {
  async function setup() {
    const dir = await tempDir()
    const store = await ContentStore.open(join(dir, 'store'))
    const v1 = bytes(1, 300_000)
    const v2 = Buffer.concat([
      v1.subarray(0, 150_000),
      Buffer.from('changed'),
      v1.subarray(150_000)
    ])
    const files = join(dir, 'files')
    await (await import('node:fs/promises')).mkdir(files)
    const source = await contentFile(files, v1)
    const target = await contentFile(files, v2)
    return { dir, store, source, target, v2 }
  }
  const engineId = 'native test-1'

  it('encodes a pair once; a second build takes it from the store, checked, and decodes it to the target', async () => {
    const { dir, store, source, target, v2 } = await setup()
    const first = counting()
    const a = cachedDeltaEngine(first, { store, engineId, log: new MemoryLogger() })
    const out1 = join(dir, 'a.vcdiff')
    const r1 = await a.encode({ sourcePath: source, targetPath: target, outputPath: out1 })
    expect(first.encodes).toBe(1)
    expect(a.stats).toMatchObject({ encoded: 1, hits: 0 })
    const entry = await store.getResolved<{ delta: string; size: number }>(
      deltaCacheKey(contentIdOf(source)!, contentIdOf(target)!, engineId)
    )
    expect(entry?.value.size).toBe(r1.size)
    expect(await a.holds(contentIdOf(source)!, contentIdOf(target)!)).toBe(true)
    expect(await a.holds(contentIdOf(target)!, contentIdOf(source)!)).toBe(false)

    // a new run (new engine object), same store: nothing encoded
    const second = counting()
    const b = cachedDeltaEngine(second, { store, engineId, log: new MemoryLogger() })
    const out2 = join(dir, 'b.vcdiff')
    const r2 = await b.encode({ sourcePath: source, targetPath: target, outputPath: out2 })
    expect(second.encodes).toBe(0)
    expect(b.stats).toMatchObject({ encoded: 0, hits: 1 })
    expect(r2.size).toBe(r1.size)
    expect(await readFile(out2)).toEqual(await readFile(out1))
    // the payload's check: decoding gives the target's bytes
    await b.decode({ sourcePath: source, deltaPath: out2, outputPath: join(dir, 'check') })
    expect(await readFile(join(dir, 'check'))).toEqual(v2)
    // and the delta really decodes so with the real decoder too
    await decodeDelta({ sourcePath: source, deltaPath: out2, outputPath: join(dir, 'real') })
    expect(await readFile(join(dir, 'real'))).toEqual(v2)
  })

  it('a cached delta whose bytes changed on disk is dropped and encoded again', async () => {
    const { dir, store, source, target, v2 } = await setup()
    const a = cachedDeltaEngine(counting(), { store, engineId, log: new MemoryLogger() })
    await a.encode({ sourcePath: source, targetPath: target, outputPath: join(dir, 'a.vcdiff') })
    const entry = await store.getResolved<{ delta: string }>(
      deltaCacheKey(contentIdOf(source)!, contentIdOf(target)!, engineId)
    )
    const blob = store.blobPath(entry!.value.delta)
    const bad = await readFile(blob)
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff
    await writeFile(blob, bad)
    const second = counting()
    const log = new MemoryLogger()
    const b = cachedDeltaEngine(second, {
      store: await ContentStore.open(store.root, { log }),
      engineId,
      log
    })
    const out = join(dir, 'b.vcdiff')
    await b.encode({ sourcePath: source, targetPath: target, outputPath: out })
    expect(second.encodes).toBe(1)
    expect(log.text()).toMatch(/dropping .*content hashes to/)
    await decodeDelta({ sourcePath: source, deltaPath: out, outputPath: join(dir, 'real') })
    expect(await readFile(join(dir, 'real'))).toEqual(v2)
  })

  it('another engine or encoder version misses the cache', async () => {
    const { dir, store, source, target } = await setup()
    const job = { sourcePath: source, targetPath: target, outputPath: join(dir, 'a.vcdiff') }
    await cachedDeltaEngine(counting(), { store, engineId, log: new MemoryLogger() }).encode(job)
    const other = counting()
    await cachedDeltaEngine(other, {
      store,
      engineId: 'native test-2',
      log: new MemoryLogger()
    }).encode(job)
    expect(other.encodes).toBe(1)
  })

  it('an unchanged layer gets a copy delta without encoding; the payload check still decodes it to the target', async () => {
    const { dir, store, target, v2 } = await setup()
    const inner = counting()
    const e = cachedDeltaEngine(inner, { store, engineId, log: new MemoryLogger() })
    const out = join(dir, 'same.vcdiff')
    const r = await e.encode({ sourcePath: target, targetPath: target, outputPath: out })
    expect(inner.encodes).toBe(0)
    expect(e.stats.identical).toBe(1)
    expect(r.size).toBeLessThan(100)
    await decodeDelta({ sourcePath: target, deltaPath: out, outputPath: join(dir, 'real') })
    expect(await readFile(join(dir, 'real'))).toEqual(v2)
  })

  it('a delta that does not decode to the target is not cached, and the check decodes it for real', async () => {
    const { dir, store, source, target } = await setup()
    const broken: DeltaEngine = {
      // the delta of the target against itself: valid VCDIFF, wrong bytes from this source
      encode: async (job) => deltaEngine('native').encode({ ...job, sourcePath: job.targetPath }),
      decode: deltaEngine('native').decode
    }
    const log = new MemoryLogger()
    const e = cachedDeltaEngine(broken, { store, engineId, log })
    const out = join(dir, 'bad.vcdiff')
    await e.encode({ sourcePath: source, targetPath: target, outputPath: out })
    expect(log.text()).toMatch(/does not decode to it; not cached|not caching/)
    expect(
      await store.getResolved(deltaCacheKey(contentIdOf(source)!, contentIdOf(target)!, engineId))
    ).toBeUndefined()
    // not marked as checked: the payload's check runs the real decoder, which refuses it
    await expect(
      e.decode({ sourcePath: source, deltaPath: out, outputPath: join(dir, 'check') })
    ).rejects.toThrow(/cannot decode delta/)
  })

  it('files not named by their content pass through uncached', async () => {
    const { dir, store, source } = await setup()
    const plain = join(dir, 'plain.tar')
    await writeFile(plain, bytes(9, 1000))
    const inner = counting()
    const e = cachedDeltaEngine(inner, { store, engineId, log: new MemoryLogger() })
    const job = { sourcePath: source, targetPath: plain, outputPath: join(dir, 'p.vcdiff') }
    await e.encode(job)
    await e.encode(job)
    expect(inner.encodes).toBe(2)
    expect(e.stats.uncached).toBe(2)
  })
})

describe('the payload check of cached deltas', () => {
  it('vouches only for deltas it checked, and only for their own target', async () => {
    const dir = await tempDir()
    const store = await ContentStore.open(join(dir, 'store'))
    const a = await contentFile(dir, bytes(3, 50_000))
    const b = await contentFile(dir, Buffer.concat([bytes(3, 50_000), Buffer.from('x')]))
    const e = cachedDeltaEngine(deltaEngine('native'), {
      store,
      engineId: 'native test-1',
      log: new MemoryLogger()
    })
    const out = join(dir, 'ab.vcdiff')
    await e.encode({ sourcePath: a, targetPath: b, outputPath: out })
    expect(e.checked!(out, contentIdOf(b)!)).toBe(true)
    expect(e.checked!(out, contentIdOf(a)!)).toBe(false)
    expect(e.checked!(join(dir, 'other.vcdiff'), contentIdOf(b)!)).toBe(false)
  })
})

describe('layer member lists kept in the store', () => {
  it('a later build reads them from the store instead of parsing the tar again', async () => {
    const dir = await tempDir()
    const store = await ContentStore.open(join(dir, 'store'))
    const pack = tar.pack()
    pack.entry({ name: 'usr/bin/app', mtime: new Date(0) }, Buffer.alloc(1234, 1))
    pack.entry({ name: 'etc/app.conf', mtime: new Date(0) }, 'x=1\n')
    pack.finalize()
    const chunks: Buffer[] = []
    for await (const c of pack) chunks.push(c as Buffer)
    const tarPath = await contentFile(dir, Buffer.concat(chunks))
    const first = await new LayerCache(join(dir, 'l1'), store).members(tarPath)
    expect(first).toEqual(
      new Map([
        ['usr/bin/app', 1234],
        ['etc/app.conf', 4]
      ])
    )
    await rm(tarPath)
    expect(await new LayerCache(join(dir, 'l2'), store).members(tarPath)).toEqual(first)
    // without a store that keeps records, the tar is what counts
    await expect(
      new LayerCache(join(dir, 'l3'), { blobPath: (d) => d }).members(tarPath)
    ).rejects.toThrow()
  })
})
