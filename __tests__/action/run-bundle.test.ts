import { describe, expect, it } from 'vitest'
import { runAction } from '../helpers/action-runner.js'

// The committed bundle, run the way the runner runs it. CI rebuilds dist and
// fails on a difference, so this tests the shipped code.
describe('dist/index.js as the runner runs it', () => {
  // The whole run (outputs, state, summary, cache, upload) is e2e.test.ts; here, the
  // plan stage's answer to a compose file that is not there, with no network.
  it('a missing compose file fails the step naming the file', async () => {
    const run = await runAction(
      'dist/index.js',
      {
        'compose-file': 'no-such-compose.yaml',
        'device-types': 'raspberrypi4',
        'dry-run': 'true',
        cache: 'false',
        'log-level': 'info'
      },
      { GITHUB_WORKSPACE: process.cwd() }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::.*no-such-compose\.yaml/)
    expect(run.outputs.json).toBeUndefined()
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
