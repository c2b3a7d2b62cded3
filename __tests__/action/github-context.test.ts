import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gitHubContext } from '../../src/action/github-context.js'
import { getInputs, readEventPayload } from '../../src/action/inputs.js'
import { inputSource } from './input-source.js'

const env = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: 'b'.repeat(40)
}

describe('gitHubContext', () => {
  it('keeps what the previous-release lookup needs from a push', () => {
    const ctx = gitHubContext(
      { ...env, GITHUB_EVENT_NAME: 'push' },
      { before: 'a'.repeat(40), forced: true, created: false, commits: [] },
      'tok'
    )
    expect(ctx).toEqual({
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      repository: 'acme/shop',
      token: 'tok',
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: 'b'.repeat(40),
      payload: { before: 'a'.repeat(40), forced: true, created: false, commits: [] },
      push: { before: 'a'.repeat(40), forced: true, created: false }
    })
  })

  it('treats an all-zero before as a created ref (new branch or tag)', () => {
    const ctx = gitHubContext(
      { ...env, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v2.0.0' },
      { before: '0'.repeat(40) },
      ''
    )
    expect(ctx.push).toEqual({ before: '0'.repeat(40), forced: false, created: true })
  })

  it('reads release, pull_request and merge_group bases', () => {
    expect(
      gitHubContext(
        { ...env, GITHUB_EVENT_NAME: 'release' },
        { release: { id: 7, tag_name: 'v2' } },
        ''
      ).release
    ).toEqual({ id: 7, tagName: 'v2' })
    expect(
      gitHubContext(
        { ...env, GITHUB_EVENT_NAME: 'pull_request' },
        { pull_request: { base: { sha: 'c1' } } },
        ''
      ).pullRequestBaseSha
    ).toBe('c1')
    expect(
      gitHubContext(
        { ...env, GITHUB_EVENT_NAME: 'merge_group' },
        { merge_group: { base_sha: 'd1' } },
        ''
      ).mergeGroupBaseSha
    ).toBe('d1')
  })

  it('uses the GHES API URL the runner gives and survives a missing payload', () => {
    const ctx = gitHubContext(
      {
        GITHUB_SERVER_URL: 'https://ghe.acme.test/',
        GITHUB_API_URL: 'https://ghe.acme.test/api/v3',
        GITHUB_EVENT_NAME: 'workflow_dispatch'
      },
      undefined,
      ''
    )
    expect(ctx).toMatchObject({
      serverUrl: 'https://ghe.acme.test',
      apiUrl: 'https://ghe.acme.test/api/v3',
      repository: ''
    })
    expect(ctx.push).toBeUndefined()
  })

  it('reaches the options through the inputs, token included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mc-event-'))
    const path = join(dir, 'event.json')
    await writeFile(path, JSON.stringify({ before: 'e'.repeat(40) }))
    expect(readEventPayload(path)).toEqual({ before: 'e'.repeat(40) })
    expect(readEventPayload(join(dir, 'missing.json'))).toBeUndefined()
    const { src } = inputSource(
      { 'device-types': 'pi4', 'dry-run': 'true', 'github-token': 'ghs_tok' },
      { ...env, GITHUB_EVENT_NAME: 'push' }
    )
    const o = getInputs({ ...src, event: readEventPayload(path) }).build
    expect(o.github).toMatchObject({ token: 'ghs_tok', push: { before: 'e'.repeat(40) } })
  })
})
