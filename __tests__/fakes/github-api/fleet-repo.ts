import { readFileSync } from 'node:fs'
import type { FakeRelease, FakeRepo } from './server.js'

/** The commit shas the recorded-style payloads in ./payloads refer to. */
export const SHA = JSON.parse(
  readFileSync(new URL('./payloads/shas.json', import.meta.url), 'utf8')
) as Record<'1' | '2' | '3' | '4' | '5' | 'x', string>

export function payload(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`./payloads/${name}.json`, import.meta.url), 'utf8')
  ) as Record<string, unknown>
}

const compose = (tag: string, extra = '') =>
  `services:\n  web:\n    image: ghcr.io/acme/web:${tag}\n  db:\n    image: postgres:16.1\n${extra}`

/** More than 1 MB: the contents API serves it only with the raw media type. */
const BIG_COMMENT = `# ${'generated fleet inventory '.repeat(45_000)}\n`

/**
 * acme/fleet-app: main is 1 ← 2 ← 3 ← 4 ← 5 (HEAD); x is a rewritten commit
 * on 3 (what a forced push replaced). Commit 1 has no compose file yet.
 */
export function fleetRepo(): FakeRepo {
  const releases: FakeRelease[] = [
    { id: 1, tag_name: 'v1.0.0', published_at: '2026-01-10T10:00:00Z' },
    { id: 2, tag_name: 'v1.1.0', published_at: '2026-02-10T10:00:00Z' },
    { id: 3, tag_name: 'v1.2.0-rc.1', prerelease: true, published_at: '2026-03-01T10:00:00Z' },
    { id: 4, tag_name: 'v1.3.0', draft: true, created_at: '2026-03-11T10:00:00Z' },
    { id: 5, tag_name: 'v1.2.0', published_at: '2026-03-10T08:15:00Z' }
  ]
  // Enough old releases and tags that the answer is only found past the first page.
  for (let i = 0; i < 105; i++)
    releases.unshift({
      id: 1000 + i,
      tag_name: `v0.0.${i}`,
      published_at: `2025-0${1 + (i % 9)}-01T00:00:00Z`
    })
  const tags = [
    ...Array.from({ length: 150 }, (_, i) => ({ name: `build-${i}`, sha: SHA['2'] })),
    { name: 'nightly', sha: SHA['5'] },
    { name: 'v1.2.0', sha: SHA['5'] },
    { name: 'v1.10.0', sha: SHA.x },
    { name: 'v1.2.0-rc.1', sha: SHA['4'] },
    { name: 'v0.9.0', sha: SHA['1'] },
    { name: 'v1.0.0', sha: SHA['2'] },
    { name: 'v1.1.0', sha: SHA['3'] }
  ]
  return {
    owner: 'acme',
    name: 'fleet-app',
    branches: { main: SHA['5'] },
    tags,
    releases,
    commits: [
      { sha: SHA['1'], parents: [], files: { 'README.md': '# fleet app\n' } },
      {
        sha: SHA['2'],
        parents: [SHA['1']],
        files: { 'deploy/compose.yaml': compose('1.0.0') }
      },
      {
        sha: SHA['3'],
        parents: [SHA['2']],
        files: {
          'deploy/compose.yaml': compose('${WEB_TAG}'),
          'deploy/.env': 'WEB_TAG=1.1.0\n'
        }
      },
      {
        sha: SHA['4'],
        parents: [SHA['3']],
        files: {
          'deploy/compose.yaml': BIG_COMMENT + compose('${WEB_TAG}'),
          'deploy/.env': 'WEB_TAG=1.2.0-rc.1\n'
        }
      },
      {
        sha: SHA['5'],
        parents: [SHA['4']],
        files: {
          'deploy/compose.yaml': compose(
            '${WEB_TAG}',
            '  mqtt:\n    image: eclipse-mosquitto:2.0.18\n'
          ),
          'deploy/.env': 'WEB_TAG=1.2.0\n'
        }
      },
      { sha: SHA.x, parents: [SHA['3']], files: { 'deploy/compose.yaml': compose('1.1.9') } }
    ]
  }
}
