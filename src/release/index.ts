/**
 * What the devices run now, and what this release records for the next one:
 * the previous release, its artifact's name, the digest-source chain that
 * picks each service's delta base, and the release records it reads.
 */
export { defaultArtifactName } from './artifact-name.js'
export {
  chooseBaseImages,
  type BaseImage,
  type BaseImageInputs,
  type BaseSource,
  type ImageResolver
} from './base-images.js'
export {
  chooseBasesForPlatform,
  type PlatformBaseInputs,
  type PlatformBases
} from './choose-bases.js'
export * from './metadata.js'
export {
  MenderLookup,
  previousArtifactName,
  type MenderServer,
  type PreviousNameOptions
} from './previous-artifact.js'
export type { PreviousRelease } from './previous-release.js'
export {
  readReleaseRecord,
  findReleaseRecord,
  artifactRef,
  releaseRefs,
  writeReleaseRecords,
  type RecordPlace
} from './release-records.js'
