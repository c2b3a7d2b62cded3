import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeCacheService, type FakeCacheService } from '../fakes/actions-cache/server.js'
import { runAction, type ActionRun } from '../helpers/action-runner.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'

const run = promisify(execFile)

/**
 * The action as the runner runs it: dist/index.js then dist/post/index.js,
 * INPUT_* variables, GITHUB_OUTPUT/STATE/STEP_SUMMARY files, a real-shaped
 * push event, the real registry on loopback with the example app's images,
 * and the fake actions cache service. Release v1, then v2, then v2 again.
 *
 * It needs a dist/ built with the real stages wired in (issues 3–8); until
 * then the committed bundle stops at "not wired" and this suite is skipped
 * with a loud line. Upload and deploy (fake Mender server, issue 8) and the
 * fake GitHub API (issue 7) are for the lead to add when wiring: the runs
 * here are dry runs, and the previous release comes from local git history.
 */
const bundle = existsSync('dist/index.js') ? readFileSync('dist/index.js', 'utf8') : ''
const wired =
  bundle.includes('mender-compose-v1-') && !bundle.includes('not wired into this build yet')
if (!wired)
  process.stderr.write(
    'SKIP e2e: dist/index.js does not have the pipeline stages wired in yet (rebuild dist after wiring)\n'
  )

describeWithTools(['skopeo', 'docker-registry', 'mender-artifact'], 'action end to end', () => {
  describe.skipIf(!wired)('dist as the runner runs it', () => {
    let root: string
    let repo: string
    let registry: RunningRegistry
    let cache: FakeCacheService
    const sha: Record<'v1' | 'v2', string> = { v1: '', v2: '' }

    const git = (...args: string[]) =>
      run('git', ['-C', repo, ...args], {
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'ci',
          GIT_AUTHOR_EMAIL: 'ci@example.invalid',
          GIT_COMMITTER_NAME: 'ci',
          GIT_COMMITTER_EMAIL: 'ci@example.invalid'
        }
      })

    beforeAll(async () => {
      root = await tempDir()
      registry = await startRegistry(root)
      await run('sh', ['examples/shop/push-images.sh', registry.host], { timeout: 120_000 })
      cache = await startFakeCacheService()
      repo = join(root, 'repo')
      await mkdir(repo)
      await git('init', '-q', '-b', 'main')
      for (const v of ['v1', 'v2'] as const) {
        await copyFile(`examples/shop/${v}/compose.yaml`, join(repo, 'compose.yaml'))
        await git('add', 'compose.yaml')
        await git('commit', '-qm', `shop ${v}`)
        sha[v] = (await git('rev-parse', 'HEAD')).stdout.trim()
      }
    }, 180_000)
    afterAll(async () => {
      await registry?.stop()
      await cache?.stop()
    })

    /** One job on a fresh runner: main, then post with main's state. */
    async function job(name: string, release: 'v1' | 'v2', before: string) {
      const runner = join(root, `runner-${name}`)
      await mkdir(runner, { recursive: true })
      const event = join(runner, 'event.json')
      await writeFile(event, JSON.stringify(pushEvent(sha[release], before)))
      const env = {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: event,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: sha[release],
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_WORKSPACE: repo,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: 'http://127.0.0.1:9/', // no GitHub API: local history must do
        RUNNER_TEMP: runner,
        REGISTRY: registry.host,
        ACTIONS_CACHE_URL: cache.url,
        ACTIONS_RUNTIME_TOKEN: cache.token
      }
      const inputs = {
        'compose-file': 'compose.yaml',
        'device-types': 'raspberrypi4',
        platform: 'linux/arm64',
        'artifact-name': `shop-${release}`,
        'dry-run': 'true',
        cache: 'true',
        'log-level': 'info'
      }
      cache.requests.length = 0
      const main: ActionRun = await runAction('dist/index.js', inputs, env)
      const post: ActionRun = await runAction(
        'dist/post/index.js',
        inputs,
        env,
        main.state['mender-compose'] ? { 'mender-compose': main.state['mender-compose'] } : {}
      )
      const json = JSON.parse(main.outputs.json ?? '{}') as {
        cache: { blobsFetched: number; blobsReused: number }
      }
      return { main, post, json, requests: [...cache.requests] }
    }

    it('releases v1, then v2 as deltas, then v2 again from an exact cache hit', async () => {
      const v1 = await job('v1', 'v1', '0'.repeat(40))
      expect(v1.main.code, v1.main.stdout + v1.main.stderr).toBe(0)
      expect(v1.post.code).toBe(0)
      expect(v1.requests.some((r) => r.route === 'commit' && r.status === 204)).toBe(true)

      const v2 = await job('v2', 'v2', sha.v1)
      expect(v2.main.code, v2.main.stdout + v2.main.stderr).toBe(0)
      const o = v2.main.outputs
      expect(o['artifact-name']).toBe('shop-v2')
      expect(o['previous-ref']).toBe(sha.v1)
      expect(o.uploaded).toBe('false')
      expect(Number(o['delta-size'])).toBeLessThan(Number(o['full-size']) / 4)
      expect(Number(o['artifact-size'])).toBeGreaterThan(0)
      // The store came back from v1's cache: only v2's new blobs were downloaded.
      expect(v2.requests[0]).toMatchObject({ route: 'get', status: 200 })
      expect(v2.json.cache.blobsReused).toBeGreaterThan(0)
      expect(v2.json.cache.blobsFetched).toBeLessThanOrEqual(3)
      // The artifact is valid for the real tool.
      await run('mender-artifact', ['validate', o['artifact-path']!])
      const summary = v2.main.summary
      for (const s of ['web', 'api', 'db'])
        expect(summary).toMatch(new RegExp(`\\| ${s} \\| linux/arm64 \\|`))
      expect(summary).toContain('Dry run: nothing was uploaded or deployed.')
      expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024)
      expect(await readFile(o['metadata-path']!, 'utf8')).toContain('shop-v2')

      const again = await job('v2-again', 'v2', sha.v1)
      expect(again.main.outputs['cache-hit']).toBe('true')
      expect(again.json.cache.blobsFetched).toBe(0)
      expect(again.requests.filter((r) => r.route === 'reserve')).toEqual([])
    }, 300_000)
  })
})

/** A push event as GitHub sends it (the fields actions read, with real shapes). */
function pushEvent(after: string, before: string) {
  const repository = {
    id: 1,
    node_id: 'R_1',
    name: 'shop',
    full_name: 'acme/shop',
    private: true,
    owner: { login: 'acme', id: 2, type: 'Organization' },
    html_url: 'https://github.com/acme/shop',
    default_branch: 'main',
    master_branch: 'main'
  }
  const commit = {
    id: after,
    tree_id: after,
    distinct: true,
    message: 'release',
    timestamp: '2026-11-23T03:00:00Z',
    url: `https://github.com/acme/shop/commit/${after}`,
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
    compare: `https://github.com/acme/shop/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: [commit],
    head_commit: commit,
    repository,
    pusher: { name: 'ci', email: 'ci@example.invalid' },
    sender: { login: 'ci', id: 3, type: 'User' }
  }
}
