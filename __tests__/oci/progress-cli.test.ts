import { describe, expect, it } from 'vitest'
import { buildProgram } from '../../src/cli/program.js'
import { nameAndTag } from '../../src/cli/commands/image.js'
import { limiter, PullProgress } from '../../src/oci/progress.js'
import { MemoryLogger } from '../../src/util/log.js'

describe('pull progress', () => {
  it('one line per layer start and end, and a summary at most every interval', () => {
    let now = 0
    const log = new MemoryLogger()
    const p = new PullProgress(log, 10_000, () => now)
    p.expect(3 * 1048576)
    const a = p.start('layer 1/2', 2 * 1048576)
    const b = p.start('layer 2/2', 1048576)
    for (let i = 0; i < 100; i++) {
      now += 500
      a.bytes(20_000)
    }
    b.bytes(1048576)
    now += 1000
    b.finish()
    a.finish()
    const lines = log.lines.map((l) => l.message)
    expect(lines.filter((l) => l.startsWith('pulling '))).toEqual([
      'pulling layer 1/2 (2.0 MiB)',
      'pulling layer 2/2 (1.0 MiB)'
    ])
    expect(lines.filter((l) => l.startsWith('pulled '))).toEqual([
      'pulled layer 2/2: 1.0 MiB in 51.0 s (20.1 KiB/s)',
      'pulled layer 1/2: 1.9 MiB in 51.0 s (38.3 KiB/s)'
    ])
    const summaries = lines.filter((l) => l.startsWith('pull progress'))
    // 50 s of activity → about 5 summaries, not one per chunk
    expect(summaries.length).toBeGreaterThanOrEqual(4)
    expect(summaries.length).toBeLessThanOrEqual(5)
    expect(summaries[0]).toMatch(/^pull progress: .* of 3\.0 MiB \(\d+%\), 2 downloading, /)
  })

  it('the limiter never runs more than its limit', async () => {
    const limit = limiter(2)
    let running = 0
    let peak = 0
    await Promise.all(
      Array.from({ length: 8 }, () =>
        limit(async () => {
          running++
          peak = Math.max(peak, running)
          await new Promise((r) => setTimeout(r, 5))
          running--
        })
      )
    )
    expect(peak).toBe(2)
  })
})

describe('image CLI', () => {
  const run = async (...args: string[]) => {
    const log = new MemoryLogger()
    const out: string[] = []
    const program = await buildProgram({ log, stdout: (s) => out.push(s), verbose: () => false })
    program.exitOverride()
    program.commands.forEach((c) => c.exitOverride())
    try {
      await program.parseAsync(args, { from: 'user' })
      return { err: undefined, out: out.join('') }
    } catch (err) {
      return { err: err as Error, out: out.join('') }
    }
  }
  it('bad flags are usage errors', async () => {
    expect(
      (await run('image', 'pull', 'x', '--output', '/tmp/x', '--format', 'tar')).err?.name
    ).toBe('UsageError')
    expect((await run('image', 'resolve', 'x', '--platform', 'linux//v7')).err?.name).toBe(
      'UsageError'
    )
    expect((await run('image', 'resolve', 'x', '--concurrency', '0')).err?.name).toBe('UsageError')
    expect((await run('image', 'resolve', 'foo/Bar')).err?.message).toBe(
      'invalid image reference "foo/Bar": repository name "foo/Bar" must be lowercase'
    )
  })
  it('names and tags for output files', () => {
    expect(nameAndTag('127.0.0.1:5000/a/b:v1@sha256:x', 'registry')).toEqual({
      name: '127.0.0.1:5000/a/b',
      tag: 'v1'
    })
    expect(nameAndTag('127.0.0.1:5000/a/b@sha256:x', 'registry')).toEqual({
      name: '127.0.0.1:5000/a/b'
    })
    expect(nameAndTag('oci:/x/y:v2', 'oci')).toEqual({ name: 'localhost/image', tag: 'v2' })
  })
})
