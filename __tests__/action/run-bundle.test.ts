import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runAction } from '../helpers/action-runner.js'

// The committed bundle, run the way the runner runs it. CI rebuilds dist and
// fails on a difference, so this tests the shipped code.
describe.skipIf(!existsSync('dist/index.js'))('dist/index.js as the runner runs it', () => {
  it('main writes its json output and post state', async () => {
    const run = await runAction('dist/index.js', {
      'compose-file': 'compose.yaml',
      'device-types': 'raspberrypi4',
      'dry-run': 'true',
      'log-level': 'info'
    })
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(JSON.parse(run.outputs.json ?? '{}')).toMatchObject({ dryRun: true })
    expect(run.state['mender-compose']).toBeDefined()
  })

  it('a bad boolean fails the step naming the input', async () => {
    const run = await runAction('dist/index.js', {
      'compose-file': 'compose.yaml',
      'device-types': 'raspberrypi4',
      'dry-run': 'yes',
      'log-level': 'info'
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain("::error::Input 'dry-run' must be true or false, got 'yes'")
  })

  it('post never fails the job', async () => {
    const run = await runAction('dist/post/index.js', {}, {}, { 'mender-compose': 'not json' })
    expect(run.code).toBe(0)
  })
})
