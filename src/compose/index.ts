/** Compose files without Docker: loading, merging, interpolation, image references. */
export {
  findComposeFiles,
  loadComposeProject,
  normalizeProjectName,
  type ComposeProject,
  type ComposeService,
  type LoadComposeOptions
} from './load.js'
export { localFiles, memoryFiles, type ComposeFileSource } from './source.js'
export { interpolate, InterpolationError } from './interpolate.js'
export { parseDotEnv } from './dotenv.js'
export { stringifyComposeYaml } from './go-yaml.js'
export { composeBoolean } from './values.js'
export {
  isDigestPinned,
  isValidReference,
  mutableTagReason,
  referenceProblem,
  tagAndDigest
} from './reference.js'
