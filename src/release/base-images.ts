import type { ComposeService } from '../compose/load.js'
import { isDigestPinned } from '../compose/reference.js'
import type { ArtifactMetadata, ServiceImageRecord } from './metadata.js'
import { describeError } from '../util/errors.js'
import type { Logger } from '../util/log.js'

/** The part of the image resolver (src/oci's `resolveImage`) this module needs. */
export interface ImageResolver {
  resolve(
    reference: string,
    platform: string
  ): Promise<{ manifestDigest: string; configDigest: string; diffIds: string[] }>
}

export type BaseSource =
  'mender-metadata' | 'cache-metadata' | 'pinned-reference' | 'resolved-tag' | 'none'

export interface BaseImage {
  service: string
  source: BaseSource
  /** Why this base (or none): printed per service. */
  reason: string
  reference?: string
  manifestDigest?: string
  configDigest?: string
  diffIds?: string[]
  /**
   * How a containerd-store device holds it: as the release record says, else
   * (an older record, or no record: the images came some other way, e.g.
   * pulled) as the registry serves it.
   */
  held?: 'uncompressed' | 'registry'
}

export interface BaseImageInputs {
  application: string
  platform: string
  /** The services of the artifact being built. */
  services: ComposeService[]
  /** Services of the compose file(s) at the previous release; undefined when there is none. */
  previousServices: ComposeService[] | undefined
  /** (1) The previous artifact's metadata on the Mender server. */
  menderMetadata?: () => Promise<ArtifactMetadata | undefined>
  /** (2) The same record saved in the cache by the run that built it. */
  cacheMetadata?: () => Promise<ArtifactMetadata | undefined>
  /** (3) and (4): resolves the previous release's compose references now. */
  resolver: ImageResolver
  log: Logger
}

/**
 * Chooses the delta base of every service from the most exact source
 * available: metadata recorded when the previous artifact was built (what the
 * devices really run, even if a tag moved since), then references pinned by
 * digest in the previous compose file, then the previous tags resolved now
 * (with a warning, as a moved tag makes a wrong base).
 */
export async function chooseBaseImages(inputs: BaseImageInputs): Promise<BaseImage[]> {
  const { log } = inputs
  const recorded = await firstMetadata(inputs)
  const bases: BaseImage[] = []
  for (const svc of inputs.services) {
    const platform = svc.platform ?? inputs.platform
    const base = recorded
      ? fromMetadata(svc, platform, recorded.meta, recorded.source)
      : await fromPreviousCompose(svc, platform, inputs)
    bases.push(base)
    const what = base.manifestDigest
      ? `${base.manifestDigest} (${base.reference}), ${base.reason}`
      : `none, full image: ${base.reason}`
    log.info(`base image for service "${svc.name}": ${what}`)
  }
  return bases
}

async function firstMetadata(
  inputs: BaseImageInputs
): Promise<{ meta: ArtifactMetadata; source: BaseSource } | undefined> {
  const tries = [
    ['mender-metadata', 'the previous artifact on the Mender server', inputs.menderMetadata],
    ['cache-metadata', 'the cache', inputs.cacheMetadata]
  ] as const
  for (const [source, label, lookup] of tries) {
    if (!lookup) continue
    let meta: ArtifactMetadata | undefined
    try {
      meta = await lookup()
    } catch (err) {
      inputs.log.warn(
        `could not read the previous release's metadata from ${label}: ${describeError(err)}`
      )
      continue
    }
    if (!meta) {
      inputs.log.debug(`no previous release metadata in ${label}`)
      continue
    }
    if (meta.application !== inputs.application) {
      inputs.log.warn(
        `metadata from ${label} is for application "${meta.application}", not "${inputs.application}"; ignoring it`
      )
      continue
    }
    inputs.log.info(
      `previous release metadata from ${label}${meta.artifactName ? ` (artifact ${meta.artifactName})` : ''}`
    )
    return { meta, source }
  }
  return undefined
}

function noBase(svc: ComposeService, reason: string): BaseImage {
  return { service: svc.name, source: 'none', reason }
}

function fromMetadata(
  svc: ComposeService,
  platform: string,
  meta: ArtifactMetadata,
  source: BaseSource
): BaseImage {
  const rec: ServiceImageRecord | undefined = meta.services.find((s) => s.service === svc.name)
  if (!rec) return noBase(svc, 'a new service (not in the previous artifact)')
  const recPlatform = rec.platform ?? meta.platform
  if (recPlatform !== platform)
    return noBase(svc, `the previous artifact carried ${recPlatform}, this one ${platform}`)
  const label =
    source === 'mender-metadata'
      ? 'previous artifact metadata on the Mender server'
      : 'previous artifact metadata from the cache'
  return {
    service: svc.name,
    source,
    reason: `from the ${label}`,
    reference: rec.reference,
    manifestDigest: rec.manifestDigest,
    configDigest: rec.configDigest,
    diffIds: rec.diffIds,
    held: rec.deviceLayers ?? 'registry'
  }
}

async function fromPreviousCompose(
  svc: ComposeService,
  platform: string,
  inputs: BaseImageInputs
): Promise<BaseImage> {
  if (!inputs.previousServices) return noBase(svc, 'no previous release')
  const old = inputs.previousServices.find((s) => s.name === svc.name)
  if (!old) return noBase(svc, 'a new service (not in the previous compose file)')
  const oldPlatform = old.platform ?? inputs.platform
  if (oldPlatform !== platform) return noBase(svc, `the platform changed from ${oldPlatform}`)
  const pinned = isDigestPinned(old.image)
  if (!pinned)
    inputs.log.warn(
      `service "${svc.name}": no metadata of the previous artifact, so its base is the old tag "${old.image}" resolved now; if that tag moved since the release, the delta is computed against the wrong image and devices will refuse it`,
      { file: old.file, ...(old.line && { line: old.line }), title: 'Delta base from a tag' }
    )
  try {
    const r = await inputs.resolver.resolve(old.image, platform)
    return {
      service: svc.name,
      source: pinned ? 'pinned-reference' : 'resolved-tag',
      reason: pinned
        ? 'the digest pinned in the previous compose file'
        : "the previous compose file's tag, resolved now",
      reference: old.image,
      manifestDigest: r.manifestDigest,
      configDigest: r.configDigest,
      diffIds: r.diffIds,
      held: 'registry'
    }
  } catch (err) {
    inputs.log.warn(
      `service "${svc.name}": cannot resolve the previous image "${old.image}": ${describeError(err)}`
    )
    return noBase(svc, `the previous image "${old.image}" cannot be resolved`)
  }
}
