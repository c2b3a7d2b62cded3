import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { poolDeltaEngine } from '../../src/delta/engine.js'
import { EncodeProgress, progressLine } from '../../src/delta/progress.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'
import { randomBytes, randomEdits, rng } from './fixtures.js'

const MiB = 1024 * 1024

describe('delta encode progress', () => {
  it('one line per long-running layer per interval: bytes done, rate, time left; short layers stay silent', () => {
    let t = 0
    const log = new MemoryLogger()
    const p = new EncodeProgress(log, { intervalMs: 10_000, now: () => t })
    const big = p.start('web layer 2/3', 300 * MiB)
    const small = p.start('api layer 1/2', 1 * MiB)
    t = 4000
    small.update(MiB)
    small.finish()
    p.tick()
    expect(log.lines).toEqual([])
    t = 10_000
    big.update(30 * MiB)
    p.tick()
    t = 20_000
    big.update(90 * MiB)
    p.tick()
    t = 30_000
    big.update(300 * MiB)
    big.finish()
    p.tick()
    expect(log.lines.map((l) => l.message)).toEqual([
      'delta web layer 2/3: 30.0 MiB of 300.0 MiB (10%), 3.0 MiB/s, about 1 min 30 s left',
      'delta web layer 2/3: 90.0 MiB of 300.0 MiB (30%), 4.5 MiB/s, about 46.7 s left',
      'delta web layer 2/3: 300.0 MiB encoded in 30.0 s (10.0 MiB/s)'
    ])
    p.stop()
  })

  it('says so when nothing is done yet', () => {
    expect(progressLine(0, 8 * MiB, 12_000)).toBe(
      '0 B of 8.0 MiB (0%), 0 B/s, time left not known yet'
    )
  })
})

describe('progress from real encodes, on a worker thread and in this thread', () => {
  let dir: string
  let job: { sourcePath: string; targetPath: string; outputPath: string; label: string }
  beforeAll(async () => {
    dir = await tempDir('mc-delta-progress-')
    const rand = rng(7)
    // three 8 MiB windows: three progress points
    const a = randomBytes(rand, 20 * MiB)
    job = {
      sourcePath: join(dir, 'source'),
      targetPath: join(dir, 'target'),
      outputPath: join(dir, 'delta'),
      label: 'shop/web:2.0 layer 1/1'
    }
    writeFileSync(job.sourcePath, a)
    writeFileSync(job.targetPath, randomEdits(rand, a, 50))
  }, 60_000)

  it.each([
    ['a worker thread', 0],
    ['this thread', Number.MAX_SAFE_INTEGER]
  ])(
    '%s reports bytes done as the windows go',
    async (_where, inThreadBytes) => {
      const log = new MemoryLogger()
      const progress = new EncodeProgress(log, { intervalMs: 1 })
      const updates: number[] = []
      const start = progress.start.bind(progress)
      progress.start = (label, total) => {
        const h = start(label, total)
        return {
          update: (d) => {
            updates.push(d)
            h.update(d)
          },
          finish: h.finish
        }
      }
      const engine = poolDeltaEngine({ progress, inThreadBytes, smallPairBytes: 0, concurrency: 1 })
      await engine.encodeMany!([{ ...job, outputPath: `${job.outputPath}-${inThreadBytes}` }])
      // the last window's count is the whole target; counts only grow
      expect(updates.length).toBeGreaterThanOrEqual(3)
      expect(updates.at(-1)).toBe(statSync(job.targetPath).size)
      expect([...updates].sort((x, y) => x - y)).toEqual(updates)
      // every line names the layer; once it ends, nothing more is printed for it
      expect(log.lines.every((l) => l.message.startsWith('delta shop/web:2.0 layer 1/1: '))).toBe(
        true
      )
      const printed = log.lines.length
      progress.tick()
      expect(log.lines.length).toBe(printed)
      if (printed > 0) expect(log.lines.at(-1)!.message).toMatch(/: 20\.0 MiB encoded in /)
    },
    120_000
  )
})
