import { describe, expect, it } from 'vitest'
import type { GitHubContext } from '../../src/pipeline/options.js'
import { previousArtifactName } from '../../src/release/previous-artifact.js'

const SHA = 'fedcba9876543210fedcba9876543210fedcba98'

function github(ref: string, payload: Record<string, unknown> = {}): GitHubContext {
  return {
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    repository: 'acme/shop',
    token: '',
    eventName: 'push',
    ref,
    sha: '0123456789abcdef0123456789abcdef01234567',
    payload
  }
}

const options = (over: Partial<Parameters<typeof previousArtifactName>[0]> = {}) => ({
  applicationName: 'shop',
  artifactNameIsDefault: true,
  github: github('refs/heads/main'),
  ...over
})

describe('previousArtifactName', () => {
  it('takes the explicit option first, even with a custom artifact name', () => {
    expect(
      previousArtifactName(
        options({ previousArtifactName: 'shop-1.0', artifactNameIsDefault: false }),
        { ref: SHA, tag: 'v9' }
      )
    ).toBe('shop-1.0')
  })

  it('derives nothing when this run named its artifact itself', () => {
    expect(
      previousArtifactName(options({ artifactNameIsDefault: false }), { ref: SHA, tag: 'v1.0.0' })
    ).toBeUndefined()
  })

  it('names a tag release by the tag, as the default rule named it', () => {
    expect(previousArtifactName(options(), { ref: SHA, tag: 'v1.0.0' })).toBe('v1.0.0')
    expect(previousArtifactName(options(), { ref: 'refs/tags/v1.2.0' })).toBe('v1.2.0')
  })

  it('names a commit <application>-<branch>-<short sha>', () => {
    expect(previousArtifactName(options(), { ref: SHA })).toBe('shop-main-fedcba9')
    expect(
      previousArtifactName(options({ github: github('refs/heads/feature/new ui') }), { ref: SHA })
    ).toBe('shop-feature-new-ui-fedcba9')
  })

  it("uses a pull request's base branch, where its base commit was built", () => {
    const pr = github('refs/pull/7/merge', { pull_request: { base: { ref: 'main' } } })
    expect(previousArtifactName(options({ github: pr }), { ref: SHA })).toBe('shop-main-fedcba9')
  })

  it('gives up on a symbolic ref: which commit it named at build time is unknown', () => {
    expect(previousArtifactName(options(), { ref: 'release-branch' })).toBeUndefined()
  })
})
