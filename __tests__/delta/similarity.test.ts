import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  decodeFingerprint,
  encodeFingerprint,
  fingerprintFile,
  sharedBytes
} from '../../src/delta/similarity/fingerprint.js'
import { FingerprintCache } from '../../src/delta/similarity/stored-fingerprint.js'
import {
  renameIndex,
  renamedOverlap,
  versionlessPath
} from '../../src/delta/similarity/renamed-files.js'
import { chooseSource, type SourceSignals } from '../../src/delta/similarity/choose-source.js'
import { describePairing, pairingOf } from '../../src/delta/similarity/pairing-report.js'
import { tempDir } from '../helpers/tmp.js'
import { content, layerTar, type Files } from '../device/oci-fixtures.js'

const files = (dir: string, seed = 'f'): Files => ({
  [`${dir}/bin/tool`]: content(`${seed}-tool`, 300_000),
  [`${dir}/lib/a.so`]: content(`${seed}-a`, 120_000),
  [`${dir}/share/notes.txt`]: content(`${seed}-notes`, 20_000)
})

/** Deterministic bytes, fast (xorshift32). */
function noise(size: number): Buffer {
  const out = Buffer.alloc(size)
  let x = 2463534242
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

async function tarFile(dir: string, name: string, f: Files): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, await layerTar(f))
  return path
}

describe('content fingerprints of layer tars', () => {
  it('find a layer whose folder was renamed, and nothing in an unrelated one', async () => {
    const dir = await tempDir()
    const v1 = await fingerprintFile(await tarFile(dir, 'v1.tar', files('opt/app-1.2.3')))
    const v2 = await fingerprintFile(await tarFile(dir, 'v2.tar', files('opt/app-1.2.4')))
    const other = await fingerprintFile(await tarFile(dir, 'o.tar', files('srv', 'other')))
    expect(sharedBytes(v2, v1)).toBeGreaterThan(0.9 * v2.size)
    expect(sharedBytes(v2, other)).toBe(0)
    expect(sharedBytes(other, v1)).toBe(0)
  })

  it('estimate the share of a layer another one holds', async () => {
    const dir = await tempDir()
    const half = { 'x/big': content('big', 400_000), 'x/other': content('other', 400_000) }
    const fp = await fingerprintFile(await tarFile(dir, 'h.tar', half))
    const part = await fingerprintFile(await tarFile(dir, 'p.tar', { 'y/big': half['x/big'] }))
    const share = sharedBytes(fp, part) / fp.size
    expect(share).toBeGreaterThan(0.4)
    expect(share).toBeLessThan(0.6)
  })

  it('ignore runs of one byte (tar padding), which unrelated layers share', async () => {
    const dir = await tempDir()
    const a = await fingerprintFile(await tarFile(dir, 'a.tar', { z: Buffer.alloc(100_000) }))
    const b = await fingerprintFile(await tarFile(dir, 'b.tar', { w: Buffer.alloc(90_000) }))
    expect(sharedBytes(a, b)).toBe(0)
  })

  it('sample big layers coarser and still compare them with small ones', async () => {
    const dir = await tempDir()
    const blob = noise(4_000_000)
    const big = { 'b/blob': blob }
    const small = { 's/piece': blob.subarray(0, 500_000) }
    const fb = await fingerprintFile(await tarFile(dir, 'big.tar', big))
    const fs = await fingerprintFile(await tarFile(dir, 'small.tar', small))
    expect(fb.level).toBeGreaterThan(fs.level)
    expect(fb.chunks.length).toBeLessThanOrEqual(2048)
    // the small layer lies inside the big one
    expect(sharedBytes(fs, fb)).toBeGreaterThan(0.8 * fs.size)
  })

  it('round-trip through the stored form, and refuse another form', async () => {
    const dir = await tempDir()
    const fp = await fingerprintFile(await tarFile(dir, 'v1.tar', files('opt/app')))
    expect(decodeFingerprint(JSON.parse(JSON.stringify(encodeFingerprint(fp))))).toEqual(fp)
    expect(decodeFingerprint({ v: 2, size: 1, level: 0, chunks: '' })).toBeUndefined()
    expect(decodeFingerprint(null)).toBeUndefined()
  })

  it('are read from the store on a warm build, not from the layer', async () => {
    const dir = await tempDir()
    const records = new Map<string, unknown>()
    const store = {
      getResolved: async <T>(key: string) =>
        records.has(key) ? { value: records.get(key) as T } : undefined,
      putResolved: async <T>(key: string, value: T) => {
        records.set(key, value)
      }
    }
    const name = `${'ab'.repeat(32)}.tar`
    const path = await tarFile(dir, name, files('opt/app'))
    const cold = await new FingerprintCache(store).of(path)
    expect([...records.keys()]).toEqual([`layer-fingerprint/v1 sha256:${'ab'.repeat(32)}`])
    await rm(path)
    // a new build: the layer file is gone, the fingerprint is still there
    expect(await new FingerprintCache(store).of(path)).toEqual(cold)
  })
})

describe('files renamed only by their version', () => {
  it('lose digit runs and hash-like runs', () => {
    expect(versionlessPath('opt/app-2.6.7/bin/app')).toBe(versionlessPath('opt/app-2.6.8/bin/app'))
    expect(versionlessPath('lib/app-1.4.2.jar')).toBe('lib/app-#.#.#.jar')
    expect(versionlessPath('node_modules/.pnpm/pkg@1.0.1_3f9a2c1de/index.js')).toBe(
      'node_modules/.pnpm/pkg@#.#.#_#/index.js'
    )
    expect(versionlessPath('usr/share/doc/readme')).toBe('usr/share/doc/readme')
  })

  it('match within one size class', () => {
    const a = renameIndex(
      new Map([
        ['app-1.0/big', 100_000],
        ['app-1.0/x', 10]
      ])
    )
    const b = renameIndex(
      new Map([
        ['app-1.1/big', 120_000],
        ['app-1.1/x', 3000]
      ])
    )
    expect(renamedOverlap(a, b)).toEqual({ bytes: 100_010, files: 2 })
    const c = renameIndex(new Map([['app-1.1/big', 300_000]]))
    expect(renamedOverlap(a, c)).toEqual({ bytes: 0, files: 0 })
  })
})

const signals = (source: number, over: Partial<SourceSignals>): SourceSignals => ({
  source,
  pathBytes: 0,
  sharedPaths: 0,
  renamedBytes: 0,
  renamedFiles: 0,
  contentBytes: 0,
  ...over
})

describe('chooseSource', () => {
  it('takes the layer holding most of the content over the one sharing paths', () => {
    const choice = chooseSource(1, 1_000_000, [
      signals(0, { pathBytes: 50_000, sharedPaths: 3, renamedBytes: 50_000, contentBytes: 40_000 }),
      signals(1, { contentBytes: 800_000 })
    ])
    expect(choice).toEqual({
      source: 1,
      reason: 'content similarity',
      signals: signals(1, { contentBytes: 800_000 })
    })
  })

  it('says path overlap when shared paths alone would pick the same layer', () => {
    const choice = chooseSource(0, 1_000_000, [
      signals(0, {
        pathBytes: 900_000,
        sharedPaths: 40,
        renamedBytes: 900_000,
        contentBytes: 700_000
      })
    ])
    expect(choice?.reason).toBe('path overlap')
  })

  it('encodes a close runner-up too, on small layers only', () => {
    const close = [signals(0, { contentBytes: 500_000 }), signals(1, { contentBytes: 450_000 })]
    expect(chooseSource(2, 1_000_000, close)).toMatchObject({ source: 0, alternate: 1 })
    expect(chooseSource(2, 64 << 20, close)?.alternate).toBeUndefined()
    const far = [signals(0, { contentBytes: 500_000 }), signals(1, { contentBytes: 300_000 })]
    expect(chooseSource(2, 1_000_000, far)?.alternate).toBeUndefined()
  })

  it('ships whole when nothing is expected to copy', () => {
    expect(chooseSource(0, 1000, [signals(0, {}), signals(1, {})])).toBeUndefined()
  })
})

describe('pairing report', () => {
  it('says which current layer and why, in one line', () => {
    const s = signals(2, { contentBytes: 930_000, sharedPaths: 0, renamedFiles: 41 })
    const p = pairingOf(
      { kind: 'delta', source: 2, reason: 'content similarity', signals: s, alternate: 1 },
      2
    )
    expect(describePairing(p, 1_000_000)).toBe(
      'current layer 2 by content similarity (~93 % of its bytes, 41 files renamed, smaller delta than from layer 1)'
    )
    expect(pairingOf({ kind: 'reused', source: 0 })).toEqual({ reason: 'same layer', source: 0 })
    expect(describePairing(pairingOf({ kind: 'full' }), 10)).toBe(
      'none: nothing in common with a current layer'
    )
  })
})
