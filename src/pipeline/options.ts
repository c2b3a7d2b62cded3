/**
 * The one options type both fronts fill: the action from its inputs
 * (src/action/inputs.ts), the CLI `build` command from flags and environment
 * (src/cli/build-options.ts). The pipeline reads nothing else: no env, no
 * inputs.
 */

import type { Rollout } from './rollout.js'

export const UPDATE_MODULES = ['app', 'docker-compose'] as const
export type UpdateModule = (typeof UPDATE_MODULES)[number]

export const DELTA_MODES = ['deep', 'off'] as const
export type DeltaMode = (typeof DELTA_MODES)[number]

/** Delta encoders a user can pick; see action.yml `delta-encoder`. */
export const DELTA_ENCODERS = ['native', 'best', 'lzma'] as const
export type DeltaEncoder = (typeof DELTA_ENCODERS)[number]

export const DEVICE_IMAGE_STORES = ['classic', 'containerd', 'containerd-registry'] as const
export type DeviceImageStore = (typeof DEVICE_IMAGE_STORES)[number]

/**
 * mender-artifact `--compression` ids our writer produces (Mender Artifact v3
 * format). Not lzma: the writer has no xz encoder, so it is not offered.
 */
export const COMPRESSION_IDS = [
  'none',
  'gzip',
  'zstd_fastest',
  'zstd_fast',
  'zstd_better',
  'zstd_best'
] as const
export type CompressionId = (typeof COMPRESSION_IDS)[number]

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
 * What the previous-release lookup needs from GitHub (the event's previous commit, tag or release),
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
  /** Force installation, retries, phases, update control map; failures a wait tolerates. */
  rollout?: Rollout
}

export interface BuildOptions {
  /**
   * Compose files, merged in order, relative to `projectDirectory` or
   * absolute; empty: the ones `docker compose` finds there (runPipeline
   * names them before the first stage).
   */
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
   * Mender server (the first lookup of the digest-source chain,
   * src/release/base-images.ts). When absent it is
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
  compression: CompressionId
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

/**
 * One option of a build as both fronts offer it: the action input, the CLI
 * flag, the accepted values, the default and a one-line help. The action's
 * parser, the CLI's flags and the demo read it;
 * __tests__/pipeline/option-table.test.ts holds action.yml (from which the
 * README's input table is generated) and the CLI to it.
 */
export interface OptionSpec {
  /** The action input's name; also the CLI flag (`--name`) unless `flag` says otherwise. */
  readonly name: string
  /** The CLI flag when it differs from the input's name; null: the CLI has none. */
  readonly flag?: string | null
  /** The CLI's one-letter alias, if any. */
  readonly short?: string
  /** False for a CLI-only flag (no action input). */
  readonly input?: false
  /** The accepted values, when the option is a choice. */
  readonly values?: readonly string[]
  /** The default as a user writes it; absent: empty. */
  readonly default?: string
  readonly help: string
}

const spec = <const T extends Record<string, OptionSpec>>(t: T): T => t

export const OPTION_TABLE = spec({
  composeFile: {
    name: 'compose-file',
    flag: 'file',
    short: 'f',
    help: 'compose file (repeatable; merged in order; default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml, as docker compose finds it)'
  },
  projectDirectory: {
    name: 'project-directory',
    input: false,
    help: "compose project folder (default: the first compose file's folder; -f paths are relative to the current folder)"
  },
  applicationName: {
    name: 'application-name',
    help: 'application name (default: the repository or project folder name)'
  },
  artifactName: { name: 'artifact-name', help: 'artifact (release) name' },
  deviceTypes: {
    name: 'device-types',
    flag: 'device-type',
    help: 'compatible device type (repeatable or comma-separated)'
  },
  platform: {
    name: 'platform',
    default: 'linux/amd64',
    help: 'image platform for every device type'
  },
  devicePlatforms: {
    name: 'device-platforms',
    flag: 'device-platform',
    help: 'platform of one device type, type=platform (repeatable)'
  },
  module: {
    name: 'module',
    values: UPDATE_MODULES,
    default: 'app',
    help: 'Update Module: app (per-layer deltas) or docker-compose (full images)'
  },
  delta: { name: 'delta', values: DELTA_MODES, default: 'deep', help: 'delta mode' },
  deltaEncoder: {
    name: 'delta-encoder',
    values: DELTA_ENCODERS,
    default: 'native',
    help: 'delta encoder (native: built in; best: also tries xdelta3; lzma: xdelta3 -S lzma, devices with liblzma only)'
  },
  deviceImageStore: {
    name: 'device-image-store',
    values: DEVICE_IMAGE_STORES,
    default: 'classic',
    help: "the device's Docker image store (containerd-registry: keep registry manifests, larger deltas)"
  },
  previousRef: { name: 'previous-ref', help: 'Git ref of the release the devices run now' },
  previousCompose: {
    name: 'previous-compose',
    input: false,
    help: 'compose file of the release the devices run now (repeatable; for use outside GitHub)'
  },
  previousArtifactName: {
    name: 'previous-artifact-name',
    help: 'artifact the devices run now: its metadata on the Mender server gives the exact delta bases'
  },
  softwareFilesystem: {
    name: 'software-filesystem',
    default: 'data-docker',
    help: 'software version key prefix'
  },
  provides: { name: 'provides', help: 'extra artifact provides, key=value (repeatable)' },
  depends: { name: 'depends', help: 'extra artifact depends, key=value (repeatable)' },
  clearsProvides: {
    name: 'clears-provides',
    help: 'provides cleared on install (repeatable)'
  },
  compression: {
    name: 'compression',
    values: COMPRESSION_IDS,
    default: 'gzip',
    help: 'artifact compression (zstd needs Node.js 22.15 or newer)'
  },
  signingKey: { name: 'signing-key', help: 'PEM private key to sign the artifact with' },
  menderServerUrl: {
    name: 'mender-server-url',
    default: HOSTED_MENDER_URL,
    help: 'Mender server (CLI: also env MENDER_SERVER_URL)'
  },
  menderAccessToken: {
    name: 'mender-access-token',
    help: 'Personal Access Token (CLI: prefer env MENDER_ACCESS_TOKEN)'
  },
  menderUsername: {
    name: 'mender-username',
    help: 'user for password login (CLI: env MENDER_USERNAME; password in MENDER_PASSWORD)'
  },
  menderPassword: {
    name: 'mender-password',
    flag: null,
    help: 'password for mender-username (CLI: env MENDER_PASSWORD only)'
  },
  upload: {
    name: 'upload',
    flag: 'no-upload',
    default: 'true',
    help: 'upload the artifact (CLI: --no-upload turns it off)'
  },
  deployGroup: { name: 'deploy-group', help: 'deploy to this device group' },
  deployDevices: {
    name: 'deploy-devices',
    help: 'deploy to these device IDs (repeatable or comma-separated)'
  },
  deployAllDevices: {
    name: 'deploy-all-devices',
    default: 'false',
    help: 'deploy to every accepted device'
  },
  deploymentName: {
    name: 'deployment-name',
    help: 'deployment name (default: the artifact name)'
  },
  wait: { name: 'wait', default: 'false', help: 'wait for the deployment to finish' },
  waitTimeout: {
    name: 'wait-timeout',
    default: '30m',
    help: 'how long to wait (90s, 30m, 2h, or seconds)'
  },
  forceInstallation: {
    name: 'force-installation',
    default: 'false',
    help: 'install even where the artifact is already installed'
  },
  retries: { name: 'retries', help: 'device retries on failure (Enterprise)' },
  phases: { name: 'phases', help: 'phased rollout as a JSON array or @file (Enterprise)' },
  updateControlMap: {
    name: 'update-control-map',
    help: 'update control map as a JSON object or @file (Enterprise)'
  },
  maxFailures: {
    name: 'max-failures',
    default: '0',
    help: 'failed devices tolerated while waiting'
  },
  cache: {
    name: 'cache',
    flag: null,
    default: 'true',
    help: 'keep the layer store between runs with the Actions cache'
  },
  cacheDir: { name: 'cache-dir', help: 'layer store folder' },
  cacheMaxSize: {
    name: 'cache-max-size',
    default: DEFAULT_CACHE_MAX_SIZE,
    help: 'evict least-recently-used layers and deltas of the store above this (2GiB, 800MB, bytes; 0: no limit)'
  },
  serviceImages: {
    name: 'service-images',
    flag: 'service-image',
    help: 'image source override for a service, service=source (repeatable)'
  },
  githubToken: {
    name: 'github-token',
    flag: null,
    default: "${{ github.server_url == 'https://github.com' && github.token || '' }}",
    help: 'token for the previous-release lookup through the GitHub API'
  },
  output: {
    name: 'output',
    input: false,
    help: 'artifact path (one platform; with several, one file per platform from it)'
  },
  outputDir: {
    name: 'output-dir',
    input: false,
    help: 'folder for artifacts and metadata (default: .)'
  },
  dryRun: { name: 'dry-run', default: 'false', help: 'do everything but upload and deploy' },
  json: {
    name: 'json',
    input: false,
    default: 'false',
    help: 'print the result as JSON on stdout'
  },
  jobSummary: {
    name: 'job-summary',
    flag: null,
    default: 'true',
    help: 'write the job summary'
  },
  logLevel: {
    name: 'log-level',
    flag: null,
    values: LOG_LEVELS,
    default: 'info',
    help: 'log level'
  }
})

export type OptionKey = keyof typeof OPTION_TABLE

/** The default of an option as the user writes it ('' when it has none). */
export function optionDefault(key: OptionKey): string {
  const o: OptionSpec = OPTION_TABLE[key]
  return o.default ?? ''
}

/**
 * An option's value as the user wrote it: the first of `given` that is set
 * (a flag, then an environment variable; undefined: not given), else the
 * table's default. Both fronts read options with a default through it.
 */
export function optionValue(key: OptionKey, ...given: Array<string | undefined>): string {
  return given.find((v) => v !== undefined) ?? optionDefault(key)
}

/** The CLI flag of an option (`--x`), or undefined when the CLI has none. */
export function cliFlag(key: OptionKey): string | undefined {
  const o: OptionSpec = OPTION_TABLE[key]
  return o.flag === null ? undefined : `--${o.flag ?? o.name}`
}

/** The options the action reads, by key: those with an input. */
export type InputKey = {
  [K in OptionKey]: (typeof OPTION_TABLE)[K] extends { input: false } ? never : K
}[OptionKey]

/** Every action input's name, by option key (action.yml's keys). */
export const INPUT_NAMES = Object.fromEntries(
  Object.entries(OPTION_TABLE).flatMap(([k, o]: [string, OptionSpec]) =>
    o.input === false ? [] : [[k, o.name]]
  )
) as { readonly [K in InputKey]: (typeof OPTION_TABLE)[K]['name'] }
