import { createHash } from 'node:crypto'
import { UserError } from '../util/errors.js'
import { MediaType, isIndexType, isManifestType } from './media-types.js'
import {
  formatPlatform,
  isAttestationPlatform,
  platformMatches,
  type Platform
} from './platform.js'
import { validateDigest } from './reference.js'

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: Platform
  annotations?: Record<string, string>
  urls?: string[]
}

export interface ImageManifest {
  schemaVersion: number
  mediaType?: string
  config: Descriptor
  layers: Descriptor[]
  annotations?: Record<string, string>
}

export interface ImageIndex {
  schemaVersion: number
  mediaType?: string
  manifests: Descriptor[]
  annotations?: Record<string, string>
}

export interface ImageConfig {
  architecture: string
  os: string
  variant?: string
  rootfs: { type: string; diff_ids: string[] }
  config?: Record<string, unknown>
  [key: string]: unknown
}

export type ParsedManifest =
  | { kind: 'index'; mediaType: string; index: ImageIndex }
  | { kind: 'manifest'; mediaType: string; manifest: ImageManifest }

export function sha256Digest(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

function checkDescriptor(d: unknown, where: string): Descriptor {
  const desc = d as Descriptor
  if (!desc || typeof desc.digest !== 'string' || typeof desc.size !== 'number' || desc.size < 0) {
    throw new UserError(`${where}: a descriptor lacks a valid digest or size`)
  }
  validateDigest(desc.digest, `digest in ${where}`)
  return desc
}

/**
 * Parses manifest bytes by their Content-Type (parameters ignored), refusing
 * schema 1, unknown types and a body whose mediaType contradicts the header.
 */
export function parseManifest(
  bytes: Uint8Array,
  contentType: string | undefined,
  where: string
): ParsedManifest {
  let json: {
    schemaVersion?: number
    mediaType?: string
    manifests?: unknown
    layers?: unknown
    config?: unknown
  }
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof json
  } catch {
    throw new UserError(`${where}: the manifest is not valid JSON`)
  }
  const header = contentType?.split(';')[0]?.trim().toLowerCase()
  const type =
    header && header !== 'application/json' && header !== 'application/octet-stream'
      ? header
      : (json.mediaType ??
        (Array.isArray(json.manifests) ? MediaType.ociIndex : MediaType.ociManifest))
  if (type === MediaType.schema1 || type === MediaType.schema1Signed || json.schemaVersion === 1) {
    throw new UserError(
      `${where} is a Docker schema 1 manifest, which is deprecated and not supported`,
      {
        hint: 'push the image again with a current Docker/buildx/skopeo (schema 2 or OCI)'
      }
    )
  }
  if (json.mediaType !== undefined && json.mediaType !== type) {
    throw new UserError(
      `${where}: the manifest says mediaType ${json.mediaType} but was served as ${type}`
    )
  }
  if (isIndexType(type)) {
    if (!Array.isArray(json.manifests))
      throw new UserError(`${where}: the index has no manifests list`)
    json.manifests.forEach((m) => checkDescriptor(m, where))
    return { kind: 'index', mediaType: type, index: json as ImageIndex }
  }
  if (isManifestType(type)) {
    if (!Array.isArray(json.layers))
      throw new UserError(`${where}: the manifest has no layers list`)
    checkDescriptor(json.config, where)
    json.layers.forEach((l) => checkDescriptor(l, where))
    return { kind: 'manifest', mediaType: type, manifest: json as ImageManifest }
  }
  throw new UserError(`${where} has the unsupported manifest type ${type}`, {
    hint: 'only OCI and Docker schema 2 images (and their indexes) can be pulled'
  })
}

/** The runnable platforms an index offers, in its order, for error messages. */
export function indexPlatforms(index: ImageIndex): string[] {
  return index.manifests
    .filter((m) => isManifestType(m.mediaType) && m.platform && !isAttestationPlatform(m.platform))
    .map((m) => formatPlatform(m.platform!))
}

/**
 * Picks the entry for `platform` by exact normalised match; unknown media
 * types and attestation entries are skipped; a miss lists what the image has.
 */
export function selectPlatform(index: ImageIndex, platform: Platform, where: string): Descriptor {
  const entry = index.manifests.find(
    (m) =>
      isManifestType(m.mediaType) &&
      m.platform !== undefined &&
      !isAttestationPlatform(m.platform) &&
      platformMatches(platform, m.platform)
  )
  if (entry) return entry
  const have = indexPlatforms(index)
  throw new UserError(`${where} has no image for platform ${formatPlatform(platform)}`, {
    hint: have.length ? `the image has: ${have.join(', ')}` : 'the index lists no platform images'
  })
}

export function parseConfig(bytes: Uint8Array, where: string): ImageConfig {
  let cfg: ImageConfig
  try {
    cfg = JSON.parse(Buffer.from(bytes).toString('utf8')) as ImageConfig
  } catch {
    throw new UserError(`${where}: the image config is not valid JSON`)
  }
  if (!cfg.rootfs || !Array.isArray(cfg.rootfs.diff_ids)) {
    throw new UserError(`${where}: the image config has no rootfs.diff_ids`)
  }
  cfg.rootfs.diff_ids.forEach((d) => validateDigest(d, `diff ID in ${where}`))
  return cfg
}
