import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { embedInMetaData, type ArtifactMetadata } from '../../src/release/metadata.js'

/** A git runner for a scratch repository, with a fixed identity (CI has none configured). */
export function gitIn(dir: string): (...args: string[]) => string {
  return (...args) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@e',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@e'
      }
    }).trim()
}

export const digest = (c: string) => `sha256:${c.repeat(64)}`

/** The meta-data app-gen writes (app-update-module spec §4). */
const APP_META_DATA = {
  application_name: 'fleet',
  orchestrator: 'docker-compose',
  platform: 'linux/arm64',
  version: '1.0'
}

/**
 * An `app` artifact written by the real mender-artifact with `meta` in its
 * meta-data, as our writer will carry it. Returns its path.
 */
export async function writeAppArtifact(
  dir: string,
  name: string,
  meta: ArtifactMetadata
): Promise<string> {
  const metaPath = join(dir, `${name}.meta-data.json`)
  await writeFile(metaPath, JSON.stringify(embedInMetaData(APP_META_DATA, meta)))
  await writeFile(join(dir, 'images.tar.gz'), 'x')
  const out = join(dir, `${name}.mender`)
  execFileSync('mender-artifact', [
    'write',
    'module-image',
    '-T',
    'app',
    '-n',
    name,
    '-t',
    'rpi4',
    '--software-name',
    'fleet',
    '--meta-data',
    metaPath,
    '-f',
    join(dir, 'images.tar.gz'),
    '-o',
    out
  ])
  return out
}

/** The record release `artifactName` of application "fleet" on linux/arm64 carries. */
export function fleetMetadata(
  artifactName: string,
  services: Record<
    string,
    { reference: string; manifestDigest: string; configDigest: string; diffIds: string[] }
  >
): ArtifactMetadata {
  return {
    formatVersion: 1,
    application: 'fleet',
    platform: 'linux/arm64',
    artifactName,
    services: Object.entries(services).map(([service, r]) => ({
      service,
      reference: r.reference,
      manifestDigest: r.manifestDigest,
      configDigest: r.configDigest,
      diffIds: r.diffIds
    }))
  }
}
