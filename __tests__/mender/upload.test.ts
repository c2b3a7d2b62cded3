import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, it } from 'vitest'
import { UserError } from '../../src/util/errors.js'
import { MenderClient } from '../../src/mender/index.js'
import { menderArtifactRead } from '../fakes/mender-server/artifact-parser.js'
import type { FakeMender } from '../fakes/mender-server/index.js'
import { describeWithTools } from '../helpers/tools.js'
import {
  PAT,
  TEST_RETRY,
  closeAfterEach,
  connect,
  makeArtifact,
  startFake,
  track
} from './helpers.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const uploadsTo = (f: FakeMender) =>
  f.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/deployments/artifacts'))

describeWithTools(['mender-artifact'], 'Mender upload through the real HTTP code', () => {
  closeAfterEach()
  const setup = startFake

  it('uploads with a Content-Length (not chunked), description first, and reports the ID from Location', async () => {
    const { dir, fake } = await setup()
    const path = await makeArtifact(dir, { name: 'app-1.0', deviceTypes: ['pi4'] })
    const c = await connect(fake, { log: undefined })
    const client = c.client
    const out = await client.uploadArtifact(path, { description: 'from CI' })
    expect(out.outcome).toBe('uploaded')
    expect(out.id).toMatch(UUID)
    expect(fake.artifacts.map((a) => [a.id, a.name, a.description])).toEqual([
      [out.id, 'app-1.0', 'from CI']
    ])
    const [req] = uploadsTo(fake)
    expect(req?.transferEncoding).toBeUndefined()
    expect(Number(req?.contentLength)).toBe(req?.bodyBytes)
    expect(fake.uploads[0]?.fields).toEqual([['description', 'from CI']])
    expect(req?.authorization).toBe(`Bearer ${PAT}`)
    expect(c.masked).toEqual([PAT])
  })

  it('reads the ID from the older relative Location and falls back to the v1 list on old servers', async () => {
    const { dir, fake } = await setup({
      location: 'relative',
      v2: false,
      parseArtifact: menderArtifactRead
    })
    const path = await makeArtifact(dir, { name: 'old-server' })
    const { client } = await connect(fake)
    const first = await client.uploadArtifact(path)
    expect(first).toMatchObject({ outcome: 'uploaded', id: fake.artifacts[0]?.id })
    // A substring neighbour must not be taken for ours.
    await client.uploadArtifact(await makeArtifact(dir, { name: 'old-server-2' }))
    const again = await client.uploadArtifact(path)
    expect(again).toEqual({ name: 'old-server', id: first.id, outcome: 'found' })
    expect(
      fake.requests.some((r) => r.path.startsWith('/api/management/v1/deployments/artifacts/list?'))
    ).toBe(true)
    expect(uploadsTo(fake)).toHaveLength(2)
  })

  it('skips an artifact already there (same name, depends, payload) and reports its ID', async () => {
    // The real tool parses on the server side here: client and server readers are independent.
    const { dir, fake } = await setup({ parseArtifact: menderArtifactRead })
    const path = await makeArtifact(dir, {
      name: 'same',
      file: 'same-ab',
      deviceTypes: ['a', 'b'],
      depends: ['rootfs-image.checksum:abc']
    })
    const c = await connect(fake)
    const client = c.client
    const first = await client.uploadArtifact(path)
    // Same name for another device type is a separate artifact of the release.
    const other = await client.uploadArtifact(
      await makeArtifact(dir, { name: 'same', deviceTypes: ['c'] })
    )
    expect(other.outcome).toBe('uploaded')
    // A rebuilt file (other mtimes) with the same payload counts as the same.
    const rebuilt = await makeArtifact(dir, {
      name: 'same',
      file: 'same-ab',
      deviceTypes: ['b', 'a'],
      depends: ['rootfs-image.checksum:abc']
    })
    expect(await client.uploadArtifact(rebuilt)).toEqual({
      name: 'same',
      id: first.id,
      outcome: 'found'
    })
    expect(uploadsTo(fake)).toHaveLength(2)
    expect(c.log.text()).toMatch(/already on .* not uploading/)
  })

  it('same name and depends with other contents: a clear error, or kept with on-conflict skip', async () => {
    const { dir, fake } = await setup()
    const { client } = await connect(fake)
    const first = await client.uploadArtifact(
      await makeArtifact(dir, { name: 'clash', content: 'one' })
    )
    const changed = await makeArtifact(dir, { name: 'clash', content: 'two' })
    const err = await client.uploadArtifact(changed).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toMatch(
      new RegExp(`already has an artifact named clash .*\\(ID ${first.id}\\), but its payload`)
    )
    expect((err as UserError).hint).toMatch(/on-conflict/)
    expect(await client.uploadArtifact(changed, { onConflict: 'skip' })).toEqual({
      name: 'clash',
      id: first.id,
      outcome: 'conflict-skipped'
    })
    expect(uploadsTo(fake)).toHaveLength(1)
  })

  it('an invalid artifact gets the server 400 as a UserError naming the file', async () => {
    const { dir, fake } = await setup()
    const path = await makeArtifact(dir, {
      name: 'broken',
      content: 'x'.repeat(4000),
      uncompressed: true
    })
    const { client } = await connect(fake, {
      // The header is fine; the payload is corrupted after it was inspected.
      inspect: async (p) => {
        const local = await (await import('../../src/mender/local-artifact.js')).inspectArtifact(p)
        const { readFile } = await import('node:fs/promises')
        const bytes = await readFile(p)
        const at = bytes.indexOf('xxxxxxxx')
        bytes.write('yyyy', at)
        await writeFile(p, bytes)
        return local
      }
    })
    const err = await client.uploadArtifact(path).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toMatch(
      /rejected .*broken.*\(400: failed to parse artifact: .*request_id/
    )
    expect(fake.artifacts).toHaveLength(0)
    expect(uploadsTo(fake)).toHaveLength(1)
  })

  it('honours 429 Retry-After and retries 500s, re-sending the whole body', async () => {
    const { dir, fake } = await setup()
    const path = await makeArtifact(dir, { name: 'flaky' })
    fake.faults.push({ route: 'upload', kind: 'status', status: 429, retryAfter: '1' })
    fake.faults.push({ route: 'upload', kind: 'status', status: 500 })
    const c = await connect(fake)
    const client = c.client
    const out = await client.uploadArtifact(path)
    expect(out.outcome).toBe('uploaded')
    expect(uploadsTo(fake).map((r) => r.status)).toEqual([429, 500, 201])
    expect(c.log.text()).toMatch(/failed \(HTTP 429\); attempt 2 of 4 in 1\.0 s/)
    expect(fake.artifacts).toHaveLength(1)
    // A lookup precedes the retry after the 500 (which might hide a stored upload), not after the 429.
    const paths = fake.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)
    const i429 = paths.indexOf('POST /api/management/v1/deployments/artifacts')
    expect(paths[i429 + 1]).toBe('POST /api/management/v1/deployments/artifacts')
    expect(paths[i429 + 2]).toBe('GET /api/management/v2/deployments/artifacts')
  })

  it('a connection reset in the middle of a 200 MiB upload ends with one artifact on the server', async () => {
    const { dir, fake } = await setup()
    const path = await makeArtifact(dir, { name: 'big', payloadBytes: 200 * 1024 * 1024 })
    fake.faults.push({ route: 'upload', kind: 'reset', afterBytes: 90 * 1024 * 1024 })
    const c = await connect(fake, { progressIntervalMs: 200 } as never)
    const client = c.client
    const out = await client.uploadArtifact(path, { progressIntervalMs: 250 })
    expect(out.outcome).toBe('uploaded')
    expect(fake.artifacts.map((a) => a.id)).toEqual([out.id])
    expect(fake.artifacts[0]?.size).toBeGreaterThan(200 * 1024 * 1024)
    expect(uploadsTo(fake)).toHaveLength(2)
    expect(c.log.text()).toMatch(
      /uploading big-dev-.*\.mender failed \((ECONNRESET|EPIPE|UND_ERR_SOCKET|.*other side closed)/
    )
    // progress counts bytes handed to the network; 100% comes from the server's answer only
    expect(c.log.text()).toMatch(/uploading .*: [\d.]+ MiB of 200\.\d MiB handed to the network/)
    expect(c.log.text()).toMatch(/uploaded .*\.mender: 100% \(200\.\d MiB in /)
    expect(c.log.text()).not.toMatch(/all bytes sent/)
  })

  it('a response lost after the server stored the artifact is recovered by a lookup, not a second upload', async () => {
    const { dir, fake } = await setup()
    const path = await makeArtifact(dir, { name: 'lost' })
    fake.faults.push({ route: 'upload', kind: 'lose-response' })
    const c = await connect(fake)
    const client = c.client
    const out = await client.uploadArtifact(path)
    expect(out).toEqual({ name: 'lost', id: fake.artifacts[0]?.id, outcome: 'uploaded' })
    expect(uploadsTo(fake)).toHaveLength(1)
    expect(c.log.text()).toMatch(/previous attempt stored lost/)
  })

  it('a 409 after a retry means our earlier attempt is there', async () => {
    const { dir, fake } = await setup()
    const path = await makeArtifact(dir, { name: 'race' })
    fake.faults.push({ route: 'upload', kind: 'lose-response' })
    // The pre-check and the lookup before the retry both miss it (a lagging list).
    fake.faults.push({ route: 'artifacts', kind: 'hide-artifacts', times: 2 })
    const { client } = await connect(fake)
    const out = await client.uploadArtifact(path)
    expect(out).toEqual({ name: 'race', id: fake.artifacts[0]?.id, outcome: 'uploaded' })
    expect(uploadsTo(fake).map((r) => r.status)).toEqual([undefined, 409])
    expect(fake.artifacts).toHaveLength(1)
  })

  it('waits for a slow server within the timeout; a server slower than the timeout is retried and recovered', async () => {
    const { dir, fake } = await setup()
    fake.faults.push({ route: 'upload', kind: 'delay', ms: 1500 })
    const { client: patient } = await connect(fake, { timeouts: { uploadMs: 5000 } })
    expect((await patient.uploadArtifact(await makeArtifact(dir, { name: 'slow' }))).outcome).toBe(
      'uploaded'
    )
    fake.faults.push({ route: 'upload', kind: 'delay', ms: 1500 })
    const c = await connect(fake, { timeouts: { uploadMs: 400 } })
    const out = await c.client.uploadArtifact(await makeArtifact(dir, { name: 'slower' }))
    expect(out.outcome).toBe('uploaded')
    expect(c.log.text()).toMatch(/UND_ERR_HEADERS_TIMEOUT/)
    expect(fake.artifacts.map((a) => a.name).sort()).toEqual(['slow', 'slower'])
  })

  it('a 413 answered before the body is read is a clear error, not retried', async () => {
    const { dir, fake } = await startFake({ maxImageSize: 1024 * 1024 })
    const path = await makeArtifact(dir, { name: 'huge', payloadBytes: 8 * 1024 * 1024 })
    const { client } = await connect(fake)
    const err = await client.uploadArtifact(path).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toMatch(/rejected .*huge.*\(413: http: request body too large/)
    expect((err as UserError).hint).toMatch(/larger than the server accepts/)
    expect(uploadsTo(fake)).toHaveLength(1)
  })

  it('gives up after the configured attempts with the last error', async () => {
    const { dir, fake } = await setup()
    fake.faults.push({ route: 'upload', kind: 'status', status: 503, times: 10 })
    const { client } = await connect(fake)
    await expect(client.uploadArtifact(await makeArtifact(dir, { name: 'down' }))).rejects.toThrow(
      /answered 503/
    )
    expect(uploadsTo(fake)).toHaveLength(TEST_RETRY.attempts)
  })

  it('a rejected token names the server and the credential, without the token', async () => {
    const { dir, fake } = await setup()
    const bad = 'pat-revoked-0123456789abcdef'
    const c = await MenderClient.connect({
      serverUrl: fake.url,
      credentials: { token: bad },
      credentialSource: 'MENDER_ACCESS_TOKEN',
      retry: TEST_RETRY
    })
    track(c)
    const err = await c
      .uploadArtifact(await makeArtifact(dir, { name: 'x' }))
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    const rejected = fake.requests.find((r) => r.status === 401)
    expect(rejected).toBeDefined()
    expect((err as Error).message).toMatch(
      new RegExp(
        `^Mender server ${fake.url} rejected MENDER_ACCESS_TOKEN \\(401: Unauthorized \\(request_id [0-9a-f-]{36}\\)\\)$`
      )
    )
    expect((err as UserError).hint).toMatch(/eu\.hosted\.mender\.io/)
    expect(`${(err as Error).message} ${(err as UserError).hint}`).not.toContain(bad)
  })

  it('a redirect is not followed with the token; the error names the target', async () => {
    const target = await startFake()
    const hops: string[] = []
    const redirector = createServer((req, res) => {
      hops.push(String(req.headers.authorization))
      res.writeHead(301, { location: `${target.fake.url}${req.url}` }).end()
    })
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r))
    track({ close: () => new Promise<void>((r) => redirector.close(() => r())) })
    const url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`
    const client = track(
      await MenderClient.connect({ serverUrl: url, credentials: { token: PAT }, retry: TEST_RETRY })
    )
    await expect(client.findArtifacts('x')).rejects.toThrow(
      `Mender server ${url} redirected GET /api/management/v2/deployments/artifacts (301) to ${target.fake.url}/api`
    )
    expect(hops).toHaveLength(1)
    expect(target.fake.requests).toHaveLength(0)
  })

  it('logs in once with user and password and reuses the JWT; all secrets masked and never logged', async () => {
    const { dir, fake } = await setup({
      users: [{ email: 'ci@example.com', password: 's3cret-Passw0rd' }]
    })
    const c = await connect(fake, {
      credentials: { username: 'CI@example.com', password: 's3cret-Passw0rd' }
    })
    const client = c.client
    await client.uploadArtifact(await makeArtifact(dir, { name: 'login-1' }))
    await client.uploadArtifact(await makeArtifact(dir, { name: 'login-2' }))
    expect(fake.issuedTokens).toHaveLength(1)
    const jwt = fake.issuedTokens[0] ?? ''
    const logins = fake.requests.filter((r) => r.path.endsWith('/auth/login'))
    expect(logins).toHaveLength(1)
    expect(
      fake.requests
        .filter((r) => !r.path.endsWith('/auth/login'))
        .every((r) => r.authorization === `Bearer ${jwt}`)
    ).toBe(true)
    expect(c.masked).toContain('s3cret-Passw0rd')
    expect(c.masked).toContain(jwt)
    for (const secret of ['s3cret-Passw0rd', jwt]) expect(c.log.text()).not.toContain(secret)
    await expect(
      MenderClient.connect({
        serverUrl: fake.url,
        credentials: { username: 'ci@example.com', password: 'wrong-password' },
        retry: TEST_RETRY
      })
    ).rejects.toThrow(
      `Mender server ${fake.url} rejected the user name and password of ci@example.com (401`
    )
  })
})
