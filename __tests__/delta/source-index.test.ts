import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { encodeNative } from '../../src/delta/native.js'
import { adler32 } from '../../src/delta/vcdiff/adler32.js'
import { matchLength, viewOf } from '../../src/delta/vcdiff/match.js'
import {
  BLOCK,
  HASH_MUL,
  SourceIndex,
  blockBits,
  blockHash,
  checkTag,
  rollHash
} from '../../src/delta/vcdiff/source-index.js'
import { varintLength } from '../../src/delta/vcdiff/varint.js'
import { randomBytes, rng, sameFile, xdelta3Decode } from './fixtures.js'

const MiB = 1024 * 1024

/** Source positions of the entries in h's bucket that pass its check bits. */
function candidates(index: SourceIndex, h: number): number[] {
  const out: number[] = []
  const slot = index.slot(h)
  const tag = checkTag(h, index.checkMask)
  for (let e = 0; e < index.ways; e++) {
    const v = index.table[slot + e]!
    if (v === 0) break
    if (((v ^ tag) & index.checkMask) === 0)
      out.push((((v & index.blockMask) >>> 0) - 1) * index.step)
  }
  return out
}

/** The index table made by inserting block after block: per bucket the first block, then the newest ones. */
function referenceTable(index: SourceIndex, src: Uint8Array): Int32Array {
  const t = new Int32Array(index.table.length)
  const blocks = Math.floor((src.length - BLOCK) / index.step) + 1
  for (let i = 0; i < blocks; i++) {
    const h = blockHash(src, i * index.step)
    const e = index.slot(h)
    const v = (i + 1) | checkTag(h, index.checkMask)
    if (t[e] === 0) t[e] = v
    else {
      for (let k = e + index.ways - 1; k > e + 1; k--) t[k] = t[k - 1]!
      t[e + 1] = v
    }
  }
  return t
}

describe('source index build', () => {
  it('wide buckets (512 entries) filled chunk by chunk hold what block-by-block insertion does', () => {
    const rand = rng(11)
    // 600 KB: ~300,000 blocks at step 2, several build chunks; a few
    // repeated records overfill some buckets, random bytes fill the others.
    const rec = Array.from({ length: 5 }, () => randomBytes(rand, 40))
    const parts: Uint8Array[] = []
    let size = 0
    while (size < 600_000) {
      const p = rand() < 0.5 ? rec[Math.floor(rand() * rec.length)]! : randomBytes(rand, 50)
      parts.push(p)
      size += p.length
    }
    const src = Buffer.concat(parts)
    const index = new SourceIndex(src, 9, 4 * src.length)
    expect(index.ways).toBe(512)
    expect(index.step).toBe(2)
    const ref = referenceTable(index, src)
    // some bucket overflowed (so dropping the oldest entries is exercised)
    let full = 0
    for (let b = 0; b < index.buckets; b++) if (ref[b * 512 + 511] !== 0) full++
    expect(full).toBeGreaterThan(0)
    expect(Buffer.from(index.table.buffer).equals(Buffer.from(ref.buffer))).toBe(true)
    // 8-entry buckets take the per-block path: the same rule
    const narrow = new SourceIndex(src, 3, 4 * src.length)
    expect(
      Buffer.from(narrow.table.buffer).equals(Buffer.from(referenceTable(narrow, src).buffer))
    ).toBe(true)
  })
})

describe('source index entries: block number + check bits', () => {
  const rand = rng(7)

  it('blockBits leaves check bits for every source up to 4 GiB − 2 (step ≥ 2), none past 2^31 blocks', () => {
    expect(blockBits(0)).toBe(1)
    expect(blockBits(1)).toBe(1) // entries hold 1 … blocks
    expect(blockBits(3)).toBe(2)
    expect(blockBits(4)).toBe(3)
    // openjdk: 184 MiB at step 12 → 24 bits, 8 check bits
    expect(blockBits(Math.floor((192942080 - BLOCK) / 12) + 1)).toBe(24)
    // the largest native source at the densest step: 31 bits, 1 check bit
    expect(blockBits(Math.floor((0xfffffffe - BLOCK) / 2) + 1)).toBe(31)
    expect(blockBits(2 ** 31)).toBe(32)
    expect(blockBits(2 ** 32 - 1)).toBe(32)
  })

  it('blockHash equals the rolling hash it replaced (byte by byte, and rolled)', () => {
    const data = randomBytes(rand, 4096)
    let rolled = 0
    for (let i = 0; i < BLOCK; i++) rolled = (Math.imul(rolled, HASH_MUL) + data[i]!) | 0
    for (let p = 0; p + BLOCK <= data.length; p++) {
      let plain = 0
      for (let i = 0; i < BLOCK; i++) plain = (Math.imul(plain, HASH_MUL) + data[p + i]!) | 0
      expect(blockHash(data, p)).toBe(plain)
      expect(rolled).toBe(plain)
      if (p + BLOCK < data.length) rolled = rollHash(rolled, data[p]!, data[p + BLOCK]!)
    }
  })

  for (const checkBits of [32, 1, 0]) {
    it(`every entry is found through its block's own hash (check bits ≤ ${checkBits})`, () => {
      const size = 256 * 1024
      const source = randomBytes(rand, size)
      const index = new SourceIndex(source, 3, undefined, undefined, checkBits)
      if (checkBits === 0) {
        expect(index.checkMask).toBe(0)
        expect(index.blockMask).toBe(-1)
      } else expect(index.checkMask).not.toBe(0)
      const blocks = Math.floor((size - BLOCK) / index.step) + 1
      let found = 0
      for (let n = 0; n < blocks; n++) {
        const at = n * index.step
        if (candidates(index, blockHash(source, at)).includes(at)) found++
      }
      let entries = 0
      for (const v of index.table) if (v !== 0) entries++
      // every stored entry, and no other, is found; full buckets drop some blocks
      expect(found).toBe(entries)
      expect(found).toBeGreaterThan(0.5 * Math.min(blocks, index.table.length))
    })
  }

  it('check bits turn away most entries of other hashes without a source read', () => {
    const size = 2 * MiB
    const source = randomBytes(rand, size)
    const index = new SourceIndex(source, 1)
    const other = randomBytes(rand, 64 * 1024)
    let entries = 0
    let passed = 0
    for (let p = 0; p + BLOCK <= other.length; p += 7) {
      const h = blockHash(other, p)
      const slot = index.slot(h)
      for (let e = 0; e < index.ways; e++) if (index.table[slot + e] !== 0) entries++
      passed += candidates(index, h).length
    }
    const bits = 32 - blockBits(Math.floor((size - BLOCK) / index.step) + 1)
    expect(bits).toBeGreaterThanOrEqual(8)
    expect(entries).toBeGreaterThan(5000)
    // random data: about entries / 2^bits pass; allow 4× that
    expect(passed).toBeLessThan((4 * entries) / 2 ** bits + 4)
  })
})

describe('adler32 and matchLength', () => {
  const rand = rng(11)

  it('adler32 equals zlib’s (the zlib stream’s trailer) at any length, offset and worst-case bytes', () => {
    const zlibAdler = (d: Uint8Array): number =>
      deflateSync(d).readUInt32BE(deflateSync(d).length - 4)
    const ff = new Uint8Array(100_000).fill(0xff)
    const rnd = randomBytes(rand, 50_000)
    for (const data of [ff, rnd])
      for (const [a, b] of [
        [0, 0],
        [0, 1],
        [0, 7],
        [3, 3851],
        [0, 3848],
        [1, 3849],
        [5, 20_000],
        [0, data.length]
      ]) {
        const part = data.subarray(a!, b!)
        expect(adler32(data, a, b)).toBe(zlibAdler(part))
        expect(adler32(part)).toBe(zlibAdler(part))
      }
  })

  it('matchLength equals a byte loop, including at the limit and across 8-byte steps', () => {
    const a = randomBytes(rand, 3000)
    const b = Buffer.concat([randomBytes(rand, 17), a])
    // differences every so often
    for (let i = 40; i < a.length; i += 37 + (i % 101)) b[17 + i] = b[17 + i]! ^ 1
    const av = viewOf(a)
    const bv = viewOf(b)
    for (let p = 0; p < a.length; p += 13)
      for (const lim of [0, 1, 8, 9, 17, a.length - p]) {
        if (lim > a.length - p) continue
        let k = 0
        while (k < lim && a[p + k] === b[17 + p + k]) k++
        expect(matchLength(a, av, p, b, bv, 17 + p, lim)).toBe(k)
      }
  })
})

describeWithTools(['xdelta3'], 'encodes with and without index check bits', () => {
  let dir: string
  beforeAll(async () => {
    dir = await tempDir('mc-index-')
  })

  it('moved 4 KiB pieces are all copied from the source whatever the check bits; xdelta3 decodes', async () => {
    const rand = rng(3)
    const source = randomBytes(rand, 6 * MiB)
    const pieces: Buffer[] = []
    for (let i = 0; i < 1500; i++) {
      const at = Math.floor(rand() * (source.length - 4096))
      pieces.push(source.subarray(at, at + 4096))
    }
    const target = Buffer.concat(pieces)
    const src = join(dir, 'src')
    const tgt = join(dir, 'tgt')
    writeFileSync(src, source)
    writeFileSync(tgt, target)
    for (const bits of [undefined, 1, 0]) {
      const out = join(dir, `delta-${bits}`)
      const r = await encodeNative(src, tgt, out, { indexCheckBits: bits })
      expect(r.stats.copySourceBytes).toBeGreaterThan(0.99 * target.length)
      xdelta3Decode(src, out, join(dir, `out-${bits}`))
      sameFile(join(dir, `out-${bits}`), tgt)
    }
  })
})

describe('varintLength', () => {
  it('counts base-128 digits at every boundary', () => {
    for (let digits = 1; digits <= 7; digits++) {
      const first = digits === 1 ? 0 : 128 ** (digits - 1)
      expect(varintLength(first)).toBe(digits)
      expect(varintLength(128 ** digits - 1)).toBe(digits)
    }
  })
})
