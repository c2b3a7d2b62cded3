import { execFile } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startFakeMender, type FakeMender } from '../fakes/mender-server/index.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { PAT, makeArtifact } from './helpers.js'

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** The CLI from source in a child process (async: the fake server lives in this process). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/index.ts', ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr })
      }
    )
  })
}

describeWithTools(['mender-artifact'], 'mender-compose artifact upload / deploy (CLI)', () => {
  let fake: FakeMender
  let dir: string
  let env: Record<string, string>
  const PASSWORD = 'cli-Passw0rd-9f8e7d'
  const outputs: string[] = []
  const run = async (args: string[], e = env) => {
    const r = await cli(args, e)
    outputs.push(r.stdout, r.stderr)
    return r
  }
  beforeAll(async () => {
    dir = await tempDir()
    fake = await startFakeMender({
      workDir: dir,
      pats: [PAT],
      users: [{ email: 'ci@example.com', password: PASSWORD }]
    })
    fake.addDevice({ id: 'dev-a', status: 'accepted', group: 'field' })
    fake.addDevice({ id: 'dev-b', status: 'accepted', group: 'field' })
    env = { MENDER_SERVER_URL: fake.url, MENDER_ACCESS_TOKEN: PAT }
  })
  afterAll(async () => {
    await fake.close()
  })

  it('artifact upload prints the ID; a re-run finds it; --json gives every fact', async () => {
    const file = await makeArtifact(dir, { name: 'cli-app' })
    const first = await run(['artifact', 'upload', file, '--description', 'cli'])
    expect(first.stderr).toContain('Uploaded cli-app')
    expect(first.code).toBe(0)
    const id = fake.artifacts[0]?.id
    expect(first.stdout).toBe(`artifact ${id} uploaded\n`)
    const again = await run(['artifact', 'upload', file, '--json'])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toEqual({
      server: fake.url,
      artifact: { name: 'cli-app', id, outcome: 'found' },
      ok: true
    })
  })

  it('deploy to a group prints the deployment; a re-run reports the active one; --wait times out with exit 1', async () => {
    const first = await run(['deploy', '--artifact-name', 'cli-app', '--group', 'field'])
    expect(first.code).toBe(0)
    const id = fake.deployments[0]?.id
    expect(first.stdout).toBe(`deployment ${id} created\n`)
    expect(first.stderr).toContain(`Mender UI: ${fake.url}/ui/deployments?open=true&id=${id}`)
    const waited = await run([
      'deploy',
      '--artifact-name',
      'cli-app',
      '--group',
      'field',
      '--wait',
      '--wait-timeout',
      '1',
      '--poll-interval',
      '1',
      '--json'
    ])
    expect(waited.code).toBe(1)
    const result = JSON.parse(waited.stdout)
    expect(result).toMatchObject({
      deployment: { id, created: false, status: 'pending', wait: 'timeout' },
      ok: false
    })
    expect(waited.stderr).toMatch(/error: the deployment was still pending when the wait timed out/)
    expect(fake.deployments).toHaveLength(1)
  })

  it('devices as a list, Enterprise JSON flags, and login with user and password', async () => {
    const r = await run(
      [
        'deploy',
        '--artifact-name',
        'cli-app',
        '--name',
        'canary',
        '--device',
        'dev-a',
        'dev-b',
        '--retries',
        '3',
        '--phases',
        '[{"batch_size":50},{}]',
        '-v'
      ],
      { MENDER_SERVER_URL: fake.url, MENDER_USERNAME: 'ci@example.com', MENDER_PASSWORD: PASSWORD }
    )
    expect(r.code).toBe(0)
    expect(fake.deployments.at(-1)?.body).toEqual({
      name: 'canary',
      artifact_name: 'cli-app',
      devices: ['dev-a', 'dev-b'],
      retries: 3,
      phases: [{ batch_size: 50 }, {}]
    })
    expect(fake.issuedTokens).toHaveLength(1)
  })

  it('usage errors exit 2; a rejected token exits 1 naming the server and the variable', async () => {
    const none = await run(['deploy', '--artifact-name', 'x'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/exactly one of --group G, --device ID/)
    const two = await run(['deploy', '--artifact-name', 'x', '--group', 'g', '--all-devices'])
    expect(two.code).toBe(2)
    expect((await run(['deploy', '--artifact-name', 'x', '--all-devices'], {})).stderr).toMatch(
      /MENDER_SERVER_URL/
    )
    const bad = await run(['deploy', '--artifact-name', 'x', '--all-devices', '-v'], {
      MENDER_SERVER_URL: fake.url,
      MENDER_ACCESS_TOKEN: 'revoked-token-1234567890'
    })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(
      new RegExp(
        `error: Mender server ${fake.url} rejected the access token in MENDER_ACCESS_TOKEN \\(401`
      )
    )
    outputs.push('revoked-token-1234567890-check') // sentinel proves the scan below sees outputs
  })

  it('no token, password or session JWT appears in any output', () => {
    const all = outputs.join('\n')
    expect(all).toContain('-check')
    for (const secret of [PAT, PASSWORD, ...fake.issuedTokens]) expect(all).not.toContain(secret)
    expect(all.replace('revoked-token-1234567890-check', '')).not.toContain(
      'revoked-token-1234567890'
    )
    expect(fake.issuedTokens.length).toBeGreaterThan(0)
  })
})
