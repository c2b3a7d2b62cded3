import { afterAll, beforeAll, expect } from 'vitest'
import { MenderClient } from '../../src/mender/index.js'
import { describeError } from '../../src/util/errors.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startFakeMender, type FakeMender } from '../fakes/mender-server/index.js'
import { PAT, makeArtifact } from '../mender/helpers.js'
import { freePort } from '../helpers/ports.js'
import { tempDir } from '../helpers/tmp.js'
import { errorLine, faultCase, runCli, type CliRun } from './table.js'

/** Mender server faults: the CLI against the fake server on loopback, faults injected per route. */
export function menderCases(): void {
  let fake: FakeMender
  let dir: string
  let env: Record<string, string>
  let artifact: string
  let n = 0

  beforeAll(async () => {
    dir = await tempDir('faults-mender-')
    fake = await startFakeMender({ workDir: dir, pats: [PAT] })
    fake.addDevice({ id: 'dev-a', status: 'accepted', group: 'field' })
    env = { HOME: dir, MENDER_SERVER_URL: fake.url, MENDER_ACCESS_TOKEN: PAT }
    // large enough that the kernel's socket buffers cannot swallow it whole
    artifact = await makeArtifact(dir, { name: 'faults-app', payloadBytes: 24 << 20 })
  }, 60_000)
  afterAll(async () => {
    await fake?.close()
  })

  /** `deploy … --wait`; devices report `deviceStatus` once the deployment exists. */
  const deployAndWait = async (
    extra: string[],
    deviceStatus?: string
  ): Promise<{ r: CliRun; id: string | undefined }> => {
    const before = fake.deployments.length
    const name = `faults-${++n}`
    const watcher = setInterval(() => {
      const d = fake.deployments[before]
      if (d && deviceStatus) {
        fake.setDeviceStatus(d.id, deviceStatus)
        clearInterval(watcher)
      }
    }, 50)
    try {
      const r = await runCli(
        [
          'deploy',
          '--artifact-name',
          'faults-app',
          '--name',
          name,
          '--group',
          'field',
          '--wait',
          '--poll-interval',
          '1',
          ...extra
        ],
        { env }
      )
      return { r, id: fake.deployments[before]?.id }
    } finally {
      clearInterval(watcher)
    }
  }

  faultCase('mender: connection refused', 'clear error', async () => {
    const port = await freePort()
    const r = await runCli(['deploy', '--artifact-name', 'x', '--all-devices'], {
      env: { ...env, MENDER_SERVER_URL: `http://127.0.0.1:${port}` }
    })
    const line = errorLine(r)
    expect(line).toContain(`cannot reach the Mender server http://127.0.0.1:${port}`)
    expect(line).toMatch(/connection refused \(check the network, the proxy settings/)
    expect(r.seconds).toBeLessThan(5 + 3)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    return 'clear error'
  })

  faultCase('mender: 401 for a revoked token', 'clear error', async () => {
    const r = await runCli(['deploy', '--artifact-name', 'x', '--all-devices'], {
      env: { ...env, MENDER_ACCESS_TOKEN: 'pat-revoked-0000000000' }
    })
    expect(errorLine(r)).toMatch(/rejected the access token in MENDER_ACCESS_TOKEN \(401/)
    expect(r.stderr).not.toContain('pat-revoked-0000000000')
    return 'clear error'
  })

  faultCase(
    'mender: non-JSON answer to the artifact lookup, once; 503 and a reset mid-upload',
    'works',
    async () => {
      fake.faults.push(
        { route: 'artifacts', kind: 'garbled' },
        { route: 'upload', kind: 'status', status: 503 },
        { route: 'upload', kind: 'reset', afterBytes: 12 << 20 }
      )
      const r = await runCli(['artifact', 'upload', artifact], { env })
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^artifact \S+ uploaded\n$/)
      expect(r.stderr).toMatch(
        /looking up artifact faults-app failed \(an answer that is not JSON\)/
      )
      // nothing claims the whole upload before the server answered it
      const beforeLast = r.stderr.slice(0, r.stderr.lastIndexOf('failed ('))
      expect(beforeLast).not.toMatch(/100%|all bytes sent/)
      expect(r.stderr).toMatch(/uploaded .*: 100%/)
      return 'works'
    }
  )

  faultCase('mender: non-JSON answers twice while waiting', 'works', async () => {
    fake.faults.push({ route: 'deployment', kind: 'garbled', times: 2 })
    const { r, id } = await deployAndWait(['--wait-timeout', '60'], 'success')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`deployment ${id} created finished\n`)
    return 'works'
  })

  faultCase('mender: non-JSON answers for the whole wait', 'clear error', async () => {
    fake.faults.push({ route: 'deployment', kind: 'garbled', times: 1000 })
    try {
      const { r, id } = await deployAndWait(['--wait-timeout', '3'])
      const line = errorLine(r)
      expect(id).toBeDefined()
      expect(line).toContain(`deployment ${id} was created`)
      expect(line).toContain(
        `Mender server ${fake.url} answered GET /api/management/v1/deployments/deployments/${id}`
      )
      expect(line).toContain('not JSON: <html>gateway</html>')
      expect(r.seconds).toBeLessThan(3 + 3 + 3)
      return 'clear error'
    } finally {
      fake.faults.length = 0
    }
  })

  faultCase('mender: non-JSON answers to every artifact lookup', 'clear error', async () => {
    fake.faults.push({ route: 'artifacts', kind: 'garbled', times: 1000 })
    const client = await MenderClient.connect({
      serverUrl: fake.url,
      credentials: { token: PAT },
      log: new MemoryLogger(),
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 }
    })
    try {
      const err = await client.uploadArtifact(artifact).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(describeError(err)).toMatch(
        new RegExp(
          `^Mender server ${fake.url} answered GET /api/management/v2/deployments/artifacts .*not JSON`
        )
      )
      return 'clear error'
    } finally {
      fake.faults.length = 0
      await client.close()
    }
  })

  faultCase('mender: a device fails the deployment', 'clear error', async () => {
    const { r } = await deployAndWait(['--wait-timeout', '60'], 'failure')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/failed on dev-a/)
    expect(errorLine(r)).toMatch(/1 device\(s\) failed the deployment/)
    return 'clear error'
  })

  faultCase('mender: the wait times out', 'clear error', async () => {
    const { r } = await deployAndWait(['--wait-timeout', '2'])
    expect(errorLine(r)).toMatch(/still pending when the wait timed out/)
    return 'clear error'
  })
}
