import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { decodeDelta, encodeDelta } from '../../src/delta/index.js'

/** A seeded PRNG so every randomised case is reproducible. */
export { mulberry32 as rng } from '../helpers/seeded.js'

export function randomBytes(rand: () => number, n: number): Buffer {
  const b = Buffer.allocUnsafe(n)
  let i = 0
  for (; i + 4 <= n; i += 4) b.writeUInt32LE(Math.floor(rand() * 4294967296), i)
  for (; i < n; i++) b[i] = Math.floor(rand() * 256)
  return b
}

/** Apply `count` random edits (replace, insert, delete, move a block) to `data`. */
export function randomEdits(rand: () => number, data: Buffer, count: number): Buffer {
  let d = data
  const int = (n: number): number => Math.floor(rand() * n)
  for (let e = 0; e < count; e++) {
    const p = int(d.length + 1)
    const len = 1 + int(Math.max(1, Math.min(4096, d.length >> 3)))
    switch (int(4)) {
      case 0:
        d = Buffer.concat([d.subarray(0, p), randomBytes(rand, len), d.subarray(p + len)])
        break
      case 1:
        d = Buffer.concat([d.subarray(0, p), randomBytes(rand, len), d.subarray(p)])
        break
      case 2:
        d = Buffer.concat([d.subarray(0, p), d.subarray(p + len)])
        break
      default: {
        const block = d.subarray(p, p + len)
        const rest = Buffer.concat([d.subarray(0, p), d.subarray(p + len)])
        const q = int(rest.length + 1)
        d = Buffer.concat([rest.subarray(0, q), block, rest.subarray(q)])
      }
    }
  }
  return d
}

/** `xdelta3 -d -s SRC DELTA OUT`, exactly as a device runs it (no other flags but -f). */
export function xdelta3Decode(source: string, delta: string, out: string): void {
  const r = spawnSync('xdelta3', ['-d', '-f', '-s', source, delta, out], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`xdelta3 -d failed: ${r.stderr}`)
}

export function xdelta3Encode(flags: string[], source: string, target: string, out: string): void {
  execFileSync('xdelta3', ['-e', '-f', ...flags, '-s', source, target, out], { stdio: 'pipe' })
}

export function sameFile(a: string, b: string): void {
  const x = readFileSync(a)
  const y = readFileSync(b)
  expect(x.length).toBe(y.length)
  expect(x.equals(y)).toBe(true)
}

/**
 * The full proof for one pair: our delta through stock xdelta3 and through our
 * decoder, and xdelta3's own `-S none` delta through our decoder.
 */
export async function proveRoundTrip(
  dir: string,
  name: string,
  source: Buffer,
  target: Buffer,
  xdeltaFlags: string[] = ['-S', 'none', '-D']
): Promise<{ ours: number }> {
  const src = join(dir, `${name}.src`)
  const tgt = join(dir, `${name}.tgt`)
  writeFileSync(src, source)
  writeFileSync(tgt, target)
  const delta = join(dir, `${name}.vcdiff`)
  const r = await encodeDelta({ sourcePath: src, targetPath: tgt, outputPath: delta })
  expect(r.size).toBe(readFileSync(delta).length)
  // Header: magic and no indicator bits (no app header, no secondary compression).
  expect([...readFileSync(delta).subarray(0, 5)]).toEqual([0xd6, 0xc3, 0xc4, 0, 0])
  xdelta3Decode(src, delta, join(dir, `${name}.x3out`))
  sameFile(join(dir, `${name}.x3out`), tgt)
  await decodeDelta({ sourcePath: src, deltaPath: delta, outputPath: join(dir, `${name}.out`) })
  sameFile(join(dir, `${name}.out`), tgt)
  const theirs = join(dir, `${name}.x3.vcdiff`)
  xdelta3Encode(xdeltaFlags, src, tgt, theirs)
  await decodeDelta({ sourcePath: src, deltaPath: theirs, outputPath: join(dir, `${name}.out2`) })
  sameFile(join(dir, `${name}.out2`), tgt)
  return { ours: r.size }
}
