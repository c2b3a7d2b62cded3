import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A faithful fake of the parts of the GitHub REST API the action uses, on
 * loopback, driven through the real @actions/github (undici fetch). Shapes
 * follow docs.github.com/rest: repository contents (JSON with base64, or the
 * raw media type), tags and releases with Link-header pagination, commits,
 * compare. Faults can be queued per path.
 */
export interface FakeCommit {
  sha: string
  parents: string[]
  files: Record<string, string>
  date?: string
}

export interface FakeRelease {
  id: number
  tag_name: string
  draft?: boolean
  prerelease?: boolean
  published_at?: string | null
  created_at?: string
}

export interface FakeRepo {
  owner: string
  name: string
  commits: FakeCommit[]
  /** Branch and tag names to commit shas. */
  branches?: Record<string, string>
  tags?: { name: string; sha: string }[]
  releases?: FakeRelease[]
}

export interface Fault {
  /** Matches the request path (decoded, without query). */
  path: RegExp
  status: number
  headers?: Record<string, string>
  body?: unknown
  /** How many matching requests fail; default 1. */
  times?: number
}

export interface RecordedRequest {
  method: string
  url: string
  accept: string | undefined
  authorization: string | undefined
}

export interface FakeGitHub {
  url: string
  requests: RecordedRequest[]
  inject(fault: Fault): void
  /** Injected faults not yet served: a test whose fault never fired proves nothing. */
  faultsLeft(): number
  close(): Promise<void>
}

export const FAKE_TOKEN = 'ghs_fake_token_for_tests'

export async function startFakeGitHub(repos: FakeRepo[]): Promise<FakeGitHub> {
  const faults: Fault[] = []
  const requests: RecordedRequest[] = []
  const server: Server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      accept: req.headers.accept,
      authorization: req.headers.authorization
    })
    try {
      handle(req, res)
    } catch (err) {
      send(res, 500, { message: String(err) })
    }
  })

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const decoded = decodeURIComponent(url.pathname)
    const fault = faults.find((f) => f.path.test(decoded) && (f.times ?? 1) > 0)
    if (fault) {
      fault.times = (fault.times ?? 1) - 1
      return send(res, fault.status, fault.body ?? { message: 'injected fault' }, fault.headers)
    }
    const auth = req.headers.authorization ?? ''
    if (auth !== `token ${FAKE_TOKEN}` && auth !== `Bearer ${FAKE_TOKEN}`)
      return send(res, 401, { message: 'Bad credentials', documentation_url: DOCS })
    if (req.method !== 'GET') return send(res, 404, notFound())
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(.*)$/.exec(url.pathname)
    const repo = m && repos.find((r) => r.owner === m[1] && r.name === m[2])
    if (!m || !repo) return send(res, 404, notFound())
    const rest = m[3] ?? ''
    let sub: RegExpExecArray | null
    if ((sub = /^contents\/(.+)$/.exec(rest)))
      return contents(res, repo, decodeURIComponent(sub[1] ?? ''), url, req.headers.accept)
    if (rest === 'tags') {
      const tags = (repo.tags ?? []).map((t) => ({
        name: t.name,
        commit: {
          sha: t.sha,
          url: `${base(req)}/repos/${repo.owner}/${repo.name}/commits/${t.sha}`
        },
        zipball_url: '',
        tarball_url: '',
        node_id: 'x'
      }))
      return page(req, res, url, tags)
    }
    if (rest === 'releases') {
      const rels = (repo.releases ?? []).map((r) => ({
        id: r.id,
        tag_name: r.tag_name,
        name: r.tag_name,
        draft: r.draft ?? false,
        prerelease: r.prerelease ?? false,
        created_at: r.created_at ?? r.published_at ?? '2026-01-01T00:00:00Z',
        published_at: r.draft ? null : (r.published_at ?? null),
        target_commitish: 'main'
      }))
      return page(req, res, url, rels)
    }
    if ((sub = /^commits\/(.+)$/.exec(rest))) {
      const c = resolveRef(repo, decodeURIComponent(sub[1] ?? ''))
      if (!c)
        return send(res, 422, {
          message: `No commit found for SHA: ${sub[1]}`,
          documentation_url: DOCS
        })
      return send(res, 200, commitJson(repo, c))
    }
    if ((sub = /^compare\/(.+)\.\.\.(.+)$/.exec(rest))) {
      const b = resolveRef(repo, decodeURIComponent(sub[1] ?? ''))
      const h = resolveRef(repo, decodeURIComponent(sub[2] ?? ''))
      if (!b || !h) return send(res, 404, notFound())
      return send(res, 200, compare(repo, b, h))
    }
    return send(res, 404, notFound())
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (f) => faults.push(f),
    faultsLeft: () => faults.reduce((n, f) => n + (f.times ?? 1), 0),
    close: () => new Promise((r) => server.close(() => r()))
  }
}

const DOCS = 'https://docs.github.com/rest'
const notFound = () => ({ message: 'Not Found', documentation_url: DOCS, status: '404' })

function base(req: IncomingMessage): string {
  return `http://${req.headers.host}`
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, {
    'content-type':
      typeof body === 'string'
        ? 'application/vnd.github.raw; charset=utf-8'
        : 'application/json; charset=utf-8',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-github-media-type': 'github.v3; format=json',
    ...headers
  })
  res.end(text)
}

function resolveRef(repo: FakeRepo, ref: string): FakeCommit | undefined {
  const sha =
    repo.branches?.[ref] ??
    repo.branches?.[ref.replace(/^refs\/heads\//, '')] ??
    repo.tags?.find((t) => t.name === ref || `refs/tags/${t.name}` === ref)?.sha ??
    ref
  return repo.commits.find((c) => c.sha === sha || (sha.length >= 7 && c.sha.startsWith(sha)))
}

/** GET /repos/{o}/{r}/contents/{path}: raw text with the raw media type, else JSON + base64. */
function contents(res: ServerResponse, repo: FakeRepo, path: string, url: URL, accept?: string) {
  const ref = url.searchParams.get('ref') ?? repo.branches?.main ?? ''
  const c = resolveRef(repo, ref)
  if (!c)
    return send(res, 404, {
      message: `No commit found for the ref ${ref}`,
      documentation_url: DOCS,
      status: '404'
    })
  const text = c.files[path]
  if (text === undefined) {
    const prefix = `${path.replace(/\/$/, '')}/`
    const entries = Object.keys(c.files).filter((f) => f.startsWith(prefix))
    if (entries.length === 0) return send(res, 404, notFound())
    // A directory: a JSON listing whatever the media type.
    return send(
      res,
      200,
      entries.map((f) => ({ type: 'file', name: f.slice(prefix.length), path: f }))
    )
  }
  if (accept?.includes('raw')) return send(res, 200, text)
  const bytes = Buffer.from(text)
  // The JSON form carries no content above 1 MB (REST docs); clients must ask for raw.
  const big = bytes.length > 1024 * 1024
  return send(res, 200, {
    type: 'file',
    encoding: big ? 'none' : 'base64',
    size: bytes.length,
    name: path.split('/').pop(),
    path,
    content: big ? '' : bytes.toString('base64'),
    sha: 'blob'
  })
}

/** Link-header pagination as GitHub does it: per_page (max 100) and page, rel next/last. */
function page(req: IncomingMessage, res: ServerResponse, url: URL, items: unknown[]) {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30))
  const pageNo = Number(url.searchParams.get('page') ?? 1)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const link = (p: number, rel: string) => {
    const u = new URL(`${base(req)}${url.pathname}`)
    u.searchParams.set('per_page', String(perPage))
    u.searchParams.set('page', String(p))
    return `<${u.toString()}>; rel="${rel}"`
  }
  const links = []
  if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'))
  if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'))
  send(
    res,
    200,
    items.slice((pageNo - 1) * perPage, pageNo * perPage),
    links.length ? { link: links.join(', ') } : {}
  )
}

function commitJson(repo: FakeRepo, c: FakeCommit) {
  return {
    sha: c.sha,
    node_id: 'C_x',
    commit: {
      message: `commit ${c.sha.slice(0, 7)}`,
      author: { name: 'dev', email: 'dev@example.com', date: c.date ?? '2026-01-01T00:00:00Z' },
      committer: { name: 'dev', email: 'dev@example.com', date: c.date ?? '2026-01-01T00:00:00Z' },
      tree: { sha: `tree-${c.sha}` }
    },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `/repos/${repo.owner}/${repo.name}/commits/${p}`
    })),
    files: []
  }
}

function ancestors(repo: FakeRepo, c: FakeCommit): Set<string> {
  const seen = new Set<string>()
  const stack = [c.sha]
  while (stack.length) {
    const sha = stack.pop() as string
    if (seen.has(sha)) continue
    seen.add(sha)
    stack.push(...(repo.commits.find((x) => x.sha === sha)?.parents ?? []))
  }
  return seen
}

function compare(repo: FakeRepo, b: FakeCommit, h: FakeCommit) {
  const ofHead = ancestors(repo, h)
  const ofBase = ancestors(repo, b)
  const status =
    b.sha === h.sha
      ? 'identical'
      : ofHead.has(b.sha)
        ? 'ahead'
        : ofBase.has(h.sha)
          ? 'behind'
          : 'diverged'
  const ahead = [...ofHead].filter((s) => !ofBase.has(s)).length
  const behind = [...ofBase].filter((s) => !ofHead.has(s)).length
  const mergeBase = [...ofHead].find((s) => ofBase.has(s))
  return {
    status,
    ahead_by: ahead,
    behind_by: behind,
    total_commits: ahead,
    base_commit: commitJson(repo, b),
    merge_base_commit: mergeBase ? { sha: mergeBase } : null,
    commits: [],
    files: []
  }
}
