import { homedir } from 'node:os'
import { basename, isAbsolute, join, resolve } from 'node:path'
import { checkSigningKey } from '../artifact/signing.js'
import { UsageError } from '../util/errors.js'
import {
  cliFlag,
  optionValue,
  type BuildOptions,
  type PreviousSource
} from '../pipeline/options.js'
import {
  buildTargets,
  parseArtifactName,
  parseByteSize,
  parseDeploy,
  parseDevicePlatforms,
  parseDuration,
  parseKeyValues,
  parseOptionChoice,
  parsePlatform,
  parseServerUrl,
  parseServiceImages,
  toProjectName
} from '../pipeline/option-parsers.js'
import { parseRollout, type RolloutFields } from '../pipeline/rollout.js'
import { validateBuildOptions } from '../pipeline/validate-options.js'

/** The `build` command's flags as commander hands them over (repeatable ones already split). */
export interface BuildFlags {
  file: string[]
  projectDirectory?: string
  applicationName?: string
  artifactName?: string
  deviceType: string[]
  platform: string
  devicePlatform: string[]
  module: string
  delta: string
  deltaEncoder: string
  deviceImageStore: string
  previousRef?: string
  previousCompose: string[]
  previousArtifactName?: string
  softwareFilesystem: string
  provides: string[]
  depends: string[]
  clearsProvides: string[]
  compression: string
  signingKey?: string
  menderServerUrl?: string
  menderAccessToken?: string
  menderUsername?: string
  upload: boolean
  deployGroup?: string
  deployDevices: string[]
  deployAllDevices: boolean
  deploymentName?: string
  wait: boolean
  waitTimeout: string
  forceInstallation: boolean
  retries?: string
  phases?: string
  updateControlMap?: string
  maxFailures: string
  serviceImage: string[]
  cacheDir?: string
  cacheMaxSize?: string
  output?: string
  outputDir?: string
  dryRun: boolean
  json: boolean
  /** The action's input names, accepted as flags too. */
  composeFile?: string[]
  deviceTypes?: string[]
  devicePlatforms?: string[]
  serviceImages?: string[]
}

const opt = (flag: string, envName?: string) =>
  envName ? `Option '--${flag}' (or ${envName})` : `Option '--${flag}'`

/** The rollout flags of `build`, named as `deploy` names them. */
export const ROLLOUT_FLAGS: RolloutFields = {
  forceInstallation: opt('force-installation'),
  retries: opt('retries'),
  phases: opt('phases'),
  updateControlMap: opt('update-control-map'),
  maxFailures: opt('max-failures')
}

/**
 * The cache folder: `--cache-dir`, else $MENDER_COMPOSE_CACHE_DIR, else the
 * XDG cache folder ($XDG_CACHE_HOME or ~/.cache) + `mender-compose`.
 */
export function defaultCacheDir(env: Record<string, string | undefined>): string {
  if (env.MENDER_COMPOSE_CACHE_DIR) return env.MENDER_COMPOSE_CACHE_DIR
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined
  return join(xdg ?? join(env.HOME || homedir(), '.cache'), 'mender-compose')
}

/**
 * Maps flags and environment onto the same BuildOptions the action builds
 * from its inputs, with the same parsers, so both fronts accept and reject
 * the same values.
 */
export function cliBuildOptions(
  flags: BuildFlags,
  env: Record<string, string | undefined>,
  cwd: string,
  readTextFile: (path: string) => string
): BuildOptions {
  // as docker compose: -f is named from the current folder; --project-directory sets the project
  const composeProjectDirectory = flags.projectDirectory
    ? resolve(cwd, flags.projectDirectory)
    : undefined
  const files = [...flags.file, ...(flags.composeFile ?? [])]
  // none: the files `docker compose` would find (runPipeline looks)
  const applicationName = toProjectName(
    flags.applicationName ?? basename(composeProjectDirectory ?? cwd)
  )
  if (!applicationName)
    throw new UsageError(`${opt('application-name')} must hold a letter or digit`)
  if (!flags.artifactName)
    throw new UsageError(`${opt('artifact-name')} is required`, {
      hint: 'name the release, e.g. --artifact-name app-2.0'
    })
  const artifactName = parseArtifactName(opt('artifact-name'), flags.artifactName)
  const targets = buildTargets(
    [...flags.deviceType, ...(flags.deviceTypes ?? [])],
    parsePlatform(opt('platform'), flags.platform),
    parseDevicePlatforms(
      opt('device-platform'),
      [...flags.devicePlatform, ...(flags.devicePlatforms ?? [])].join('\n')
    ),
    { deviceTypes: opt('device-type'), devicePlatforms: opt('device-platform') }
  )
  if (flags.previousRef && flags.previousCompose.length > 0)
    throw new UsageError(
      `${opt('previous-ref')} and ${opt('previous-compose')} are exclusive: give the previous release one way`
    )
  const previous: PreviousSource = flags.previousRef
    ? { kind: 'ref', ref: flags.previousRef }
    : flags.previousCompose.length > 0
      ? { kind: 'compose', files: flags.previousCompose.map((f) => resolve(cwd, f)) }
      : { kind: 'none' }

  const accessToken = flags.menderAccessToken ?? env.MENDER_ACCESS_TOKEN ?? ''
  const username = flags.menderUsername ?? env.MENDER_USERNAME ?? ''
  const password = env.MENDER_PASSWORD ?? ''
  if (Boolean(username) !== Boolean(password))
    throw new UsageError(
      `${opt('mender-username', 'MENDER_USERNAME')} needs MENDER_PASSWORD in the environment, and the other way round`
    )
  const deploy = parseDeploy(
    {
      group: flags.deployGroup ?? '',
      devices: flags.deployDevices,
      all: flags.deployAllDevices,
      name: flags.deploymentName ?? artifactName,
      wait: flags.wait,
      waitTimeoutMs: parseDuration(opt('wait-timeout'), flags.waitTimeout),
      rollout: parseRollout(
        {
          forceInstallation: flags.forceInstallation,
          retries: flags.retries ?? '',
          phases: flags.phases ?? '',
          updateControlMap: flags.updateControlMap ?? '',
          maxFailures: flags.maxFailures
        },
        ROLLOUT_FLAGS,
        (p) => readTextFile(resolve(cwd, p))
      )
    },
    {
      group: opt('deploy-group'),
      devices: opt('deploy-devices'),
      all: opt('deploy-all-devices'),
      wait: opt('wait'),
      rollout: ROLLOUT_FLAGS
    }
  )
  if (flags.output && !flags.output.endsWith('.mender'))
    throw new UsageError(`${opt('output')} must name a .mender file, got '${flags.output}'`)
  const signingKey = flags.signingKey
    ? signingKeyFile(opt('signing-key'), resolve(cwd, flags.signingKey), readTextFile)
    : undefined

  const options: BuildOptions = {
    composeFiles: files,
    projectDirectory: cwd,
    ...(composeProjectDirectory && { composeProjectDirectory }),
    composeEnv: { ...env },
    applicationName,
    artifactName,
    targets,
    module: parseOptionChoice('module', opt('module'), flags.module),
    delta: parseOptionChoice('delta', opt('delta'), flags.delta),
    deltaEncoder: parseOptionChoice('deltaEncoder', opt('delta-encoder'), flags.deltaEncoder),
    deviceImageStore: parseOptionChoice(
      'deviceImageStore',
      opt('device-image-store'),
      flags.deviceImageStore
    ),
    previous,
    ...(flags.previousArtifactName
      ? {
          previousArtifactName: parseArtifactName(
            opt('previous-artifact-name'),
            flags.previousArtifactName
          )
        }
      : {}),
    softwareFilesystem: flags.softwareFilesystem,
    provides: parseKeyValues(opt('provides'), flags.provides),
    depends: parseKeyValues(opt('depends'), flags.depends),
    clearsProvides: flags.clearsProvides,
    compression: parseOptionChoice('compression', opt('compression'), flags.compression),
    ...(signingKey ? { signingKey } : {}),
    menderServerUrl: parseServerUrl(
      opt('mender-server-url', 'MENDER_SERVER_URL'),
      optionValue('menderServerUrl', flags.menderServerUrl, env.MENDER_SERVER_URL)
    ),
    credentials: {
      ...(accessToken ? { accessToken } : {}),
      ...(username ? { username, password } : {})
    },
    upload: flags.upload,
    ...(deploy ? { deploy } : {}),
    serviceImages: parseServiceImages(
      opt('service-image'),
      [...flags.serviceImage, ...(flags.serviceImages ?? [])].join('\n')
    ),
    cacheDir: resolve(cwd, flags.cacheDir ?? defaultCacheDir(env)),
    cacheMaxBytes: parseByteSize(
      opt('cache-max-size'),
      optionValue('cacheMaxSize', flags.cacheMaxSize)
    ),
    outputDir: resolve(cwd, flags.outputDir ?? '.'),
    ...(flags.output ? { outputPath: resolve(cwd, flags.output) } : {}),
    dryRun: flags.dryRun
  }
  validateBuildOptions(options, {
    field: (key) =>
      key === 'menderAccessToken'
        ? opt('mender-access-token', 'MENDER_ACCESS_TOKEN')
        : opt((cliFlag(key) ?? '').replace(/^--/, '')),
    credentialsHint: 'export MENDER_ACCESS_TOKEN, or pass --dry-run or --no-upload'
  })
  return options
}

/** The signing key's PEM, read and checked before any work (missing, a folder, unusable). */
function signingKeyFile(field: string, path: string, read: (path: string) => string): string {
  let pem: string
  try {
    pem = read(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'ENOENT'
        ? `${field} ${path} does not exist`
        : code === 'EISDIR'
          ? `${field} ${path} is a folder, not a key file`
          : `${field}: cannot read ${path}: ${(err as Error).message}`,
      { hint: 'give the path of a PEM private key file (RSA or ECDSA P-256)' }
    )
  }
  checkSigningKey(pem, `${field} ${path}`)
  return pem
}
