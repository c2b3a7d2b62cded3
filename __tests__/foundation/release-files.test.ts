import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
// @ts-expect-error: a plain .mjs script with no types
import { releaseNotes } from '../../scripts/release-notes.mjs'
import { tempDir } from '../helpers/tmp.js'

const run = promisify(execFile)
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown> & {
  version: string
  repository: { url: string }
  dependencies?: Record<string, string>
  devDependencies: Record<string, string>
}
const repo = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository.url)?.[1]
const notes = releaseNotes as (changelog: string, version: string) => string | undefined

describe('releasing', () => {
  it('package.json names its author and repository, and declares only what it uses', () => {
    expect(pkg.author).toMatch(/\S/)
    expect(repo).toMatch(/^[\w.-]+\/mender-compose-action$/)
    const all = { ...pkg.dependencies, ...pkg.devDependencies }
    expect(all['@actions/exec']).toBeUndefined()
    // everything the code imports is bundled into dist: an installed CLI needs no package
    expect(pkg.dependencies ?? {}).toEqual({})
  })

  it("the README's examples use this repository, pinned to a major tag or a full version", () => {
    const readme = readFileSync('README.md', 'utf8')
    const uses = [...readme.matchAll(/uses: ([\w.-]+\/mender-compose-action)@(\S+)/g)]
    expect(uses.length).toBeGreaterThan(2)
    for (const [, name, ref] of uses) {
      expect(name).toBe(repo)
      expect(ref).toMatch(/^v\d+(\.\d+\.\d+)?$|^[0-9a-f]{40}$/)
    }
    expect(readme).not.toContain('your-org/')
  })

  it('release notes come from the CHANGELOG section of the version, one exists for this version', async () => {
    const changelog = readFileSync('CHANGELOG.md', 'utf8')
    expect(notes(changelog, pkg.version)).toMatch(/\S/)
    const sample =
      '# C\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2026-01-02\n\n### Fixed\n\n- a\n\n## [1.1.0]\n\n- b\n\n[1.2.0]: https://x\n'
    expect(notes(sample, '1.2.0')).toBe('### Fixed\n\n- a')
    expect(notes(sample, '1.1.0')).toBe('- b')
    expect(notes(sample, '1.0.0')).toBeUndefined()
    const missing = await run(process.execPath, ['scripts/release-notes.mjs', '9.9.9']).catch(
      (e: { code: number; stderr: string }) => e
    )
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'CHANGELOG.md has no section "## [9.9.9]" with notes: add one before tagging v9.9.9\n'
    })
  })

  it('the release workflow: a vX.Y.Z tag checks, packs the CLI, writes the notes and moves vX', () => {
    const wf = parse(readFileSync('.github/workflows/release.yml', 'utf8')) as {
      on: { push: { tags: string[] } }
      jobs: { release: { permissions: Record<string, string>; steps: { run?: string }[] } }
    }
    expect(wf.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
    expect(wf.jobs.release.permissions.contents).toBe('write')
    const script = wf.jobs.release.steps.map((s) => s.run ?? '').join('\n')
    for (const part of [
      'node scripts/release-notes.mjs',
      'bash .ci/run',
      'npm pack',
      'gh release create',
      'git tag -f',
      'git push -f origin'
    ])
      expect(script).toContain(part)
    // the checks come before anything is created
    expect(script.indexOf('release-notes.mjs')).toBeLessThan(script.indexOf('gh release create'))
    expect(script.indexOf('.ci/run')).toBeLessThan(script.indexOf('gh release create'))
  })

  it('SECURITY.md says where to report privately', () => {
    expect(readFileSync('SECURITY.md', 'utf8')).toContain(
      `https://github.com/${repo}/security/advisories/new`
    )
  })

  it('the packed CLI installs with npm install -g, offline, and runs', async () => {
    const dir = await tempDir()
    await run('npm', ['pack', '--silent', '--pack-destination', dir])
    const [tgz] = (await readdir(dir)).filter((f) => f.endsWith('.tgz'))
    const prefix = join(dir, 'global')
    await run('npm', [
      'install',
      '-g',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      join(dir, tgz!)
    ])
    const files = (await run('tar', ['tzf', join(dir, tgz!)])).stdout.split('\n')
    expect(files).toContain('package/dist/cli/index.js')
    expect(files).toContain('package/dist/delta-worker/index.js')
    expect(files.filter((f) => /^package\/(src|__tests__|bench)\//.test(f))).toEqual([])
    const { stdout } = await run(join(prefix, 'bin', 'mender-compose'), ['--version'])
    expect(stdout.trim()).toBe(pkg.version)
  }, 120_000)
})
