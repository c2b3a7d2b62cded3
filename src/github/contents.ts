import type { Logger } from '../util/log.js'
import { githubCall, statusOf, type GitHubApi } from './client.js'

export interface RepoRef {
  owner: string
  repo: string
}

/**
 * A file's text at a ref through the contents API with the raw media type
 * (needed above 1 MB; the API serves up to 100 MB so). Undefined on 404: the
 * file, or the ref, does not exist there.
 */
export async function readFileAtRef(
  api: GitHubApi,
  at: RepoRef & { path: string; ref: string },
  log: Logger
): Promise<string | undefined> {
  try {
    const res = await githubCall(
      `read ${at.path} at ${at.ref}`,
      () =>
        api.rest.repos.getContent({
          owner: at.owner,
          repo: at.repo,
          path: at.path,
          ref: at.ref,
          mediaType: { format: 'raw' }
        }),
      { log }
    )
    const data: unknown = res.data
    if (typeof data === 'string') return data
    // A directory answers with a JSON listing even with the raw media type.
    if (Array.isArray(data)) throw new Error(`${at.path} at ${at.ref} is a directory`)
    if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
    return String(data)
  } catch (err) {
    if (statusOf(err) === 404) return undefined
    throw err
  }
}

/** The first parent of a commit, or undefined for a root commit. */
export async function parentCommit(
  api: GitHubApi,
  at: RepoRef & { ref: string },
  log: Logger
): Promise<string | undefined> {
  const res = await githubCall(
    `commit ${at.ref}`,
    () => api.rest.repos.getCommit({ owner: at.owner, repo: at.repo, ref: at.ref }),
    { log }
  )
  return res.data.parents[0]?.sha
}

/** How `head` relates to `base`: ahead (base is an ancestor), behind, diverged or identical. */
export async function compareCommits(
  api: GitHubApi,
  at: RepoRef & { base: string; head: string },
  log: Logger
): Promise<string> {
  const res = await githubCall(
    `compare ${at.base}...${at.head}`,
    () =>
      api.rest.repos.compareCommitsWithBasehead({
        owner: at.owner,
        repo: at.repo,
        basehead: `${at.base}...${at.head}`,
        per_page: 1
      }),
    { log }
  )
  return res.data.status
}

export async function listTags(api: GitHubApi, at: RepoRef, log: Logger) {
  return githubCall(
    'list tags',
    () => api.paginate(api.rest.repos.listTags, { owner: at.owner, repo: at.repo, per_page: 100 }),
    { log }
  )
}

export async function listReleases(api: GitHubApi, at: RepoRef, log: Logger) {
  return githubCall(
    'list releases',
    () =>
      api.paginate(api.rest.repos.listReleases, { owner: at.owner, repo: at.repo, per_page: 100 }),
    { log }
  )
}
