import { setTimeout as sleep } from 'node:timers/promises'
import { expect, it } from 'vitest'
import { UserError } from '../../src/util/errors.js'
import { publish } from '../../src/mender/index.js'
import type { FakeMender, FakeMenderOptions } from '../fakes/mender-server/index.js'
import { describeWithTools } from '../helpers/tools.js'
import { PAT, closeAfterEach, connect, makeArtifact, startFake } from './helpers.js'

const deploys = (f: FakeMender) =>
  f.requests.filter(
    (r) => r.method === 'POST' && r.path.startsWith('/api/management/v1/deployments/deployments')
  )

describeWithTools(['mender-artifact'], 'Mender deploy and wait through the real HTTP code', () => {
  closeAfterEach()

  /** A server with artifact `app-1` uploaded and a fleet: group `field` (2 accepted, 1 pending), one ungrouped. */
  async function setup(opts: Partial<FakeMenderOptions> = {}) {
    const { dir, fake } = await startFake(opts)
    fake.addDevice({ id: 'dev-a', status: 'accepted', group: 'field' })
    fake.addDevice({ id: 'dev-b', status: 'accepted', group: 'field' })
    fake.addDevice({ id: 'dev-c', status: 'pending', group: 'field' })
    fake.addDevice({ id: 'dev-d', status: 'accepted' })
    fake.addDevice({ id: 'dev-e', status: 'pending', group: 'lab' })
    const { client, log } = await connect(fake)
    const path = await makeArtifact(dir, { name: 'app-1' })
    await client.uploadArtifact(path)
    return { dir, fake, client, log, path }
  }

  it('deploys to a static group (name defaults to the artifact) and reports ID and UI link', async () => {
    const { fake, client } = await setup()
    const d = await client.createDeployment({ artifactName: 'app-1', target: { group: 'field' } })
    expect(d).toEqual({ id: fake.deployments[0]?.id, name: 'app-1', created: true })
    expect(fake.deployments[0]?.groups).toEqual(['field'])
    expect([...(fake.deployments[0]?.devices.keys() ?? [])]).toEqual(['dev-a', 'dev-b'])
    expect(client.deploymentUrl(d.id)).toBe(`${fake.url}/ui/deployments?open=true&id=${d.id}`)
  })

  it('deploys to a device list with the Enterprise fields, and to all devices', async () => {
    const { fake, client } = await setup({ location: 'relative' })
    const list = await client.createDeployment({
      artifactName: 'app-1',
      name: 'canary',
      target: { devices: ['dev-a', 'dev-d'] },
      retries: 2,
      phases: [{ batch_size: 50 }, { start_ts: '2030-01-01T00:00:00Z' }],
      updateControlMap: { priority: 0, states: {} }
    })
    expect(fake.deployments[0]?.body).toEqual({
      name: 'canary',
      artifact_name: 'app-1',
      devices: ['dev-a', 'dev-d'],
      retries: 2,
      phases: [{ batch_size: 50 }, { start_ts: '2030-01-01T00:00:00Z' }],
      update_control_map: { priority: 0, states: {} }
    })
    expect(list.id).toBe(fake.deployments[0]?.id)
    const all = await client.createDeployment({
      artifactName: 'app-1',
      target: { allDevices: true }
    })
    expect(fake.deployments[1]?.body).toEqual({
      name: 'app-1',
      artifact_name: 'app-1',
      all_devices: true
    })
    expect([...(fake.deployments[1]?.devices.keys() ?? [])].sort()).toEqual([
      'dev-a',
      'dev-b',
      'dev-d'
    ])
    expect(all.id).toBe(fake.deployments[1]?.id)
  })

  it('a 409 (same deployment active) finds and reports the existing one', async () => {
    const { fake, client, log } = await setup()
    const first = await client.createDeployment({
      artifactName: 'app-1',
      target: { group: 'field' }
    })
    const second = await client.createDeployment({
      artifactName: 'app-1',
      target: { group: 'field' }
    })
    expect(second).toEqual({ id: first.id, name: 'app-1', created: false })
    expect(deploys(fake).map((r) => r.status)).toEqual([201, 409])
    expect(log.text()).toMatch(/already active \(ID .*, pending\)/)
  })

  it('a lost answer to the create is retried; the 409 resolves to the one created (v2 and old v1 lookup)', async () => {
    for (const v2 of [true, false]) {
      const { fake, client } = await setup({ v2 })
      fake.faults.push({ route: 'deploy', kind: 'lose-response' })
      const d = await client.createDeployment({
        artifactName: 'app-1',
        target: { devices: ['dev-a'] }
      })
      expect(fake.deployments).toHaveLength(1)
      expect(d).toEqual({ id: fake.deployments[0]?.id, name: 'app-1', created: false })
      expect(deploys(fake).map((r) => r.status)).toEqual([undefined, 409])
    }
  })

  it('422 (no such artifact) and 400 (no devices) become errors that say what to fix', async () => {
    const { fake, client } = await setup()
    const missing = await client
      .createDeployment({ artifactName: 'app-2', target: { group: 'field' } })
      .catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(UserError)
    expect((missing as Error).message).toMatch(
      /has no artifact named app-2 to deploy \(422: No artifact for the deployment/
    )
    expect((missing as UserError).hint).toMatch(/upload the artifact first/)
    await expect(
      client.createDeployment({ artifactName: 'app-1', target: { group: 'nosuch' } })
    ).rejects.toThrow(/Nothing to deploy to: group nosuch has no accepted devices/)
    // `lab` has only a pending device: the optional pre-check stops before any POST.
    const before = deploys(fake).length
    await expect(
      client.createDeployment({
        artifactName: 'app-1',
        target: { group: 'lab' },
        checkAcceptedDevices: true
      })
    ).rejects.toThrow(/group lab has no accepted devices/)
    expect(deploys(fake)).toHaveLength(before)
    await expect(
      client.createDeployment({
        artifactName: 'app-1',
        name: 'n'.repeat(257),
        target: { allDevices: true }
      })
    ).rejects.toThrow(/rejected deployment n+ \(400: Validating request body: name/)
    fake.faults.push({ route: 'deploy', kind: 'status', status: 403 })
    await expect(
      client.createDeployment({ artifactName: 'app-1', target: { group: 'field' } })
    ).rejects.toThrow(
      new RegExp(
        `Mender server ${fake.url} refused POST /api/management/v1/deployments/deployments/group/field for MENDER_ACCESS_TOKEN \\(403`
      )
    )
    const ok = await client.createDeployment({
      artifactName: 'app-1',
      target: { group: 'field' },
      checkAcceptedDevices: true
    })
    expect(ok.created).toBe(true)
  })

  it('without a Location header the IDs are found by name', async () => {
    const { dir, fake, client } = await setup({ location: 'none' })
    const two = await client.uploadArtifact(await makeArtifact(dir, { name: 'app-2' }))
    expect(two).toEqual({ name: 'app-2', id: fake.artifacts[1]?.id, outcome: 'uploaded' })
    expect(two.id).toBeDefined()
    const d = await client.createDeployment({ artifactName: 'app-1', target: { group: 'field' } })
    expect(d).toEqual({ id: fake.deployments[0]?.id, name: 'app-1', created: true })
  })

  it('waits, printing counts as they change, until finished', async () => {
    const { fake, client, log } = await setup()
    const d = await client.createDeployment({ artifactName: 'app-1', target: { group: 'field' } })
    const waiting = client.waitForDeployment(d.id, { timeoutMs: 20_000, pollIntervalMs: 30 })
    await sleep(150)
    fake.setDeviceStatus(d.id, 'downloading', ['dev-a'])
    await sleep(150)
    fake.setDeviceStatus(d.id, 'success', ['dev-a'])
    fake.setDeviceStatus(d.id, 'installing', ['dev-b'])
    await sleep(150)
    fake.setDeviceStatus(d.id, 'success', ['dev-b'])
    const w = await waiting
    expect(w).toMatchObject({ outcome: 'finished', status: 'finished', failures: 0 })
    expect(w.counts.success).toBe(2)
    const lines = log.lines.map((l) => l.message).filter((m) => m.startsWith(`deployment ${d.id}`))
    expect(lines).toEqual([
      `deployment ${d.id} pending: pending 2`,
      `deployment ${d.id} inprogress: downloading 1, pending 1`,
      `deployment ${d.id} inprogress: installing 1, success 1`,
      `deployment ${d.id} finished: success 2`
    ])
  })

  it('fails past the failure threshold, stops on devices paused by the update control map, and times out', async () => {
    const { fake, client } = await setup()
    const d = await client.createDeployment({ artifactName: 'app-1', target: { group: 'field' } })
    fake.setDeviceStatus(d.id, 'failure', ['dev-a'])
    fake.setDeviceStatus(d.id, 'installing', ['dev-b'])
    expect(
      await client.waitForDeployment(d.id, { timeoutMs: 5000, pollIntervalMs: 20 })
    ).toMatchObject({
      outcome: 'failed',
      failures: 1,
      failedDevices: ['dev-a']
    })
    const tolerant = client.waitForDeployment(d.id, {
      timeoutMs: 5000,
      pollIntervalMs: 20,
      maxFailures: 1
    })
    await sleep(100)
    fake.setDeviceStatus(d.id, 'success', ['dev-b'])
    expect(await tolerant).toMatchObject({ outcome: 'finished', failures: 1 })

    const p = await client.createDeployment({
      artifactName: 'app-1',
      name: 'paused',
      target: { devices: ['dev-a', 'dev-b'] }
    })
    fake.setDeviceStatus(p.id, 'pause_before_rebooting', ['dev-a'])
    fake.setDeviceStatus(p.id, 'success', ['dev-b'])
    expect(
      await client.waitForDeployment(p.id, { timeoutMs: 5000, pollIntervalMs: 20 })
    ).toMatchObject({
      outcome: 'paused',
      paused: 1,
      status: 'inprogress'
    })

    const t = await client.createDeployment({
      artifactName: 'app-1',
      name: 'offline',
      target: { devices: ['dev-x'] }
    })
    const started = Date.now()
    expect(
      await client.waitForDeployment(t.id, { timeoutMs: 300, pollIntervalMs: 50 })
    ).toMatchObject({
      outcome: 'timeout',
      status: 'pending'
    })
    expect(Date.now() - started).toBeLessThan(5000)
    const aborting = await client.waitForDeployment(t.id, {
      timeoutMs: 100,
      pollIntervalMs: 50,
      abortOnTimeout: true
    })
    expect(aborting.outcome).toBe('timeout')
    expect((await client.getDeployment(t.id)).status).toBe('finished')
    expect(fake.deployments.find((x) => x.id === t.id)?.devices.get('dev-x')).toBe('aborted')
  })

  it('429 and 5xx on login, lookup, create and status polls are retried', async () => {
    const { dir, fake } = await startFake({
      users: [{ email: 'ci@example.com', password: 'pw-123456' }]
    })
    fake.addDevice({ id: 'dev-a', status: 'accepted', group: 'field' })
    fake.faults.push(
      { route: 'login', kind: 'status', status: 503 },
      { route: 'artifacts', kind: 'status', status: 429, retryAfter: '0' },
      { route: 'deploy', kind: 'status', status: 502 },
      { route: 'deployment', kind: 'status', status: 500 }
    )
    const { client, log } = await connect(fake, {
      credentials: { username: 'ci@example.com', password: 'pw-123456' }
    })
    const path = await makeArtifact(dir, { name: 'retry-all' })
    const result = await publish(client, {
      artifactPath: path,
      deploy: { target: { group: 'field' } },
      wait: { timeoutMs: 100, pollIntervalMs: 20 }
    })
    expect(fake.faults).toEqual([])
    expect(result).toMatchObject({
      artifact: { outcome: 'uploaded' },
      deployment: { created: true }
    })
    expect(fake.deployments).toHaveLength(1)
    for (const what of [
      'login',
      'looking up artifact',
      'creating deployment',
      'reading deployment'
    ]) {
      expect(log.text()).toMatch(new RegExp(`${what}.* failed \\(HTTP (429|50\\d)\\); attempt 2`))
    }
  })

  it('re-running the same publish uploads once and deploys once; the result has every fact', async () => {
    const { fake, client, path, log } = await setup()
    const run = () =>
      publish(client, {
        artifactPath: path,
        deploy: { target: { group: 'field' } },
        wait: { timeoutMs: 200, pollIntervalMs: 20 }
      })
    const first = await run()
    const second = await run()
    expect(
      fake.requests.filter(
        (r) => r.method === 'POST' && r.path === '/api/management/v1/deployments/artifacts'
      )
    ).toHaveLength(1)
    expect(fake.deployments).toHaveLength(1)
    const id = fake.deployments[0]?.id ?? ''
    expect(second).toEqual({
      server: fake.url,
      artifact: { name: 'app-1', id: fake.artifacts[0]?.id, outcome: 'found' },
      deployment: {
        id,
        name: 'app-1',
        created: false,
        url: `${fake.url}/ui/deployments?open=true&id=${id}`,
        status: 'pending',
        counts: expect.objectContaining({ pending: 2, success: 0 }),
        wait: 'timeout'
      },
      ok: false,
      problem: 'the deployment was still pending when the wait timed out'
    })
    expect(first.deployment?.created).toBe(true)
    // Once the devices finish, the same run is green.
    fake.setDeviceStatus(id, 'success')
    const done = await publish(client, {
      artifactName: 'app-1',
      deploy: { target: { group: 'field' } }
    })
    expect(done.ok).toBe(true)
    expect(log.text()).not.toContain(PAT)
  })
})
