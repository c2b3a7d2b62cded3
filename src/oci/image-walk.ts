import { UserError } from '../util/errors.js'
import {
  parseConfig,
  parseManifest,
  selectPlatform,
  type Descriptor,
  type ImageManifest
} from './manifest.js'
import { formatPlatform, platformMatches, type Platform } from './platform.js'
import type { ResolvedImage, SourceKind } from './resolved.js'

export interface Walker {
  kind: SourceKind
  reference: string
  /** Bytes and media type of a manifest by digest (verified by the caller). */
  manifest(desc: Descriptor): Promise<{ bytes: Buffer; mediaType?: string }>
  /** Bytes of the config blob (verified by the caller). */
  config(desc: Descriptor): Promise<Buffer>
}

/**
 * From a root manifest or index to a ResolvedImage: pick the platform in an
 * index, check a single manifest's config platform, and tie the config's
 * diff_ids to the layers.
 */
export async function walkImage(
  w: Walker,
  root: { bytes: Buffer; mediaType?: string; digest: string },
  platform: Platform
): Promise<ResolvedImage> {
  const where = w.reference
  const parsed = parseManifest(root.bytes, root.mediaType, where)
  let indexDigest: string | undefined
  let manifest: ImageManifest
  let manifestDigest = root.digest
  let manifestMediaType = parsed.mediaType
  if (parsed.kind === 'index') {
    indexDigest = root.digest
    const entry = selectPlatform(parsed.index, platform, where)
    const m = await w.manifest(entry)
    const inner = parseManifest(
      m.bytes,
      m.mediaType ?? entry.mediaType,
      `${where} (${formatPlatform(platform)})`
    )
    if (inner.kind !== 'manifest') throw new UserError(`${where}: nested indexes are not supported`)
    manifest = inner.manifest
    manifestDigest = entry.digest
    manifestMediaType = inner.mediaType
  } else {
    manifest = parsed.manifest
  }
  const config = parseConfig(await w.config(manifest.config), where)
  const have: Platform = {
    os: config.os,
    architecture: config.architecture,
    ...(config.variant ? { variant: config.variant } : {})
  }
  if (!platformMatches(platform, have)) {
    throw new UserError(`${where} has no image for platform ${formatPlatform(platform)}`, {
      hint: `the image has: ${formatPlatform(have)} (it is a single-platform image)`
    })
  }
  if (config.rootfs.diff_ids.length !== manifest.layers.length) {
    throw new UserError(
      `${where}: the manifest lists ${manifest.layers.length} layers but the config has ${config.rootfs.diff_ids.length} diff IDs`
    )
  }
  return {
    reference: w.reference,
    source: w.kind,
    ...(indexDigest ? { indexDigest } : {}),
    manifestDigest,
    manifestMediaType,
    configDigest: manifest.config.digest,
    config,
    layers: manifest.layers.map((l) => ({
      mediaType: l.mediaType,
      digest: l.digest,
      size: l.size
    })),
    diffIds: config.rootfs.diff_ids,
    platform: have
  }
}
