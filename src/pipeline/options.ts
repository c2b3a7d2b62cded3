/**
 * The one options type both fronts fill: the action from its inputs
 * (src/action/inputs.ts), the CLI `build` command from flags and environment
 * (src/cli/commands/build.ts). The pipeline reads nothing else: no env, no
 * inputs.
 */

export const UPDATE_MODULES = ['app', 'docker-compose'] as const
export type UpdateModule = (typeof UPDATE_MODULES)[number]

export const DELTA_MODES = ['deep', 'off'] as const
export type DeltaMode = (typeof DELTA_MODES)[number]

/** Delta encoders a user can pick; see action.yml `delta-encoder`. */
export const DELTA_ENCODERS = ['native', 'best', 'lzma'] as const
export type DeltaEncoder = (typeof DELTA_ENCODERS)[number]

export const DEVICE_IMAGE_STORES = ['classic', 'containerd'] as const
export type DeviceImageStore = (typeof DEVICE_IMAGE_STORES)[number]

/** mender-artifact `--compression` ids (mender-artifact-v3 spec §8). */
export const COMPRESSIONS = [
  'none',
  'gzip',
  'lzma',
  'zstd_fastest',
  'zstd_fast',
  'zstd_better',
  'zstd_best'
] as const
export type Compression = (typeof COMPRESSIONS)[number]

/** The layer store's default cap: a fifth of GitHub's 10 GB cache per repository. */
export const DEFAULT_CACHE_MAX_SIZE = '2GiB'

export const LOG_LEVELS = ['debug', 'info', 'warn'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export const HOSTED_MENDER_URL = 'https://hosted.mender.io'

/** One artifact is built per target: a platform and the device types that run it. */
export interface BuildTarget {
  /** Normalised `os/arch[/variant]`, e.g. `linux/arm64` or `linux/arm/v7`. */
  platform: string
  deviceTypes: string[]
}

/** Where the release the devices run now comes from. */
export type PreviousSource =
  /** Find it from the triggering event (push `before`, previous tag, previous release). */
  | { kind: 'auto' }
  /** A Git ref whose compose files describe the previous release. */
  | { kind: 'ref'; ref: string }
  /** Compose files on disk (CLI `--previous-compose`, for use outside GitHub). */
  | { kind: 'compose'; files: string[] }
  /** No previous release: a full artifact. */
  | { kind: 'none' }

/**
 * What the previous-release lookup needs from GitHub (conventions spec §5.2),
 * read by the action from the runner's environment and event payload, so the
 * plan stage itself reads neither. Absent for the CLI.
 */
export interface GitHubContext {
  serverUrl: string
  apiUrl: string
  /** `owner/name`. */
  repository: string
  /** For the GitHub API; empty on GHES unless given. Never logged. */
  token: string
  eventName: string
  ref: string
  sha: string
  /** The whole event payload, for lookups that read more than the fields below. */
  payload: Record<string, unknown>
  /** push: the commit before the push; all zeros on branch or tag creation. */
  push?: { before: string; forced: boolean; created: boolean }
  /** release: the release this run is for (to skip it when listing releases). */
  release?: { id: number; tagName: string }
  /** pull_request(_target): the base commit. */
  pullRequestBaseSha?: string
  /** merge_group: the base commit. */
  mergeGroupBaseSha?: string
}

export interface MenderCredentials {
  accessToken?: string
  username?: string
  password?: string
}

export type DeployTarget =
  { kind: 'group'; group: string } | { kind: 'devices'; devices: string[] } | { kind: 'all' }

export interface DeployOptions {
  target: DeployTarget
  /** Deployment name; the artifact name when not given. */
  name: string
  wait: boolean
  waitTimeoutMs: number
}

export interface BuildOptions {
  /** Compose files, merged in order, relative to `projectDirectory` or absolute. */
  composeFiles: string[]
  /**
   * The working directory the compose files are named from (the action's
   * workspace, the CLI's current folder), as `docker compose -f` reads them.
   */
  projectDirectory: string
  /**
   * The compose project folder when given (`--project-directory`); by default
   * the folder of the first compose file, as docker compose has it. Relative
   * paths in the files, and the files shipped, are taken from it.
   */
  composeProjectDirectory?: string
  /**
   * Variables compose interpolation sees (`${REGISTRY:-…}`): the front's
   * environment, handed over so the pipeline itself reads none.
   */
  composeEnv: Record<string, string | undefined>
  applicationName: string
  artifactName: string
  targets: BuildTarget[]
  module: UpdateModule
  delta: DeltaMode
  deltaEncoder: DeltaEncoder
  deviceImageStore: DeviceImageStore
  previous: PreviousSource
  /**
   * The name of the artifact the devices run now, to find its metadata on the
   * Mender server (lookup 1 of the digest-source chain). When absent it is
   * derived from the previous release only if `artifactNameIsDefault`.
   */
  previousArtifactName?: string
  /**
   * True when artifactName came from the default rule (action without
   * `artifact-name`): the previous release was then named by the same rule.
   */
  artifactNameIsDefault?: boolean
  /** The workflow run's GitHub context (action only). */
  github?: GitHubContext
  softwareFilesystem: string
  provides: Record<string, string>
  depends: Record<string, string>
  clearsProvides: string[]
  compression: Compression
  /** PEM private key; never logged. */
  signingKey?: string
  menderServerUrl: string
  credentials: MenderCredentials
  upload: boolean
  deploy?: DeployOptions
  /** Per-service image source overrides, e.g. `web` → `oci-archive:build/web.tar`. */
  serviceImages: Record<string, string>
  /** The layer store (blobs, uncompressed layers) that the cache keeps between runs. */
  cacheDir: string
  /**
   * Least-recently-used entries of the store are evicted above this many
   * bytes before it is saved (action) or after the build (CLI); 0: no limit.
   */
  cacheMaxBytes?: number
  /** Where artifacts and metadata are written. */
  outputDir: string
  /** CLI `--output`: the artifact path when a single platform is built. */
  outputPath?: string
  dryRun: boolean
}
