import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { getInputs, type InputName } from '../../src/action/inputs.js'
import { cliBuildOptions } from '../../src/cli/build-options.js'
import { createStages } from '../../src/pipeline/stages/index.js'
import { UsageError } from '../../src/util/errors.js'
import { MemoryLogger } from '../../src/util/log.js'
import { inputSource } from '../action/input-source.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { PAT, closeAfterEach, connect, makeArtifact, startFake } from '../mender/helpers.js'
import { baseOptions } from './memory-stages.js'

const UCM = '{"priority": 0, "states": {"ArtifactInstall_Enter": {"action": "pause"}}}'
const PHASES = '[{"batch_size": 10}, {"start_ts": "2030-01-01T02:00:00Z"}]'

function action(inputs: Partial<Record<InputName, string>>, ws = '/ws') {
  return getInputs(
    inputSource(
      { 'device-types': 'pi', 'dry-run': 'true', ...inputs },
      { GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'acme/app', RUNNER_TEMP: '/tmp/r' }
    ).src
  ).build
}

function usage(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('rollout controls: the action takes what `deploy` takes, with the same names', () => {
  it('reads force-installation, retries, phases, update-control-map and max-failures', async () => {
    const ws = await tempDir()
    await writeFile(join(ws, 'ucm.json'), UCM)
    const o = action(
      {
        'deploy-group': 'field',
        wait: 'true',
        'force-installation': 'true',
        retries: '2',
        phases: PHASES,
        'update-control-map': '@ucm.json',
        'max-failures': '3'
      },
      ws
    )
    expect(o.deploy?.rollout).toEqual({
      forceInstallation: true,
      retries: 2,
      phases: [{ batch_size: 10 }, { start_ts: '2030-01-01T02:00:00Z' }],
      updateControlMap: JSON.parse(UCM),
      maxFailures: 3
    })
    // the CLI's build takes the same names as flags and gives the same options
    const cli = cliBuildOptions(
      {
        file: [],
        deviceType: ['pi'],
        platform: 'linux/amd64',
        devicePlatform: [],
        module: 'app',
        delta: 'deep',
        deltaEncoder: 'native',
        deviceImageStore: 'classic',
        previousCompose: [],
        softwareFilesystem: 'data-docker',
        provides: [],
        depends: [],
        clearsProvides: [],
        compression: 'gzip',
        upload: true,
        deployGroup: 'field',
        deployDevices: [],
        deployAllDevices: false,
        wait: true,
        waitTimeout: '30m',
        forceInstallation: true,
        retries: '2',
        phases: PHASES,
        updateControlMap: '@ucm.json',
        maxFailures: '3',
        serviceImage: [],
        dryRun: true,
        json: false,
        artifactName: 'app-1'
      },
      { HOME: ws },
      ws,
      (p) => (p === join(ws, 'ucm.json') ? UCM : '')
    )
    expect(cli.deploy?.rollout).toEqual(o.deploy?.rollout)
  })

  it('defaults send nothing extra and tolerate no failure', () => {
    expect(action({ 'deploy-all-devices': 'true' }).deploy?.rollout).toEqual({
      forceInstallation: false,
      maxFailures: 0
    })
  })

  it.each([
    [{ retries: 'two' }, "Input 'retries' must be a whole number of at least 0, got 'two'"],
    [
      { 'max-failures': '-1' },
      "Input 'max-failures' must be a whole number of at least 0, got '-1'"
    ],
    [{ phases: '{"batch_size": 10}' }, "Input 'phases' must be a non-empty JSON array of phases"],
    [
      { phases: '[{"batch_size": 150}]' },
      "Input 'phases' phase 1: batch_size must be a percentage from 1 to 100"
    ],
    [{ phases: '[{"batch": 10}]' }, "Input 'phases' phase 1 has unknown field(s) batch"],
    [
      { phases: '[{"start_ts": "tomorrow"}]' },
      "Input 'phases' phase 1: start_ts must be an RFC 3339 time such as 2030-01-01T02:00:00Z"
    ],
    [{ 'update-control-map': '[]' }, "Input 'update-control-map' must be a JSON object"],
    [{ 'update-control-map': '{priority: 0}' }, /^Input 'update-control-map' is not valid JSON: /],
    [
      { 'update-control-map': '@missing.json' },
      /^Input 'update-control-map': cannot read missing.json: ENOENT/
    ]
  ] as [Partial<Record<InputName, string>>, string | RegExp][])(
    '%j is refused before any work',
    (inputs, message) => {
      const got = usage(() => action({ 'deploy-group': 'field', ...inputs }))
      if (typeof message === 'string') expect(got).toBe(message)
      else expect(got).toMatch(message)
    }
  )

  it('a rollout control without a deployment target is refused, naming the inputs', () => {
    expect(usage(() => action({ retries: '2', 'force-installation': 'true' }))).toBe(
      "Input 'force-installation', Input 'retries' need a deployment target"
    )
  })
})

describeWithTools(['mender-artifact'], 'rollout controls reach the Mender server', () => {
  closeAfterEach()

  it('the publish stage sends them in the deployment request', async () => {
    const { dir, fake } = await startFake()
    fake.addDevice({ id: 'dev-a', status: 'accepted', group: 'field' })
    fake.addDevice({ id: 'dev-b', status: 'accepted', group: 'field' })
    const { client } = await connect(fake)
    await client.uploadArtifact(await makeArtifact(dir, { name: 'app-1' }))
    const o = action({
      'deploy-group': 'field',
      'force-installation': 'true',
      retries: '2',
      phases: PHASES,
      'update-control-map': UCM
    })
    const options = baseOptions({
      artifactName: 'app-1',
      menderServerUrl: fake.url,
      credentials: { accessToken: PAT },
      upload: false,
      deploy: o.deploy!
    })
    const plan = { applicationName: 'app', artifactName: 'app-1', targets: [], services: [] }
    const r = await createStages(new MemoryLogger()).publish({ options, plan, artifacts: [] })
    expect(r.deployment?.id).toBe(fake.deployments[0]?.id)
    expect(fake.deployments[0]?.body).toEqual({
      name: o.deploy!.name,
      artifact_name: 'app-1',
      force_installation: true,
      retries: 2,
      phases: [{ batch_size: 10 }, { start_ts: '2030-01-01T02:00:00Z' }],
      update_control_map: JSON.parse(UCM)
    })
  })
})
