import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { decodeDelta, encodeDelta } from '../../src/delta/index.js'
import { UserError } from '../../src/util/errors.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { randomBytes, randomEdits, rng, sameFile, xdelta3Encode } from './fixtures.js'

describeWithTools(['xdelta3'], 'decoder refuses bad deltas with a clear error', () => {
  let dir: string
  let src: string
  let tgt: string
  let delta: string
  const rand = rng(7)
  beforeAll(async () => {
    dir = await tempDir('mc-delta-err-')
    src = join(dir, 'src')
    tgt = join(dir, 'tgt')
    delta = join(dir, 'delta')
    const a = randomBytes(rand, 10 * 1024 * 1024)
    writeFileSync(src, a)
    writeFileSync(tgt, randomEdits(rand, a, 30))
    await encodeDelta({ sourcePath: src, targetPath: tgt, outputPath: delta })
  })

  let lastOut = ''
  async function decodeBytes(bytes: Uint8Array, source = src): Promise<unknown> {
    const p = join(dir, `bad-${Math.floor(rand() * 1e9)}`)
    lastOut = `${p}.out`
    writeFileSync(p, bytes)
    const out = `${p}.out`
    const err = await decodeDelta({ sourcePath: source, deltaPath: p, outputPath: out }).then(
      () => undefined,
      (e: unknown) => e
    )
    // Atomic output: nothing is left behind on failure.
    if (err) expect(existsSync(out)).toBe(false)
    return err
  }

  it('garbage', async () => {
    const err = await decodeBytes(randomBytes(rand, 1000))
    expect(err).toBeInstanceOf(UserError)
    expect(String((err as Error).message)).toMatch(/bad magic/)
  })

  it('garbage after a valid header', async () => {
    for (let i = 0; i < 50; i++) {
      const bytes = Buffer.concat([Buffer.from([0xd6, 0xc3, 0xc4, 0, 0]), randomBytes(rand, 200)])
      const err = await decodeBytes(bytes)
      expect(err).toBeInstanceOf(UserError)
    }
  })

  it('every truncation fails, never writes a partial target', async () => {
    const d = readFileSync(delta)
    for (const n of [3, 5, 6, 12, 40, Math.floor(d.length / 2), d.length - 1]) {
      const err = await decodeBytes(d.subarray(0, n))
      expect(err, `truncated at ${n}`).toBeInstanceOf(UserError)
      expect((err as Error).message).toMatch(/truncated|shorter|unexpected end/)
    }
  })

  it('flipped bytes in the delta fail (bounds or checksum)', async () => {
    const d = readFileSync(delta)
    let failures = 0
    for (let i = 0; i < 40; i++) {
      const bad = Buffer.from(d)
      const at = 5 + Math.floor(rand() * (d.length - 5))
      bad[at] = bad[at]! ^ (1 + Math.floor(rand() * 255))
      const err = await decodeBytes(bad)
      if (err) {
        expect(err).toBeInstanceOf(UserError)
        failures++
      } else {
        // A flip that still decodes must have produced the exact target (e.g. a
        // changed address mode value that names the same bytes) — never wrong bytes.
        sameFile(lastOut, tgt)
      }
    }
    expect(failures).toBeGreaterThan(30)
  })

  it('a mismatched source fails on the window checksum', async () => {
    const other = join(dir, 'other-src')
    const a = readFileSync(src)
    a[5_000_000] = a[5_000_000]! ^ 0xff
    writeFileSync(other, a)
    const err = await decodeBytes(readFileSync(delta), other)
    expect((err as Error).message).toMatch(/checksum mismatch/)
  })

  it('a too-short source fails with a bounds error', async () => {
    const short = join(dir, 'short-src')
    writeFileSync(short, readFileSync(src).subarray(0, 1000))
    const err = await decodeBytes(readFileSync(delta), short)
    expect((err as Error).message).toMatch(/beyond the end|only 1000 bytes/)
  })

  it('secondary compression is named, not misread', async () => {
    const lz = join(dir, 'lzma.vcdiff')
    xdelta3Encode([], src, tgt, lz) // Debian default: -S lzma
    const err = await decodeBytes(readFileSync(lz))
    expect((err as Error).message).toMatch(/secondary compression \((lzma|djw)\)/)
  })

  it('skips xdelta3 application headers', async () => {
    const withHeader = join(dir, 'apphdr.vcdiff')
    xdelta3Encode(['-S', 'none'], src, tgt, withHeader)
    expect(readFileSync(withHeader)[4]! & 0x04).toBe(0x04)
    await decodeDelta({ sourcePath: src, deltaPath: withHeader, outputPath: join(dir, 'ah.out') })
    sameFile(join(dir, 'ah.out'), tgt)
  })
})
