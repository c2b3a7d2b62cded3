import type { ComposeService } from '../compose/load.js'
import type { Logger } from '../util/log.js'
import { chooseBaseImages, type BaseImage, type ImageResolver } from './base-images.js'
import type { ArtifactMetadata } from './metadata.js'
import type { MenderLookup } from './previous-artifact.js'
import { findReleaseRecord, type RecordPlace } from './release-records.js'

export interface PlatformBaseInputs {
  application: string
  platform: string
  /** The services of the artifact being built. */
  services: ComposeService[]
  /** The services of the previous release's compose files; absent without a previous release. */
  previousServices?: ComposeService[]
  /** Lookup (1): the previous artifact's record on the Mender server. */
  mender?: MenderLookup
  /**
   * Lookup (2): the release record in the layer store, under the previous
   * release's ref or, failing that, the previous artifact's name.
   */
  records?: RecordPlace & { ref: string; previousArtifactName?: string }
  /** Lookups (3) and (4): the previous compose file's references, resolved now. */
  resolver: ImageResolver
  log: Logger
}

export interface PlatformBases {
  bases: BaseImage[]
  /** The release record that fixed this platform's bases, when one did. */
  record?: { artifactName?: string; platform: string; provides?: Record<string, string> }
}

/**
 * The digest-source chain for one platform, with the lookups wired: which
 * image every service's devices run now, and the record it came from.
 */
export async function chooseBasesForPlatform(inputs: PlatformBaseInputs): Promise<PlatformBases> {
  let record: PlatformBases['record']
  const recorded =
    (lookup: () => Promise<ArtifactMetadata | undefined>, name?: string) =>
    async (): Promise<ArtifactMetadata | undefined> => {
      const rec = await lookup()
      if (rec && rec.application === inputs.application && !record) {
        const artifactName = rec.artifactName ?? name
        record = {
          platform: rec.platform,
          ...(artifactName ? { artifactName } : {}),
          ...(rec.provides ? { provides: rec.provides } : {})
        }
      }
      return rec
    }
  const { mender, records } = inputs
  const bases = await chooseBaseImages({
    application: inputs.application,
    platform: inputs.platform,
    services: inputs.services,
    previousServices: inputs.previousServices,
    ...(mender
      ? { menderMetadata: recorded(mender.forPlatform(inputs.platform), mender.artifactName) }
      : {}),
    ...(records
      ? {
          cacheMetadata: recorded(() => findReleaseRecord(records, inputs.platform))
        }
      : {}),
    resolver: inputs.resolver,
    log: inputs.log
  })
  return { bases, ...(record ? { record } : {}) }
}
