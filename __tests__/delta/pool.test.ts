import { execFileSync, spawnSync } from 'node:child_process'
import { statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { encodeMany } from '../../src/delta/pool.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { randomBytes, randomEdits, rng, sameFile, xdelta3Decode } from './fixtures.js'

describeWithTools(['xdelta3'], 'worker pool', () => {
  let dir: string
  const pairs: Array<{ sourcePath: string; targetPath: string; outputPath: string }> = []
  beforeAll(async () => {
    dir = await tempDir('mc-delta-pool-')
    const rand = rng(99)
    for (let i = 0; i < 4; i++) {
      const a = randomBytes(rand, 200_000 + i * 100_000)
      const sourcePath = join(dir, `s${i}`)
      const targetPath = join(dir, `t${i}`)
      writeFileSync(sourcePath, a)
      writeFileSync(targetPath, randomEdits(rand, a, 10))
      pairs.push({ sourcePath, targetPath, outputPath: join(dir, `d${i}`) })
    }
  })

  function check(): void {
    for (const p of pairs) {
      xdelta3Decode(p.sourcePath, p.outputPath, `${p.outputPath}.out`)
      sameFile(`${p.outputPath}.out`, p.targetPath)
    }
  }

  it('encodes on worker threads, results in job order', async () => {
    const seen: string[] = []
    const results = await encodeMany(pairs, {
      concurrency: 2,
      onDone: (job) => seen.push(job.targetPath)
    })
    expect(results.map((r) => r.targetSize)).toEqual(pairs.map((p) => statSync(p.targetPath).size))
    expect(seen.sort()).toEqual(pairs.map((p) => p.targetPath).sort())
    check()
  })

  it('a memory budget smaller than two jobs runs them one at a time', async () => {
    const jobs = pairs.map((p) => ({ ...p, outputPath: `${p.outputPath}.b` }))
    const overlap = async (memoryBudget: number): Promise<number> => {
      let running = 0
      let peak = 0
      await encodeMany(jobs, {
        concurrency: 4,
        memoryBudget,
        onStart: () => (peak = Math.max(peak, ++running)),
        onDone: () => running--
      })
      return peak
    }
    expect(await overlap(1)).toBe(1)
    expect(await overlap(2 ** 40)).toBeGreaterThan(1)
    for (const j of jobs) {
      xdelta3Decode(j.sourcePath, j.outputPath, `${j.outputPath}.out`)
      sameFile(`${j.outputPath}.out`, j.targetPath)
    }
  })

  it('a failing job rejects with its error', async () => {
    await expect(
      encodeMany([
        {
          sourcePath: join(dir, 'missing'),
          targetPath: pairs[0]!.targetPath,
          outputPath: join(dir, 'x')
        }
      ])
    ).rejects.toThrow(/missing|ENOENT|no such file/)
  })

  it('loads the worker from an ncc bundle (dist/<entry> + dist/delta-worker)', () => {
    const out = join(dir, 'dist')
    const ncc = resolve('node_modules/@vercel/ncc/dist/ncc/cli.js')
    const build = (entry: string, to: string): void => {
      execFileSync(
        process.execPath,
        [ncc, 'build', entry, '-o', to, '--quiet', '--target', 'es2022'],
        {
          stdio: 'pipe'
        }
      )
    }
    build('src/delta/worker.ts', join(out, 'delta-worker'))
    build('__tests__/delta/bundle-entry.ts', join(out, 'entry'))
    // ncc writes a package.json with "type": "module" next to ESM output only for
    // some layouts; the project's dist has one at the top, mirror that.
    writeFileSync(join(out, 'package.json'), '{"type":"module"}')
    const args = pairs.flatMap((p) => [p.sourcePath, p.targetPath, `${p.outputPath}.bundle`])
    const r = spawnSync(process.execPath, [join(out, 'entry', 'index.js'), ...args], {
      encoding: 'utf8'
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const res = JSON.parse(r.stdout) as { script: string; sizes: number[] }
    expect(res.script).toBe(join(out, 'delta-worker', 'index.js'))
    for (const p of pairs) {
      xdelta3Decode(p.sourcePath, `${p.outputPath}.bundle`, `${p.outputPath}.bundle.out`)
      sameFile(`${p.outputPath}.bundle.out`, p.targetPath)
    }
  })
})
