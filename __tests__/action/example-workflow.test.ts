import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseDevicePlatforms } from '../../src/pipeline/option-parsers.js'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, string>
}

/** The workflow file: the action from this checkout (`uses: ./`) on the example app, in dry-run. */
describe('.github/workflows/example.yml', () => {
  const wf = parse(readFileSync('.github/workflows/example.yml', 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>
  }
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps)
  const action = steps.find((s) => s.uses === './')
  const inputs = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }

  it('runs ./ in dry-run on the example app, with inputs the action declares', () => {
    expect(action).toBeDefined()
    expect(String(action!.with!['dry-run'])).toBe('true')
    for (const name of Object.keys(action!.with!))
      expect(Object.keys(inputs.inputs)).toContain(name)
    expect(parseDevicePlatforms('device-platforms', action!.with!['device-platforms']!)).toEqual({
      raspberrypi4: 'linux/arm64',
      beaglebone: 'linux/arm/v7'
    })
  })

  it('builds v2 of examples/shop against v1 from files that exist', () => {
    const script = steps.map((s) => s.run ?? '').join('\n')
    for (const f of script.match(/examples\/shop\/[\w/.-]+/g) ?? [])
      expect(existsSync(f)).toBe(true)
    expect(script).toContain('examples/shop/v1/compose.yaml')
    expect(script).toContain('examples/shop/v2/compose.yaml')
  })
})
