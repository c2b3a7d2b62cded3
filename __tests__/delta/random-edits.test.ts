import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, it } from 'vitest'
import { decodeDelta, encodeDelta } from '../../src/delta/index.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { randomBytes, randomEdits, rng, sameFile, xdelta3Decode } from './fixtures.js'

/** Seeded: a failure names its seed, and `SEED=n` replays just that case. */
const SEEDS = process.env.SEED
  ? [Number(process.env.SEED)]
  : Array.from({ length: 40 }, (_, i) => 1000 + i)

describeWithTools(['xdelta3'], 'randomised edits (seeded)', () => {
  let dir: string
  beforeAll(async () => {
    dir = await tempDir('mc-delta-rand-')
  })

  it.each(SEEDS)('seed %i', async (seed) => {
    const rand = rng(seed)
    const size = Math.floor(rand() ** 2 * 600_000)
    // Mix random bytes with repeated structure so both source and target copies occur.
    const unit = randomBytes(rand, 1 + Math.floor(rand() * 5000))
    const parts: Buffer[] = []
    let n = 0
    while (n < size) {
      const p = rand() < 0.5 ? unit : randomBytes(rand, 1 + Math.floor(rand() * 20_000))
      parts.push(p)
      n += p.length
    }
    const source = Buffer.concat(parts).subarray(0, size)
    const target = randomEdits(rand, source, Math.floor(rand() * 60))
    const src = join(dir, `${seed}.src`)
    const tgt = join(dir, `${seed}.tgt`)
    const delta = join(dir, `${seed}.vcdiff`)
    writeFileSync(src, source)
    writeFileSync(tgt, target)
    await encodeDelta({ sourcePath: src, targetPath: tgt, outputPath: delta })
    xdelta3Decode(src, delta, `${delta}.x3`)
    sameFile(`${delta}.x3`, tgt)
    await decodeDelta({ sourcePath: src, deltaPath: delta, outputPath: `${delta}.out` })
    sameFile(`${delta}.out`, tgt)
  })
})
