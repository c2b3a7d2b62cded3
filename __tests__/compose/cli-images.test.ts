import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/cli/program.js'
import { tempDir } from '../helpers/tmp.js'
import { gitIn } from '../release/fixtures.js'

/**
 * The CLI's own main() in this process (a tsx child per call costs seconds
 * on a loaded machine): exit code, and what it wrote to stdout and stderr.
 */
async function cli(cwd: string, ...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true))
  const home = process.cwd()
  process.env.REGISTRY = 'ghcr.io/acme'
  process.chdir(cwd)
  try {
    const status = await main(['compose', 'images', ...args])
    return { status, stdout: out.join(''), stderr: err.join('') }
  } finally {
    process.chdir(home)
    delete process.env.REGISTRY
    o.mockRestore()
    e.mockRestore()
  }
}

const home = process.cwd()
let dir: string
beforeAll(async () => {
  dir = await tempDir('mc-cli-')
  await mkdir(join(dir, 'app'))
  await writeFile(
    join(dir, 'app/compose.yaml'),
    'services:\n  web:\n    image: ${REGISTRY}/web:${TAG}\n  cache:\n    image: redis\n    platform: linux/arm/v7\n  dbg:\n    image: busybox:1.36.1\n    profiles: [debug]\n'
  )
  await writeFile(join(dir, 'app/.env'), 'TAG=1.4.0\n')
  await writeFile(join(dir, 'app/prod.yaml'), 'services:\n  web:\n    platform: linux/arm64\n')
  await writeFile(join(dir, 'broken.yaml'), 'services:\n  web:\n    image: [a\n')
})

describe('mender-compose compose images', () => {
  it('prints service, image and platform; the mutable tag warns on stderr with file:line', async () => {
    const r = await cli(dir, '-f', 'app/compose.yaml', '-f', 'app/prod.yaml')
    expect(r.stderr).toMatch(
      /warning: .*app\/compose\.yaml:5: service "cache": image "redis" has no tag/
    )
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('cache\tredis\tlinux/arm/v7\nweb\tghcr.io/acme/web:1.4.0\tlinux/arm64\n')
  })

  it('--json and --profile', async () => {
    const r = await cli(join(dir, 'app'), '--json', '--profile', 'debug')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      project: 'app',
      services: [
        { name: 'cache', image: 'redis', platform: 'linux/arm/v7' },
        { name: 'dbg', image: 'busybox:1.36.1' },
        { name: 'web', image: 'ghcr.io/acme/web:1.4.0' }
      ]
    })
  })

  it('--project-directory picks the .env: none there, so TAG is empty and the reference invalid', async () => {
    const r = await cli(dir, '-f', 'app/compose.yaml', '--project-directory', dir)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(
      /compose\.yaml:3: service "web": "ghcr\.io\/acme\/web:" is not a valid image reference/
    )
  })

  it('a YAML error exits 1 with file:line:column on one line (a real process)', () => {
    const r = spawnSync(
      join(home, 'node_modules/.bin/tsx'),
      [join(home, 'src/cli/index.ts'), 'compose', 'images', '-f', 'broken.yaml'],
      { cwd: dir, encoding: 'utf8' }
    )
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^error: .*broken\.yaml:\d+:\d+: invalid YAML/)
  })

  it('--ref reads the files as they were at a commit of the checkout', async () => {
    const repo = await tempDir('mc-cli-git-')
    const git = gitIn(repo)
    git('init', '-q')
    await writeFile(join(repo, 'compose.yaml'), 'services:\n  web:\n    image: web:${TAG}\n')
    await writeFile(join(repo, '.env'), 'TAG=1.0.0\n')
    git('add', '.')
    git('commit', '-qm', 'one')
    git('tag', 'v1.0.0')
    await writeFile(join(repo, '.env'), 'TAG=2.0.0\n')
    git('commit', '-qam', 'two')
    expect((await cli(repo, '-f', 'compose.yaml')).stdout).toBe('web\tweb:2.0.0\n')
    const old = await cli(repo, '-f', 'compose.yaml', '--ref', 'v1.0.0')
    expect(old.stderr).toBe('')
    expect(old.stdout).toBe('web\tweb:1.0.0\n')
    const missing = await cli(repo, '-f', 'compose.yaml', '--ref', 'v9.9.9')
    expect(missing.status).toBe(1)
    expect(missing.stderr).toMatch(/does not have the previous release v9\.9\.9/)
  })
})
