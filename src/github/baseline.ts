import semver from 'semver'
import type { Logger } from '../util/log.js'
import type { GitHubApi } from './client.js'
import { compareCommits, listReleases, listTags, parentCommit, type RepoRef } from './contents.js'

/** The commit (or tag) whose compose files describe what the devices run now. */
export interface Baseline {
  ref: string
  /** Why this one: logged, and shown in the job summary. */
  reason: string
  /** The tag's name when the baseline is a tag (the default artifact name of that release). */
  tag?: string
}

export interface BaselineInputs {
  eventName: string
  payload: Record<string, unknown>
  /** The commit being built (GITHUB_SHA). */
  sha: string
  repo: RepoRef
  /** The `previous-ref` input; it wins over the event. */
  previousRef?: string
  api: GitHubApi
  log: Logger
}

const ZERO_SHA = /^0+$/

/**
 * The previous release by event (push: `before`; tag: the previous tag; release: the previous release). Undefined
 * means there is none (initial commit, first tag, first release): the
 * artifact then carries full images, and the log says why.
 */
export async function findBaseline(inputs: BaselineInputs): Promise<Baseline | undefined> {
  const found = await byEvent(inputs)
  if (found) inputs.log.info(`previous release: ${found.ref} (${found.reason})`)
  return found
}

async function byEvent(inputs: BaselineInputs): Promise<Baseline | undefined> {
  const { payload, log } = inputs
  if (inputs.previousRef) return { ref: inputs.previousRef, reason: 'the previous-ref input' }
  switch (inputs.eventName) {
    case 'push': {
      const ref = str(payload.ref) ?? ''
      if (ref.startsWith('refs/tags/')) return previousTag(inputs, ref.slice('refs/tags/'.length))
      const before = str(payload.before)
      if (payload.created === true || !before || ZERO_SHA.test(before))
        return parent(inputs, 'a new branch: the parent commit')
      if (payload.forced === true)
        return parent(
          inputs,
          'a forced push: "before" may not be an ancestor, so the parent commit'
        )
      return { ref: before, reason: 'the commit before the push' }
    }
    case 'release':
      return previousRelease(inputs)
    case 'workflow_dispatch': {
      const input = obj(payload.inputs)
      const explicit = str(input['previous-ref']) ?? str(input.previous_ref)
      if (explicit) {
        const status = await compareCommits(
          inputs.api,
          { ...inputs.repo, base: explicit, head: inputs.sha },
          log
        ).catch(() => undefined)
        if (status === 'diverged' || status === 'behind')
          log.warn(`previous-ref ${explicit} is not an ancestor of ${inputs.sha} (${status})`)
        return { ref: explicit, reason: 'the workflow_dispatch input previous-ref' }
      }
      return parent(inputs, 'a manual run: the parent commit')
    }
    case 'pull_request':
    case 'pull_request_target': {
      const base = str(obj(obj(payload.pull_request).base).sha)
      if (base) return { ref: base, reason: "the pull request's base commit" }
      return parent(inputs, 'the parent commit')
    }
    case 'merge_group': {
      const base = str(obj(payload.merge_group).base_sha)
      if (base) return { ref: base, reason: "the merge group's base commit" }
      return parent(inputs, 'the parent commit')
    }
    default:
      return parent(inputs, `event ${inputs.eventName}: the parent commit`)
  }
}

async function parent(inputs: BaselineInputs, reason: string): Promise<Baseline | undefined> {
  const sha = await parentCommit(inputs.api, { ...inputs.repo, ref: inputs.sha }, inputs.log)
  if (!sha) {
    inputs.log.info(`no previous release: ${inputs.sha} is the initial commit`)
    return undefined
  }
  return { ref: sha, reason }
}

/** The highest semver tag below the current one (tags that are not semver are skipped). */
async function previousTag(inputs: BaselineInputs, current: string): Promise<Baseline | undefined> {
  const currentVersion = semver.clean(current) ?? undefined
  const tags = await listTags(inputs.api, inputs.repo, inputs.log)
  // A stable release follows the previous stable one: devices never ran a release candidate
  // unless the tag being pushed is one too.
  const stableOnly = currentVersion !== undefined && semver.prerelease(currentVersion) === null
  const candidates = tags
    .filter((t) => t.name !== current && semver.valid(semver.clean(t.name) ?? ''))
    .filter((t) => !stableOnly || semver.prerelease(semver.clean(t.name) as string) === null)
    .filter((t) => !currentVersion || semver.lt(semver.clean(t.name) as string, currentVersion))
    .sort((a, b) => semver.rcompare(semver.clean(a.name) as string, semver.clean(b.name) as string))
  const prev = candidates[0]
  if (!prev) {
    inputs.log.info(`no previous release: no semver tag before ${current}`)
    return undefined
  }
  return { ref: prev.commit.sha, reason: `the previous tag ${prev.name}`, tag: prev.name }
}

/**
 * The latest published release before the current one. getLatestRelease is
 * not used: it may answer the current release itself.
 */
async function previousRelease(inputs: BaselineInputs): Promise<Baseline | undefined> {
  const current = obj(inputs.payload.release)
  const releases = await listReleases(inputs.api, inputs.repo, inputs.log)
  const when = (r: { published_at?: string | null; created_at: string }) =>
    Date.parse(r.published_at ?? r.created_at)
  const currentTime = str(current.published_at)
    ? Date.parse(current.published_at as string)
    : Infinity
  const prev = releases
    .filter(
      (r) => !r.draft && !r.prerelease && r.id !== current.id && r.tag_name !== current.tag_name
    )
    .filter((r) => when(r) <= currentTime)
    .sort((a, b) => when(b) - when(a))[0]
  if (!prev) {
    inputs.log.info(
      `no previous release: ${str(current.tag_name) ?? 'this'} is the first published release`
    )
    return undefined
  }
  return {
    ref: prev.tag_name,
    reason: `the previous published release ${prev.tag_name}`,
    tag: prev.tag_name
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}
}
