import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe } from 'vitest'
import { COMPOSE_BIN } from './real-device.js'

/**
 * The real `docker compose` (the trixie 2.26 binary that scripts/test-tools.sh
 * unpacks, or COMPOSE_REFERENCE_BIN) as the reference for the loader:
 * `docker-compose config --format json` needs no daemon.
 */
export const COMPOSE_REFERENCE = process.env.COMPOSE_REFERENCE_BIN ?? COMPOSE_BIN

/** What `docker compose config` makes of a project: its name and each active service. */
export type ReferenceResult =
  | { ok: true; project: string; services: [string, string, string?][] }
  | { ok: false; error: string }

/** The same, with the whole model Compose printed. */
export type ReferenceModel = ReferenceResult & { model?: Record<string, unknown> }

/**
 * Runs `docker-compose [--project-directory D] [-f F]... config --format json`
 * in `cwd` with only `env` (plus PATH and a throwaway HOME/DOCKER_CONFIG), so
 * nothing of this machine's environment leaks in. Services come back as
 * [name, image, platform?] sorted by name, the shape the loader tests use,
 * and the printed model whole.
 */
export function composeConfig(opts: {
  cwd: string
  files?: string[]
  projectDirectory?: string
  profiles?: string[]
  env?: Record<string, string>
}): ReferenceModel {
  const home = mkdtempSync(join(tmpdir(), 'mc-compose-ref-'))
  const args = [
    ...(opts.projectDirectory ? ['--project-directory', opts.projectDirectory] : []),
    ...(opts.files ?? []).flatMap((f) => ['-f', f]),
    ...(opts.profiles ?? []).flatMap((p) => ['--profile', p]),
    'config',
    '--format',
    'json'
  ]
  const r = spawnSync(COMPOSE_REFERENCE, args, {
    cwd: opts.cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      DOCKER_CONFIG: home,
      PWD: opts.cwd,
      ...opts.env
    },
    maxBuffer: 256 * 1024 * 1024
  })
  if (r.status !== 0) return { ok: false, error: `${r.stderr}${r.error?.message ?? ''}`.trim() }
  const json = JSON.parse(r.stdout) as {
    name: string
    services?: Record<string, { image?: string; platform?: string }>
  } & Record<string, unknown>
  const services = Object.entries(json.services ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, s]) =>
        [name, s.image ?? '', ...(s.platform ? [s.platform] : [])] as [string, string, string?]
    )
  return { ok: true, project: json.name, services, model: json }
}

/**
 * A describe block comparing the loader with the real `docker compose`.
 * Without the binary it is skipped with one loud line, except under CI=true
 * where that is a failure: CI never counts a skipped reference suite as a pass.
 */
export function describeWithComposeReference(name: string, fn: () => void): void {
  if (existsSync(COMPOSE_REFERENCE)) {
    describe(name, fn)
    return
  }
  const how = `run scripts/test-tools.sh (it unpacks Compose 2.26 into ${COMPOSE_REFERENCE}) or set COMPOSE_REFERENCE_BIN`
  if (process.env.CI === 'true') {
    describe(name, () => {
      throw new Error(`CI=true but docker compose (${COMPOSE_REFERENCE}) is missing: ${how}`)
    })
    return
  }
  process.stderr.write(`\n!!! SKIPPING "${name}": ${COMPOSE_REFERENCE} not found. ${how}\n\n`)
  describe.skip(name, fn)
}
