/** A push event as GitHub sends it (the fields actions read, with real shapes). */
export function pushEvent(after: string, before: string, repo = 'shop') {
  const repository = {
    id: 1,
    node_id: 'R_1',
    name: repo,
    full_name: `acme/${repo}`,
    private: true,
    owner: { login: 'acme', id: 2, type: 'Organization' },
    html_url: `https://github.com/acme/${repo}`,
    default_branch: 'main',
    master_branch: 'main'
  }
  const commit = {
    id: after,
    tree_id: after,
    distinct: true,
    message: 'release',
    timestamp: '2026-11-23T03:00:00Z',
    url: `https://github.com/acme/${repo}/commit/${after}`,
    author: { name: 'ci', email: 'ci@example.invalid', username: 'ci' },
    committer: { name: 'ci', email: 'ci@example.invalid', username: 'ci' },
    added: [],
    removed: [],
    modified: ['compose.yaml']
  }
  return {
    ref: 'refs/heads/main',
    before,
    after,
    created: /^0+$/.test(before),
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/acme/${repo}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: [commit],
    head_commit: commit,
    repository,
    pusher: { name: 'ci', email: 'ci@example.invalid' },
    sender: { login: 'ci', id: 3, type: 'User' }
  }
}
