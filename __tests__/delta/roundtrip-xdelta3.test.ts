import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, expect, it } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { decodeDelta, encodeDelta } from '../../src/delta/index.js'
import { encodeNative } from '../../src/delta/native.js'
import { defaultWindowSize, type EncoderOptions } from '../../src/delta/vcdiff/encoder.js'
import { POOL_ENCODER } from '../../src/delta/engine.js'
import {
  bucketOf,
  chooseWaysLog,
  denseIndexBudget,
  indexBudget,
  indexLayout
} from '../../src/delta/vcdiff/source-index.js'
import {
  proveRoundTrip,
  randomBytes,
  randomEdits,
  rng,
  sameFile,
  xdelta3Decode
} from './fixtures.js'

const MiB = 1024 * 1024
const WINDOW = 8 * MiB

function text(rand: () => number, n: number): Buffer {
  const words = [
    'delta',
    'layer',
    'mender',
    'compose',
    'the',
    'of',
    'window',
    'copy',
    '\n',
    'xdelta3'
  ]
  const parts: string[] = []
  let len = 0
  while (len < n) {
    const w = words[Math.floor(rand() * words.length)]!
    parts.push(w, ' ')
    len += w.length + 1
  }
  return Buffer.from(parts.join('').slice(0, n))
}

describeWithTools(['xdelta3'], 'native VCDIFF deltas decoded by stock xdelta3 -d -s', () => {
  let dir: string
  beforeAll(async () => {
    dir = await tempDir('mc-delta-')
  })
  const rand = rng(42)

  it('empty source, empty target, both empty', async () => {
    const some = randomBytes(rand, 5000)
    await proveRoundTrip(dir, 'empty-src', Buffer.alloc(0), some)
    await proveRoundTrip(dir, 'empty-tgt', some, Buffer.alloc(0))
    await proveRoundTrip(dir, 'empty-both', Buffer.alloc(0), Buffer.alloc(0))
  })

  it('identical files are a few bytes per window', async () => {
    const data = randomBytes(rand, 3 * MiB)
    const { ours } = await proveRoundTrip(dir, 'identical', data, data)
    expect(ours).toBeLessThan(40)
  })

  it('unrelated random data (all literal)', async () => {
    const { ours } = await proveRoundTrip(
      dir,
      'random',
      randomBytes(rand, 300_000),
      randomBytes(rand, 200_000)
    )
    expect(ours).toBeGreaterThan(200_000)
    expect(ours).toBeLessThan(201_000)
  })

  it('text with edits (target-side repeats, small matches)', async () => {
    const a = text(rand, 500_000)
    const { ours } = await proveRoundTrip(dir, 'text', a, randomEdits(rand, a, 40))
    expect(ours).toBeLessThan(100_000)
  })

  it('many repeats of one block (index buckets overflow, the nearest copy is chosen)', async () => {
    // 4000 records that share their first 64 bytes and differ after: every
    // bucket of the shared blocks overflows its 8 entries, so copies come
    // from the first or a recent entry, scored by their address cost.
    const head = randomBytes(rand, 64)
    const recs = Array.from({ length: 4000 }, () => Buffer.concat([head, randomBytes(rand, 40)]))
    const source = Buffer.concat(recs)
    const target = Buffer.concat(recs.map((r, i) => (i % 7 === 0 ? randomBytes(rand, 104) : r)))
    const { ours } = await proveRoundTrip(dir, 'repeats', source, target)
    // 3428 copied records of 104 bytes (one or two copies of a few bytes each),
    // 572 random ones (about 60 KB of literals).
    expect(ours).toBeLessThan(60_000 + 3428 * 12)
  })

  it('encoder options (wide buckets, match minimums) decode with xdelta3 -d and ours; {} is the default', async () => {
    // records sharing a head (overflowing buckets) and edited text (short matches)
    const head = randomBytes(rand, 64)
    const recs = Array.from({ length: 2000 }, () => Buffer.concat([head, randomBytes(rand, 40)]))
    const words = text(rand, 300_000)
    const source = Buffer.concat([...recs, words])
    const target = Buffer.concat([
      ...recs.map((r, i) => (i % 5 === 0 ? randomBytes(rand, 104) : r)),
      randomEdits(rand, words, 60)
    ])
    const src = join(dir, 'opts.src')
    const tgt = join(dir, 'opts.tgt')
    writeFileSync(src, source)
    writeFileSync(tgt, target)
    const settings: EncoderOptions[] = [
      {},
      { indexWaysLog: 9 },
      { indexWaysLog: 0 },
      { indexWaysLog: 10, minHashMatch: 4, minTargetMatch: 4, minContinuation: 4 },
      { minHashMatch: 40, minTargetMatch: 1_000_000, minContinuation: 20, minFarContinuation: 30 },
      { shortCopies: false },
      { shortCopies: true, indexWaysLog: 3 },
      // many small windows with a tiny index: every window's short-copy pass and table reuse
      { windowSize: 64 * 1024, indexBudget: 16 * 1024 },
      // windows ended early by the op cap: the rest of each buffer starts the next window
      { maxWindowOps: 100 },
      { maxWindowOps: 100, windowSize: 64 * 1024, shortCopies: false }
    ]
    const sizes: number[] = []
    const windows: number[] = []
    for (const [k, o] of settings.entries()) {
      const delta = join(dir, `opts${k}.vcdiff`)
      const { size, stats } = await encodeNative(src, tgt, delta, o)
      sizes.push(size)
      windows.push(stats.windows)
      xdelta3Decode(src, delta, join(dir, `opts${k}.x3out`))
      sameFile(join(dir, `opts${k}.x3out`), tgt)
      await decodeDelta({
        sourcePath: src,
        deltaPath: delta,
        outputPath: join(dir, `opts${k}.out`)
      })
      sameFile(join(dir, `opts${k}.out`), tgt)
    }
    // no options: byte-identical to encodeDelta's (the encoder's defaults)
    const plain = join(dir, 'opts-plain.vcdiff')
    await encodeDelta({ sourcePath: src, targetPath: tgt, outputPath: plain })
    expect(readFileSync(plain).equals(readFileSync(join(dir, 'opts0.vcdiff')))).toBe(true)
    expect(new Set(sizes).size).toBeGreaterThan(1)
    // ~1,000 ops: a window per 100 of them instead of the one (or 8) by size
    expect(windows[0]).toBe(1)
    expect(windows[8]).toBeGreaterThan(5)
    expect(windows[9]).toBeGreaterThan(windows[7]! + 3)
    await expect(
      encodeNative(src, tgt, join(dir, 'bad.vcdiff'), { minHashMatch: 3 })
    ).rejects.toThrow(RangeError)
    await expect(
      encodeNative(src, tgt, join(dir, 'bad.vcdiff'), { indexWaysLog: 11 })
    ).rejects.toThrow(RangeError)
    await expect(
      encodeNative(src, tgt, join(dir, 'bad.vcdiff'), { windowSize: WINDOW + 1 })
    ).rejects.toThrow(RangeError)
  })

  it('repeat offsets: short pieces at an earlier copy displacement become copies, across windows too; xdelta3 -d decodes them', async () => {
    // Two moved "functions" interleaved: 30 bytes at displacement A, 2 changed
    // bytes, 9 bytes at displacement B, 2 changed bytes, and so on. The 9-byte
    // pieces are too short for the index (12+), but B is an earlier displacement.
    const r = rng(11)
    const source = randomBytes(r, 256 * 1024)
    // (A and B each advance with the target; one long B piece first puts B in the list.)
    const parts: Buffer[] = [source.subarray(149_960, 150_000)]
    let pieces9 = 0
    for (let a = 1000, b = 150_000; b + 43 < source.length; a += 43, b += 43) {
      parts.push(source.subarray(a, a + 30), randomBytes(r, 2))
      parts.push(source.subarray(b + 32, b + 41), randomBytes(r, 2))
      pieces9++
    }
    const target = Buffer.concat(parts)
    const src = join(dir, 'rep.src')
    const tgt = join(dir, 'rep.tgt')
    writeFileSync(src, source)
    writeFileSync(tgt, target)
    const copied: Record<string, number> = {}
    for (const reps of [0, 3]) {
      for (const windowSize of [WINDOW, 4096]) {
        const delta = join(dir, `rep${reps}-${windowSize}.vcdiff`)
        const { stats } = await encodeNative(src, tgt, delta, {
          repeatOffsets: reps,
          windowSize,
          shortCopies: false
        })
        copied[`${reps}/${windowSize}`] = stats.copySourceBytes
        xdelta3Decode(src, delta, join(dir, 'rep.x3out'))
        sameFile(join(dir, 'rep.x3out'), tgt)
      }
    }
    for (const w of [WINDOW, 4096]) {
      // most 9-byte pieces are copies with repeat offsets (B is carried from the
      // first window to the last), none without
      expect(copied[`3/${w}`]! - copied[`0/${w}`]!).toBeGreaterThan(pieces9 * 9 * 0.75)
    }
    await expect(
      encodeNative(src, tgt, join(dir, 'bad.vcdiff'), { repeatOffsets: 8 })
    ).rejects.toThrow(RangeError)
  })

  it('local index: 14-byte pieces near the last copy (too short for the main index) become copies; xdelta3 -d decodes them', async () => {
    // 40 bytes copied from x, 3 changed bytes, 14 bytes from a few hundred bytes
    // after x (a new displacement each time, so no repeat offset), 3 changed bytes.
    const r = rng(13)
    const source = randomBytes(r, 512 * 1024)
    const parts: Buffer[] = []
    let pieces = 0
    for (let x = 0; x + 1000 < source.length; x += 1000) {
      const y = x + 40 + Math.floor(r() * 400)
      parts.push(source.subarray(x, x + 40), randomBytes(r, 3))
      parts.push(source.subarray(y, y + 14), randomBytes(r, 3))
      pieces++
    }
    const target = Buffer.concat(parts)
    const src = join(dir, 'local.src')
    const tgt = join(dir, 'local.tgt')
    writeFileSync(src, source)
    writeFileSync(tgt, target)
    const copied: number[] = []
    for (const localIndex of [false, true]) {
      const delta = join(dir, `local-${localIndex}.vcdiff`)
      const { stats } = await encodeNative(src, tgt, delta, { localIndex, shortCopies: false })
      copied.push(stats.copySourceBytes)
      xdelta3Decode(src, delta, join(dir, 'local.x3out'))
      sameFile(join(dir, 'local.x3out'), tgt)
    }
    expect(copied[1]! - copied[0]!).toBeGreaterThan(pieces * 14 * 0.8)
  })

  it('short copies inside literals: taken where they gzip smaller, never where they do not; xdelta3 -d decodes both', async () => {
    const r = rng(7)
    const words = (n: number): string[] =>
      Array.from({ length: n }, () =>
        Array.from({ length: 4 + Math.floor(r() * 8) }, () =>
          String.fromCharCode(97 + Math.floor(r() * 26))
        ).join('')
      )
    const oldWords = words(400)
    const newWords = words(60)
    const pick = (v: string[]): string => v[Math.floor(r() * v.length)]!
    const lines = Array.from({ length: 8000 }, () =>
      Array.from({ length: 6 }, () => pick(oldWords)).join(' ')
    )
    // Renamed words that then repeat in the target (short target copies
    // between source copies), and changed numbers (literals gzip takes better).
    const renamed = lines.map((l, i) => {
      const w = l.split(' ')
      if (i % 2 === 0) w[Math.floor(r() * 5)] = pick(newWords)
      if (i % 3 === 0) w[1] = String(Math.floor(r() * 1000))
      return w.join(' ')
    })
    const numbered = lines.map((l, i) => (i % 3 === 0 ? `${l} ${i * 7}` : l))
    const run = async (
      name: string,
      target: string[],
      shortCopies: boolean
    ): Promise<{ gz: number; add: number }> => {
      const src = join(dir, `short-${name}.src`)
      const tgt = join(dir, `short-${name}.tgt`)
      writeFileSync(src, lines.join(';\n'))
      writeFileSync(tgt, target.join(';\n'))
      const delta = join(dir, `short-${name}-${shortCopies}.vcdiff`)
      const { stats } = await encodeNative(src, tgt, delta, { shortCopies })
      // every target byte is accounted for exactly once
      expect(stats.addBytes + stats.runBytes + stats.copySourceBytes + stats.copyTargetBytes).toBe(
        readFileSync(tgt).length
      )
      xdelta3Decode(src, delta, join(dir, 'short.x3out'))
      sameFile(join(dir, 'short.x3out'), tgt)
      await decodeDelta({ sourcePath: src, deltaPath: delta, outputPath: join(dir, 'short.out') })
      sameFile(join(dir, 'short.out'), tgt)
      return { gz: gzipSync(readFileSync(delta), { level: 6 }).length, add: stats.addBytes }
    }
    const plain = await run('renamed', renamed, false)
    const short = await run('renamed', renamed, true)
    expect(short.add).toBeLessThan(plain.add * 0.5)
    expect(short.gz).toBeLessThan(plain.gz * 0.97)
    // where they would not pay, the window keeps its plain encoding
    const plainN = await run('numbered', numbered, false)
    const shortN = await run('numbered', numbered, true)
    expect(shortN.gz).toBeLessThanOrEqual(plainN.gz)
  })

  it('index layout: 512 entries per bucket up to 2 MiB of source, 128 up to 12 MiB, 8 up to 32 MiB, 2 above; within budget', () => {
    expect(chooseWaysLog(1024)).toBe(9)
    expect(chooseWaysLog(2 * MiB)).toBe(9)
    expect(chooseWaysLog(2 * MiB + 1)).toBe(7)
    expect(chooseWaysLog(12 * MiB)).toBe(7)
    expect(chooseWaysLog(12 * MiB + 1)).toBe(3)
    expect(chooseWaysLog(32 * MiB)).toBe(3)
    expect(chooseWaysLog(32 * MiB + 1)).toBe(1)
    // The budget: what the memory goal (1.5 × source + 64 MiB of peak RSS)
    // leaves: up to 12 MiB source/2 + 3 MiB, above at most 0.45 × the source.
    expect(indexBudget(9.3 * MiB)).toBe(Math.floor((9.3 * MiB) / 2) + 3 * MiB)
    expect(indexLayout(9.3 * MiB).step).toBe(5)
    expect(indexLayout(2 * MiB).step).toBe(2)
    expect(indexBudget(45 * MiB)).toBe(9 * MiB)
    expect(indexBudget(541 * MiB)).toBe(Math.floor((541 * MiB) / 4) + 16 * MiB)
    for (const size of [13, 30, 45, 100, 184, 541].map((m) => m * MiB))
      expect(indexBudget(size)).toBeLessThanOrEqual(0.45 * size)
    for (const size of [
      0,
      1000,
      1.2 * MiB,
      9.3 * MiB,
      45 * MiB,
      184 * MiB,
      541 * MiB,
      4095 * MiB
    ]) {
      const { step, buckets, ways } = indexLayout(Math.floor(size))
      expect(buckets * ways * 4).toBeLessThanOrEqual(indexBudget(size))
      expect(step).toBeGreaterThanOrEqual(2)
      // Every indexed block has an entry: the budget is used, not halved by rounding.
      expect(buckets * ways).toBeGreaterThanOrEqual(
        Math.min(size / step, indexBudget(size) / 4) - ways
      )
    }
  })

  it('denseIndex: the pool encoder indexes a 14 MiB source past the memory cut; xdelta3 decodes it', async () => {
    const size = 14 * MiB
    expect(denseIndexBudget(size)).toBeGreaterThan(indexBudget(size))
    const src = join(dir, 'dense-src')
    const tgt = join(dir, 'dense-tgt')
    const source = randomBytes(rand, size)
    writeFileSync(src, source)
    writeFileSync(tgt, randomEdits(rand, source, 200))
    const bounded = await encodeNative(src, tgt, join(dir, 'dense-bounded.vcdiff'))
    const dense = await encodeNative(src, tgt, join(dir, 'dense.vcdiff'), { denseIndex: true })
    expect(bounded.stats.indexBytes).toBeLessThanOrEqual(indexBudget(size))
    expect(dense.stats.indexBytes).toBeGreaterThan(bounded.stats.indexBytes)
    expect(dense.stats.indexBytes).toBeLessThanOrEqual(denseIndexBudget(size))
    expect(dense.stats.indexStep).toBeLessThan(bounded.stats.indexStep)
    xdelta3Decode(src, join(dir, 'dense.vcdiff'), join(dir, 'dense-out'))
    sameFile(join(dir, 'dense-out'), tgt)
  })

  it('small sources get half-size windows by default (memory), the pool full ones; xdelta3 decodes both', async () => {
    expect(defaultWindowSize(12 * MiB)).toBe(WINDOW / 2)
    expect(defaultWindowSize(12 * MiB + 1)).toBe(WINDOW)
    expect(POOL_ENCODER.windowSize).toBe(WINDOW)
    const src = join(dir, 'win-src')
    const tgt = join(dir, 'win-tgt')
    const source = randomBytes(rand, MiB)
    writeFileSync(src, source)
    // 6 MiB of target: two windows at 4 MiB, one at 8
    writeFileSync(
      tgt,
      Buffer.concat(Array.from({ length: 6 }, () => randomEdits(rand, source, 20)))
    )
    for (const [name, options, windows] of [
      ['win-default', {}, 2],
      ['win-pool', POOL_ENCODER, 1]
    ] as const) {
      const delta = join(dir, `${name}.vcdiff`)
      const r = await encodeNative(src, tgt, delta, options)
      expect(r.stats.windows).toBe(windows)
      xdelta3Decode(src, delta, join(dir, `${name}.out`))
      sameFile(join(dir, `${name}.out`), tgt)
    }
  })

  it('bucketOf stays in [0, n) for any hash, n not a power of two', () => {
    for (const n of [1, 3, 1000, 16_253_440, 2 ** 31 - 1])
      for (const h of [0, -1, 0x7fffffff, -0x80000000, 12345, 0x9e3779b1 | 0]) {
        const b = bucketOf(h, n)
        expect(Number.isInteger(b) && b >= 0 && b < n).toBe(true)
      }
  })

  it('tar archives of real files with small edits', async () => {
    const tarA = join(dir, 'real-a.tar')
    execFileSync('tar', ['cf', tarA, '--sort=name', '-C', '/usr/share/doc', '.'], {
      stdio: 'ignore'
    })
    const a = readFileSync(tarA).subarray(0, 12 * MiB)
    const b = Buffer.from(a)
    for (let i = 0; i < 200; i++) {
      const at = Math.floor(rand() * b.length)
      b[at] = b[at]! ^ 0x20
    }
    const { ours } = await proveRoundTrip(
      dir,
      'tar',
      a,
      Buffer.concat([b.subarray(0, 5 * MiB), text(rand, 70_000), b.subarray(5 * MiB)])
    )
    expect(ours).toBeLessThan(110_000)
  })

  it('inserted, removed and moved blocks', async () => {
    const a = randomBytes(rand, 2 * MiB)
    const moved = Buffer.concat([
      a.subarray(MiB),
      randomBytes(rand, 1000),
      a.subarray(0, 300_000),
      a.subarray(400_000, MiB)
    ])
    const { ours } = await proveRoundTrip(dir, 'moved', a, moved)
    expect(ours).toBeLessThan(1200)
  })

  it('a source over 64 MiB with matches far apart, target spanning many windows', async () => {
    const a = randomBytes(rand, 72 * MiB)
    // The end of the source comes first in the target: beyond xdelta3's default 64 MiB window.
    const b = Buffer.concat([
      a.subarray(70 * MiB),
      a.subarray(0, 30 * MiB),
      randomBytes(rand, 10_000)
    ])
    const { ours } = await proveRoundTrip(dir, 'far', a, b, [
      '-S',
      'none',
      '-D',
      '-B',
      String(128 * MiB)
    ])
    expect(ours).toBeLessThan(12_000)
  })

  it('sizes around the 8 MiB window boundary', async () => {
    const base = randomBytes(rand, 2 * WINDOW + 10)
    for (const n of [WINDOW - 1, WINDOW, WINDOW + 1, 2 * WINDOW]) {
      const t = Buffer.from(base.subarray(0, n))
      t[Math.floor(n / 2)] = t[Math.floor(n / 2)]! ^ 1
      t[n - 1] = t[n - 1]! ^ 1
      await proveRoundTrip(dir, `edge-${n}`, base.subarray(0, n), t)
    }
  })

  it('gzip-looking data is not recompressed (byte-exact)', async () => {
    const a = gzipSync(text(rand, 300_000))
    const b = gzipSync(randomEdits(rand, text(rand, 300_000), 5))
    // A gzip target: no app header means xdelta3 -d never recompresses the output.
    const tarLike = (gz: Buffer): Buffer => Buffer.concat([Buffer.alloc(512, 0x30), gz])
    await proveRoundTrip(dir, 'gzip', tarLike(a), b)
    await proveRoundTrip(dir, 'gzip2', tarLike(a), Buffer.concat([b, a]))
  })

  it('a gzip SOURCE is decompressed by xdelta3 -d itself: the checksum stops it', async () => {
    // xdelta3 3.0.11 runs `gzip -dc` on a source that starts with gzip magic,
    // whatever the delta says (no -D on the device). No encoder can avoid it;
    // the window checksum turns it into a failure instead of wrong output.
    const a = gzipSync(text(rand, 100_000))
    const src = join(dir, 'gzsrc')
    const tgt = join(dir, 'gzsrc.tgt')
    writeFileSync(src, a)
    writeFileSync(tgt, Buffer.concat([a, Buffer.from('tail')]))
    await encodeDelta({ sourcePath: src, targetPath: tgt, outputPath: join(dir, 'gzsrc.vcdiff') })
    expect(() => xdelta3Decode(src, join(dir, 'gzsrc.vcdiff'), join(dir, 'gzsrc.out'))).toThrow(
      /checksum mismatch/
    )
  })

  it('a delta made on the uncompressed source decodes against its gzip (xdelta3 -d -s, not with -D)', async () => {
    // what a containerd-store device holding a pulled (gzip) layer relies on
    const plain = Buffer.concat([Buffer.alloc(512, 0x30), text(rand, 200_000)])
    const next = randomEdits(rand, plain, 8)
    const src = join(dir, 'plain.src')
    const gz = join(dir, 'plain.src.gz')
    const tgt = join(dir, 'plain.tgt')
    writeFileSync(src, plain)
    writeFileSync(gz, gzipSync(plain, { level: 6 }))
    writeFileSync(tgt, next)
    const delta = join(dir, 'plain.vcdiff')
    await encodeDelta({ sourcePath: src, targetPath: tgt, outputPath: delta })
    const out = join(dir, 'plain.out')
    xdelta3Decode(gz, delta, out)
    sameFile(out, tgt)
    const withD = spawnSync('xdelta3', ['-d', '-D', '-f', '-s', gz, delta, `${out}.d`], {
      encoding: 'utf8'
    })
    expect(withD.status).not.toBe(0)
    expect(withD.stderr).toMatch(/source file too short|checksum mismatch/)
  })

  it('long runs of one byte', async () => {
    const a = randomBytes(rand, 100_000)
    const b = Buffer.concat([a.subarray(0, 5000), Buffer.alloc(70_000, 7), a.subarray(5000)])
    const { ours } = await proveRoundTrip(dir, 'runs', a, b)
    expect(ours).toBeLessThan(100)
  })
})
