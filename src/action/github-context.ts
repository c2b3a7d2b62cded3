import type { GitHubContext } from '../pipeline/options.js'

type Json = Record<string, unknown>
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null ? (v as Json) : undefined
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/**
 * The GitHub context from the runner's variables and the event payload
 * (GITHUB_EVENT_PATH's JSON, already parsed), keeping only what the
 * previous-release lookup needs. Pure: the caller reads the file.
 */
export function gitHubContext(
  env: Record<string, string | undefined>,
  payload: unknown,
  token: string
): GitHubContext {
  const p = obj(payload) ?? {}
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const ctx: GitHubContext = {
    serverUrl,
    // GHES serves the API under /api/v3; the runner always sets GITHUB_API_URL.
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    repository: env.GITHUB_REPOSITORY ?? str(obj(p.repository)?.full_name) ?? '',
    token,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    payload: p
  }
  const before = str(p.before)
  if (ctx.eventName === 'push' && before)
    ctx.push = {
      before,
      forced: p.forced === true,
      created: p.created === true || /^0+$/.test(before)
    }
  const release = obj(p.release)
  if (release && typeof release.id === 'number' && str(release.tag_name))
    ctx.release = { id: release.id, tagName: str(release.tag_name)! }
  const prBase = str(obj(obj(p.pull_request)?.base)?.sha)
  if (prBase) ctx.pullRequestBaseSha = prBase
  const mgBase = str(obj(p.merge_group)?.base_sha)
  if (mgBase) ctx.mergeGroupBaseSha = mgBase
  return ctx
}
