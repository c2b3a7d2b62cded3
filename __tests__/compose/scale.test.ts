import { describe, expect, it } from 'vitest'
import { loadComposeProject } from '../../src/compose/load.js'
import { memoryFiles } from '../../src/compose/source.js'

const N = 50_000

function envMapping(value: string): string {
  const lines = ['services:', '  a:', '    image: a:1.0.0', '    environment:']
  for (let i = 0; i < N; i++) lines.push(`      K${i}: ${value}${i}`)
  return `${lines.join('\n')}\n`
}

function manyServices(): string {
  const lines = ['services:']
  for (let i = 0; i < N; i++) lines.push(`  s${i}:`, `    image: img${i}:1.0.0`)
  return `${lines.join('\n')}\n`
}

/** CPU seconds of this test process (one file per process): steadier than wall time on a busy machine. */
async function cpuSeconds(
  files: Record<string, string>
): Promise<{ cpu: number; services: number }> {
  const before = process.cpuUsage()
  const project = await loadComposeProject({
    files: Object.keys(files),
    env: {},
    workingDirectory: '/p',
    source: memoryFiles(files)
  })
  const used = process.cpuUsage(before)
  return { cpu: (used.user + used.system) / 1e6, services: project.services.length }
}

/**
 * Big mappings load in linear time (the YAML parser's own duplicate-key check
 * compared every key with every other: 20k keys took 2.9 s, 2 × 50k 30.5 s).
 * The bound is generous, for a loaded CI machine; the figures, against
 * `docker compose config`, come from `npm run bench -- compose-load`
 * (bench/README.md).
 */
describe('loading big compose files', () => {
  const BOUND = 8

  it(`${N} keys in one mapping`, async () => {
    const r = await cpuSeconds({ '/p/compose.yaml': envMapping('v') })
    expect(r.services).toBe(1)
    expect(r.cpu).toBeLessThan(BOUND)
  })

  it(`${N} services`, async () => {
    const r = await cpuSeconds({ '/p/compose.yaml': manyServices() })
    expect(r.services).toBe(N)
    expect(r.cpu).toBeLessThan(BOUND)
  })

  it(`two files of ${N} keys each, merged`, async () => {
    const r = await cpuSeconds({
      '/p/compose.yaml': envMapping('v'),
      '/p/override.yaml': envMapping('w').replace('    image: a:1.0.0\n', '')
    })
    expect(r.services).toBe(1)
    expect(r.cpu).toBeLessThan(BOUND)
  })
})
