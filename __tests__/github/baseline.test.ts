import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBaseline } from '../../src/github/baseline.js'
import { githubClient, type GitHubApi } from '../../src/github/client.js'
import { MemoryLogger } from '../../src/util/log.js'
import { fleetRepo, payload, SHA } from '../fakes/github-api/fleet-repo.js'
import { FAKE_TOKEN, startFakeGitHub, type FakeGitHub } from '../fakes/github-api/server.js'

let gh: FakeGitHub
let api: GitHubApi
const repo = { owner: 'acme', repo: 'fleet-app' }

beforeAll(async () => {
  gh = await startFakeGitHub([fleetRepo()])
  api = githubClient({ token: FAKE_TOKEN, baseUrl: gh.url })
})
afterAll(() => gh.close())

async function baseline(
  event: string,
  file: string,
  extra: { previousRef?: string; sha?: string } = {}
) {
  const log = new MemoryLogger()
  const found = await findBaseline({
    eventName: event,
    payload: payload(file),
    sha: extra.sha ?? SHA['5'],
    repo,
    api,
    log,
    ...(extra.previousRef && { previousRef: extra.previousRef })
  })
  return { found, log }
}

describe('previous release by event (recorded-style payloads, fake GitHub API)', () => {
  it('push to a branch: the commit before the push', async () => {
    const { found, log } = await baseline('push', 'push')
    expect(found).toEqual({ ref: SHA['4'], reason: 'the commit before the push' })
    expect(log.text()).toContain(`previous release: ${SHA['4']}`)
  })

  it('forced push: not "before" (rewritten away) but the parent commit', async () => {
    const p = payload('push-forced')
    expect(p.before).toBe(SHA.x)
    const { found } = await baseline('push', 'push-forced')
    expect(found?.ref).toBe(SHA['4'])
    expect(found?.reason).toMatch(/forced push/)
  })

  it('branch creation (before is all zeros): the parent commit', async () => {
    const { found } = await baseline('push', 'push-branch-created')
    expect(found).toMatchObject({ ref: SHA['4'], reason: expect.stringMatching(/new branch/) })
  })

  it('branch creation at the root commit: no previous release, and the log says why', async () => {
    const { found, log } = await baseline('push', 'push-branch-created', { sha: SHA['1'] })
    expect(found).toBeUndefined()
    expect(log.text()).toContain(`no previous release: ${SHA['1']} is the initial commit`)
  })

  it('tag push: the previous stable semver tag, found past the first page of tags', async () => {
    const before = gh.requests.length
    const { found } = await baseline('push', 'push-tag')
    // v1.10.0 is higher (not lower: numeric order), v1.2.0-rc.1 a prerelease, nightly not semver.
    expect(found).toEqual({ ref: SHA['3'], reason: 'the previous tag v1.1.0', tag: 'v1.1.0' })
    const pages = gh.requests.slice(before).filter((r) => r.url.includes('/tags'))
    expect(pages.length).toBeGreaterThanOrEqual(2)
    expect(pages.some((r) => /[?&]page=2/.test(r.url))).toBe(true)
  })

  it('release: the previous published, non-draft, non-prerelease release', async () => {
    const { found } = await baseline('release', 'release')
    expect(found).toEqual({
      ref: 'v1.1.0',
      reason: 'the previous published release v1.1.0',
      tag: 'v1.1.0'
    })
  })

  it('workflow_dispatch without input: the parent commit', async () => {
    const { found } = await baseline('workflow_dispatch', 'workflow_dispatch')
    expect(found?.ref).toBe(SHA['4'])
  })

  it('workflow_dispatch with a previous-ref input: that ref', async () => {
    const { found, log } = await baseline('workflow_dispatch', 'workflow_dispatch-input')
    expect(found).toEqual({ ref: 'v1.0.0', reason: 'the workflow_dispatch input previous-ref' })
    expect(log.lines.filter((l) => l.level === 'warn')).toEqual([])
  })

  it('workflow_dispatch with a previous-ref that is not an ancestor: used, with a warning', async () => {
    const p = { ...payload('workflow_dispatch'), inputs: { 'previous-ref': SHA.x } }
    const log = new MemoryLogger()
    const found = await findBaseline({
      eventName: 'workflow_dispatch',
      payload: p,
      sha: SHA['5'],
      repo,
      api,
      log
    })
    expect(found?.ref).toBe(SHA.x)
    expect(log.lines).toContainEqual({
      level: 'warn',
      message: `previous-ref ${SHA.x} is not an ancestor of ${SHA['5']} (diverged)`
    })
  })

  it('pull_request: the base commit', async () => {
    const { found } = await baseline('pull_request', 'pull_request')
    expect(found).toEqual({ ref: SHA['3'], reason: "the pull request's base commit" })
  })

  it('an explicit previous-ref wins over the event', async () => {
    const { found } = await baseline('push', 'push-tag', { previousRef: 'v1.0.0' })
    expect(found).toEqual({ ref: 'v1.0.0', reason: 'the previous-ref input' })
  })

  it('tag push of the first semver tag: no previous release', async () => {
    const p = { ...payload('push-tag'), ref: 'refs/tags/v0.9.0' }
    const log = new MemoryLogger()
    const found = await findBaseline({
      eventName: 'push',
      payload: p,
      sha: SHA['1'],
      repo,
      api,
      log
    })
    expect(found).toBeUndefined()
    expect(log.text()).toContain('no previous release: no semver tag before v0.9.0')
  })

  it('every request carried the token and reached the fake through @actions/github', () => {
    expect(gh.requests.length).toBeGreaterThan(5)
    for (const r of gh.requests) expect(r.authorization).toBe(`token ${FAKE_TOKEN}`)
  })
})
