/** Mender Artifact v3: a native writer, reader and signer. */
export { writeArtifact, type WriteOptions } from './writer.js'
export {
  ArtifactOpenError,
  InvalidArtifactError,
  readArtifact,
  readArtifactStream,
  type PayloadFile,
  type ReadOptions
} from './reader.js'
export { extractPayloads } from './extract.js'
export { describeArtifact, artifactInfoJson } from './describe.js'
export {
  parseCompression,
  compressionSuffix,
  COMPRESSIONS,
  WRITABLE_COMPRESSIONS,
  zstdAvailable
} from './compression.js'
export { createSigner, loadSigner, parsePublicKey, verifyManifestSignature } from './signing.js'
export { buildHeaderInfo, buildTypeInfo, splitKeyValue } from './fields.js'
export { validateModuleImage } from './validate.js'
export type * from './types.js'
