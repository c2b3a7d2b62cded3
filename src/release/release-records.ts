import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { readMetadataFile, writeMetadataFile, type ArtifactMetadata } from './metadata.js'

/**
 * Lookup (2) of the digest-source chain: the metadata of each release built
 * here, kept in the layer store that the Actions cache carries from run to
 * run, under the commit and the ref name it was built from. The next run
 * finds it by its baseline ref (the push's `before`, the previous tag), so
 * the delta base is exactly what the devices got, even after a tag moved.
 */
/** Where the records live: the layer store, and the application they belong to. */
export interface RecordPlace {
  cacheDir: string
  applicationName: string
}

function recordPath(options: RecordPlace, ref: string, platform: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_')
  return join(
    options.cacheDir,
    'releases',
    safe(options.applicationName),
    safe(ref),
    `${safe(platform)}.json`
  )
}

export async function readReleaseRecord(
  options: RecordPlace,
  ref: string,
  platform: string
): Promise<ArtifactMetadata | undefined> {
  const path = recordPath(options, ref, platform)
  return existsSync(path) ? readMetadataFile(path) : undefined
}

/** The refs a later run may name this release by: the commit, and the tag or branch name. */
export function releaseRefs(gh: { ref: string; sha: string } | undefined): string[] {
  if (!gh) return []
  const name = gh.ref.replace(/^refs\/(heads|tags)\//, '')
  return [...new Set([gh.sha, name].filter(Boolean))]
}

/**
 * The key a record is also kept under: its artifact name, so a build that
 * names the previous artifact (`previous-artifact-name`, the CLI outside
 * GitHub) finds it without a Git ref.
 */
export function artifactRef(artifactName: string): string {
  return `artifact=${artifactName}`
}

/** The record under the previous release's ref, else under the previous artifact's name. */
export async function findReleaseRecord(
  place: RecordPlace & { ref: string; previousArtifactName?: string },
  platform: string
): Promise<ArtifactMetadata | undefined> {
  return (
    (await readReleaseRecord(place, place.ref, platform)) ??
    (place.previousArtifactName
      ? await readReleaseRecord(place, artifactRef(place.previousArtifactName), platform)
      : undefined)
  )
}

export async function writeReleaseRecords(
  options: RecordPlace & { github?: { ref: string; sha: string } },
  meta: ArtifactMetadata
): Promise<void> {
  const refs = releaseRefs(options.github)
  if (meta.artifactName) refs.push(artifactRef(meta.artifactName))
  for (const ref of refs) {
    const path = recordPath(options, ref, meta.platform)
    await mkdir(join(path, '..'), { recursive: true })
    await writeMetadataFile(path, meta)
  }
}
