import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { githubClient, type GitHubApi } from '../../src/github/client.js'
import { readFileAtRef } from '../../src/github/contents.js'
import { loadPreviousCompose } from '../../src/github/previous-release.js'
import { describeError, UserError } from '../../src/util/errors.js'
import { MemoryLogger } from '../../src/util/log.js'
import { fleetRepo, SHA } from '../fakes/github-api/fleet-repo.js'
import { FAKE_TOKEN, startFakeGitHub, type FakeGitHub } from '../fakes/github-api/server.js'
import { tempDir } from '../helpers/tmp.js'
import { gitIn } from '../release/fixtures.js'

let gh: FakeGitHub
let api: GitHubApi
let workspace: string
const repo = { owner: 'acme', repo: 'fleet-app' }

beforeAll(async () => {
  gh = await startFakeGitHub([fleetRepo()])
  // The runner's variable, set after @actions/github has loaded: our client reads it per call.
  process.env.GITHUB_API_URL = gh.url
  api = githubClient({ token: FAKE_TOKEN })
  workspace = await tempDir('mc-ws-') // not a git checkout: every read goes through the API
})
afterEach(() => expect(gh.faultsLeft()).toBe(0))
afterAll(async () => {
  delete process.env.GITHUB_API_URL
  await gh.close()
})

const previous = (ref: string, log = new MemoryLogger()) =>
  loadPreviousCompose({ ref, workspace, files: ['deploy/compose.yaml'], env: {}, repo, api, log })

describe('compose files at the previous release through the contents API', () => {
  it('reads compose.yaml and its .env at a commit, with the raw media type', async () => {
    const before = gh.requests.length
    const project = await previous(SHA['3'])
    expect(project?.services.map((s) => [s.name, s.image])).toEqual([
      ['db', 'postgres:16.1'],
      ['web', 'ghcr.io/acme/web:1.1.0']
    ])
    const reads = gh.requests.slice(before).filter((r) => r.url.includes('/contents/'))
    expect(reads.map((r) => decodeURIComponent(r.url))).toContain(
      `/repos/acme/fleet-app/contents/deploy/.env?ref=${SHA['3']}`
    )
    for (const r of reads) expect(r.accept).toMatch(/application\/vnd\.github\.v3\.raw/)
  })

  it('reads a compose file over 1 MB (raw), at a tag', async () => {
    const text = await readFileAtRef(
      api,
      { ...repo, path: 'deploy/compose.yaml', ref: 'v1.2.0-rc.1' },
      new MemoryLogger()
    )
    expect(Buffer.byteLength(text ?? '')).toBeGreaterThan(1024 * 1024)
    const project = await previous('v1.2.0-rc.1')
    expect(project?.services.find((s) => s.name === 'web')?.image).toBe(
      'ghcr.io/acme/web:1.2.0-rc.1'
    )
  })

  it('a 404 is "no previous release": undefined, and the log says why', async () => {
    const log = new MemoryLogger()
    expect(await previous(SHA['1'], log)).toBeUndefined()
    expect(log.text()).toContain(
      `no previous release: deploy/compose.yaml did not exist at ${SHA['1']}, so the artifact carries full images`
    )
  })

  it('a missing .env at that commit is fine (Compose treats it as optional)', async () => {
    const project = await previous(SHA['2'])
    expect(project?.services.find((s) => s.name === 'web')?.image).toBe('ghcr.io/acme/web:1.0.0')
  })

  it('retries a 500 and says so in the log', async () => {
    gh.inject({
      path: /\/contents\/deploy\/compose\.yaml$/,
      status: 500,
      body: { message: 'Server Error' }
    })
    const log = new MemoryLogger()
    const project = await previous(SHA['2'], log)
    expect(project?.services).toHaveLength(2)
    expect(log.text()).toMatch(/GitHub API read deploy\/compose\.yaml at .*: .*retry 1 in \d+ ms/)
  })

  it('waits out a 403 rate limit until x-ratelimit-reset, then succeeds', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 1
    gh.inject({
      path: /\/contents\//,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded for installation ID 1.' }
    })
    const started = Date.now()
    const project = await previous(SHA['2'])
    expect(project?.services).toHaveLength(2)
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000 - 50)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('honours Retry-After on a 429 (secondary rate limit)', async () => {
    gh.inject({ path: /\/contents\//, status: 429, headers: { 'retry-after': '1' } })
    const started = Date.now()
    expect(await previous(SHA['2'])).toBeDefined()
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it('a rate limit far in the future fails at once with a clear error', async () => {
    gh.inject({
      path: /\/contents\//,
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600)
      }
    })
    const err = await previous(SHA['2']).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toMatch(/rate limit exceeded/)
  })

  it('a bad token is an error naming the permission needed, not "no previous release"', async () => {
    const bad = githubClient({ token: 'wrong', baseUrl: gh.url })
    const err = await loadPreviousCompose({
      ref: SHA['2'],
      workspace,
      files: ['deploy/compose.yaml'],
      repo,
      api: bad,
      log: new MemoryLogger()
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).hint).toMatch(/contents: read/)
    const printed = `${describeError(err)} ${describeError((err as Error).cause)}`
    expect(printed).toMatch(/401/)
    expect(printed).not.toContain('wrong')
  })
})

describe('compose files at the previous release through git, when the checkout has it', () => {
  it('reads with git show and makes no API call', async () => {
    const dir = await tempDir('mc-git-')
    const git = gitIn(dir)
    git('init', '-q')
    await mkdir(join(dir, 'app'))
    await writeFile(join(dir, 'app/compose.yaml'), 'services:\n  web:\n    image: web:${TAG}\n')
    await writeFile(join(dir, 'app/.env'), 'TAG=1.0.0\n')
    git('add', '.')
    git('commit', '-qm', 'one')
    const first = git('rev-parse', 'HEAD')
    await writeFile(join(dir, 'app/.env'), 'TAG=2.0.0\n')
    git('commit', '-qam', 'two')
    const before = gh.requests.length
    const project = await loadPreviousCompose({
      ref: first,
      workspace: dir,
      files: ['app/compose.yaml'],
      repo,
      log: new MemoryLogger()
    })
    expect(project?.services[0]?.image).toBe('web:1.0.0')
    expect(gh.requests.length).toBe(before)
    // And a compose file added later is "no previous release" through git too.
    const none = await loadPreviousCompose({
      ref: first,
      workspace: dir,
      files: ['app/compose.prod.yaml'],
      repo,
      log: new MemoryLogger()
    })
    expect(none).toBeUndefined()
  })
})

describe('findPreviousRelease: event → baseline → compose project', async () => {
  const { findPreviousRelease } = await import('../../src/github/previous-release.js')
  const { payload } = await import('../fakes/github-api/fleet-repo.js')
  const run = (event: string, file: string, sha: string, log = new MemoryLogger()) =>
    findPreviousRelease({
      eventName: event,
      payload: payload(file),
      sha,
      workspace,
      files: ['deploy/compose.yaml'],
      env: {},
      repo,
      api,
      log
    })

  it('push: the compose project at "before"', async () => {
    const found = await run('push', 'push', SHA['5'])
    expect(found?.baseline.ref).toBe(SHA['4'])
    expect(found?.project.services.map((s) => s.image)).toEqual([
      'postgres:16.1',
      'ghcr.io/acme/web:1.2.0-rc.1'
    ])
  })

  it('pull_request: the project at the base commit', async () => {
    const found = await run('pull_request', 'pull_request', SHA['5'])
    expect(found?.project.services.find((s) => s.name === 'web')?.image).toBe(
      'ghcr.io/acme/web:1.1.0'
    )
  })

  it('a branch created on the commit that added the compose file: none, with the reason', async () => {
    const log = new MemoryLogger()
    expect(await run('push', 'push-branch-created', SHA['2'], log)).toBeUndefined()
    expect(log.text()).toMatch(
      /no previous release: deploy\/compose\.yaml did not exist at 1f0e8c2b/
    )
  })
})

describe("the previous release's files and this run's environment", () => {
  it('warns when the old files took a variable from the process environment', async () => {
    const log = new MemoryLogger()
    const project = await loadPreviousCompose({
      ref: SHA['3'],
      workspace,
      files: ['deploy/compose.yaml'],
      env: { WEB_TAG: '1.2.0', UNRELATED: 'x' },
      repo,
      api,
      log
    })
    // The environment wins over .env, as in Compose: the old file now reads the new tag.
    expect(project?.services.find((s) => s.name === 'web')?.image).toBe('ghcr.io/acme/web:1.2.0')
    expect(project?.variablesFromProcess).toEqual(['WEB_TAG'])
    const warns = log.lines.filter((l) => l.level === 'warn').map((l) => l.message)
    expect(warns).toHaveLength(1)
    expect(warns[0]).toMatch(
      /interpolated with this run's \$WEB_TAG; .*Keep such values in the committed \.env/
    )
  })
})
