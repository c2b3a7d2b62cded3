import { readFile } from 'node:fs/promises'
import { UserError } from '../util/errors.js'
import { writeFileAtomic } from '../util/atomic.js'

/**
 * What a built artifact holds, per service, recorded so that the next run
 * knows exactly which images the devices run (the delta base) even after a
 * tag has moved. Written beside the artifact as JSON and carried in the
 * artifact's meta-data under META_DATA_KEY (the update module ignores keys it
 * does not know; mender-artifact re-sorts keys, which JSON readers do not mind).
 */
export interface ArtifactMetadata {
  formatVersion: typeof METADATA_FORMAT_VERSION
  application: string
  /** The artifact's default platform (os/arch[/variant]). */
  platform: string
  /** The artifact name, which is also the software version it provides. */
  artifactName?: string
  /**
   * What the artifact provides (its version and images keys among them): a
   * delta against this release depends on them. Absent in records written
   * before artifacts provided their images.
   */
  provides?: Record<string, string>
  services: ServiceImageRecord[]
}

export interface ServiceImageRecord {
  service: string
  /** The reference as the compose file named it. */
  reference: string
  /** Set when the service overrides the artifact's platform. */
  platform?: string
  /** The platform manifest's digest (not an index's). */
  manifestDigest: string
  configDigest: string
  /** Uncompressed layer digests, bottom first: what the device's store is keyed by. */
  diffIds: string[]
  /**
   * How a containerd-store device holds the image after this release:
   * `uncompressed` (the layers as plain tars under our manifest) or `registry`
   * (the registry's manifest and compressed blobs). Records without it were
   * written before images shipped uncompressed: `registry`.
   */
  deviceLayers?: 'uncompressed' | 'registry'
  /** The image ID the device shows for it (`docker image inspect -f {{.ID}}`), when known. */
  deviceImageId?: string
}

export const METADATA_FORMAT_VERSION = 1
export const META_DATA_KEY = 'mender_compose'

const DIGEST = /^sha256:[0-9a-f]{64}$/

/** Checks an untrusted value (a file, the server, an artifact) and returns it typed. */
export function parseArtifactMetadata(value: unknown, where: string): ArtifactMetadata {
  const bad = (what: string): never => {
    throw new UserError(`${where}: invalid mender-compose metadata: ${what}`, {
      hint: 'the file was not written by mender-compose, or by an incompatible version'
    })
  }
  if (!isObject(value)) return bad('not a JSON object')
  if (value.formatVersion !== METADATA_FORMAT_VERSION)
    return bad(
      `format version ${String(value.formatVersion)} (this version reads ${METADATA_FORMAT_VERSION})`
    )
  if (typeof value.application !== 'string' || !value.application) return bad('no application')
  if (typeof value.platform !== 'string' || !value.platform) return bad('no platform')
  if (value.artifactName !== undefined && typeof value.artifactName !== 'string')
    return bad('artifactName is not a string')
  if (
    value.provides !== undefined &&
    (!isObject(value.provides) ||
      !Object.values(value.provides).every((v) => typeof v === 'string'))
  )
    return bad('provides is not a map of strings')
  if (!Array.isArray(value.services)) return bad('services is not a list')
  const services = value.services.map((s: unknown, i: number): ServiceImageRecord => {
    const at = `services[${i}]`
    if (!isObject(s)) return bad(`${at} is not an object`)
    if (typeof s.service !== 'string' || !s.service) return bad(`${at}.service missing`)
    if (typeof s.reference !== 'string' || !s.reference) return bad(`${at}.reference missing`)
    if (s.platform !== undefined && typeof s.platform !== 'string') return bad(`${at}.platform`)
    for (const k of ['manifestDigest', 'configDigest'] as const)
      if (typeof s[k] !== 'string' || !DIGEST.test(s[k] as string))
        return bad(`${at}.${k} is not a sha256 digest`)
    if (
      !Array.isArray(s.diffIds) ||
      !s.diffIds.every((d) => typeof d === 'string' && DIGEST.test(d))
    )
      return bad(`${at}.diffIds is not a list of sha256 digests`)
    if (
      s.deviceLayers !== undefined &&
      s.deviceLayers !== 'uncompressed' &&
      s.deviceLayers !== 'registry'
    )
      return bad(`${at}.deviceLayers is neither uncompressed nor registry`)
    if (
      s.deviceImageId !== undefined &&
      (typeof s.deviceImageId !== 'string' || !DIGEST.test(s.deviceImageId))
    )
      return bad(`${at}.deviceImageId is not a sha256 digest`)
    return {
      service: s.service,
      reference: s.reference,
      ...(typeof s.platform === 'string' && { platform: s.platform }),
      manifestDigest: s.manifestDigest as string,
      configDigest: s.configDigest as string,
      diffIds: s.diffIds as string[],
      ...(s.deviceLayers !== undefined && { deviceLayers: s.deviceLayers }),
      ...(typeof s.deviceImageId === 'string' && { deviceImageId: s.deviceImageId })
    }
  })
  const names = new Set(services.map((s) => s.service))
  if (names.size !== services.length) return bad('a service is listed twice')
  return {
    formatVersion: METADATA_FORMAT_VERSION,
    application: value.application,
    platform: value.platform,
    ...(typeof value.artifactName === 'string' && { artifactName: value.artifactName }),
    ...(isObject(value.provides) && { provides: value.provides as Record<string, string> }),
    services
  }
}

/** Stable JSON: services sorted by name so two runs over the same inputs write the same bytes. */
export function metadataToJson(meta: ArtifactMetadata): string {
  const sorted = { ...meta, services: [...meta.services].sort((a, b) => cmp(a.service, b.service)) }
  return `${JSON.stringify(sorted, null, 2)}\n`
}

export async function writeMetadataFile(path: string, meta: ArtifactMetadata): Promise<void> {
  await writeFileAtomic(path, metadataToJson(parseArtifactMetadata(meta, path)))
}

export async function readMetadataFile(path: string): Promise<ArtifactMetadata> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${(err as Error).message}`, { cause: err })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UserError(`${path}: not JSON: ${(err as Error).message}`, { cause: err })
  }
  return parseArtifactMetadata(value, path)
}

/** The update module's meta-data object with our record added (a copy; other keys kept). */
export function embedInMetaData(
  metaData: Record<string, unknown>,
  meta: ArtifactMetadata
): Record<string, unknown> {
  // As a JSON string: mender-artifact refuses lists of objects in meta-data
  // ("List cannot contain JSON object or list"), and `services` is one.
  return { ...metaData, [META_DATA_KEY]: JSON.stringify(JSON.parse(metadataToJson(meta))) }
}

/**
 * Our record from an artifact's meta-data: an object, or the list of
 * per-payload objects a reader may return. Undefined when the artifact was
 * not written by mender-compose (app-gen's artifacts have no such key).
 */
export function extractFromMetaData(
  metaData: unknown,
  where: string
): ArtifactMetadata | undefined {
  const candidates = Array.isArray(metaData) ? metaData : [metaData]
  for (const c of candidates)
    if (isObject(c) && c[META_DATA_KEY] !== undefined)
      return parseArtifactMetadata(fromString(c[META_DATA_KEY], where), `${where} (meta-data)`)
  return undefined
}

/**
 * Our record from an artifact as the Mender server lists it (deployments
 * `ArtifactV1/V2`): each entry of `updates[]` carries its payload's
 * `meta_data`, so no download is needed. Undefined when absent.
 */
export function extractFromServerArtifact(artifact: ListedArtifact): ArtifactMetadata | undefined {
  // deployments' Update.MetaData is `interface{}`; the GUI's OpenAPI types call it an
  // array of objects. Accept either shape.
  const metaData = (artifact.updates ?? []).flatMap((u) => {
    const md = (u as { meta_data?: unknown }).meta_data
    return Array.isArray(md) ? (md as unknown[]) : [md]
  })
  return extractFromMetaData(metaData, `Mender artifact ${artifact.name ?? '(unnamed)'}`)
}

/** The part of the artifact reader this module needs. */
export type ArtifactMetaDataReader = (path: string) => Promise<{ metaData: unknown }>

export async function readMetadataFromArtifact(
  path: string,
  readArtifact: ArtifactMetaDataReader
): Promise<ArtifactMetadata | undefined> {
  const artifact = await readArtifact(path)
  return extractFromMetaData(artifact.metaData, path)
}

/** The record is stored as a JSON string (see embedInMetaData); an object is read too. */
function fromString(v: unknown, where: string): unknown {
  if (typeof v !== 'string') return v
  try {
    return JSON.parse(v) as unknown
  } catch (err) {
    throw new UserError(
      `${where} (meta-data): ${META_DATA_KEY} is not JSON: ${(err as Error).message}`
    )
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** An artifact as the Mender server lists it: the part this module reads. */
export interface ListedArtifact {
  name?: string
  /** Each with `meta_data` (typed loosely so the Mender client's RemoteArtifact fits as it is). */
  updates?: object[]
}

/**
 * Lookup (1) of the digest-source chain: the record of the previous artifact
 * on the Mender server, found by its exact name (the Mender client's
 * `MenderClient.findArtifacts`). Several artifacts may share a name (one per
 * platform / device type); the one recorded for `platform` is taken.
 */
export function menderMetadataLookup(
  findArtifacts: (name: string) => Promise<ListedArtifact[]>,
  artifactName: string,
  platform: string
): () => Promise<ArtifactMetadata | undefined> {
  return async () => {
    const listed = await findArtifacts(artifactName)
    const records = listed
      .filter((a) => a.name === artifactName)
      .map((a) => extractFromServerArtifact(a))
      .filter((m): m is ArtifactMetadata => m !== undefined)
    return records.find((m) => m.platform === platform)
  }
}
