import * as core from '@actions/core'
import { existsSync, readFileSync } from 'node:fs'
import { basename, isAbsolute, join, resolve } from 'node:path'
import { checkSigningKey } from '../artifact/signing.js'
import { UsageError } from '../util/errors.js'
import {
  INPUT_NAMES,
  OPTION_TABLE,
  optionValue,
  type BuildOptions,
  type InputKey,
  type LogLevel,
  type PreviousSource
} from '../pipeline/options.js'
import { validateBuildOptions } from '../pipeline/validate-options.js'
import {
  buildTargets,
  defaultArtifactName,
  parseArtifactName,
  parseBoolean,
  parseByteSize,
  parseDeploy,
  parseDevicePlatforms,
  parseDuration,
  parseKeyValues,
  parseOptionChoice,
  parsePlatform,
  parseServerUrl,
  parseServiceImages,
  splitLines,
  splitList,
  toProjectName,
  type ChoiceKey
} from '../pipeline/option-parsers.js'
import { parseRollout, type RolloutFields } from '../pipeline/rollout.js'
import { gitHubContext } from './github-context.js'

/**
 * Every input of action.yml, read and validated in one place (like
 * actions/checkout's input-helper). Names, values and defaults come from the
 * option table (src/pipeline/options.ts); __tests__/pipeline/option-table.test.ts
 * holds action.yml to it.
 */
export const InputNames = INPUT_NAMES

export type InputName = (typeof InputNames)[keyof typeof InputNames]

/** What the action knows beyond the pipeline's options. */
export interface ActionInputs {
  /** The options the pipeline runs with; the CLI fills the same type. */
  build: BuildOptions
  /** Restore the layer store in main and save it in post with @actions/cache. */
  cache: boolean
  /** Token for the GitHub API (previous release lookup); empty on GHES unless set. */
  githubToken: string
  jobSummary: boolean
  logLevel: LogLevel
}

/** Where inputs and the runner's environment come from; tests pass plain objects. */
export interface InputSource {
  input(name: InputName): string
  env: Record<string, string | undefined>
  /** The event payload (GITHUB_EVENT_PATH's JSON); undefined outside a runner. */
  event?: unknown
  /** Hide a value from the log (core.setSecret). */
  mask(secret: string): void
}

export const runnerInputSource: InputSource = {
  input: (name) => core.getInput(name),
  env: process.env,
  get event() {
    return readEventPayload(process.env.GITHUB_EVENT_PATH)
  },
  mask: (s) => core.setSecret(s)
}

/** The event payload, or undefined when there is none or it is unreadable (local runs). */
export function readEventPayload(path: string | undefined): unknown {
  if (!path || !existsSync(path)) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch {
    return undefined
  }
}

/** How messages name an input: `Input 'platform'`. */
const field = (key: InputKey): string => `Input '${InputNames[key]}'`

const rolloutFields: RolloutFields = {
  forceInstallation: field('forceInstallation'),
  retries: field('retries'),
  phases: field('phases'),
  updateControlMap: field('updateControlMap'),
  maxFailures: field('maxFailures')
}

/**
 * Masks a secret as a whole and line by line: the runner matches masks per
 * log line, so a multi-line PEM would otherwise leak line by line.
 */
export function maskSecret(mask: (s: string) => void, secret: string): void {
  if (!secret) return
  mask(secret)
  for (const line of secret.split(/\r?\n/)) {
    const l = line.trim()
    if (l.length >= 8 && !/^-----(BEGIN|END) /.test(l)) mask(l)
  }
}

/**
 * The variables compose files may interpolate: the job's environment minus
 * what the runner uses to hand this action its inputs and tokens, so no
 * secret travels further in the options than it must.
 */
export function composeEnvironment(
  env: Record<string, string | undefined>
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([k]) => !/^(INPUT_|STATE_|ACTIONS_)/.test(k) && k !== 'GITHUB_TOKEN'
    )
  )
}

/** Reads, validates and types every input. Throws a UsageError naming the input at fault. */
export function getInputs(src: InputSource = runnerInputSource): ActionInputs {
  const raw = (key: InputKey) => src.input(InputNames[key]).trim()
  // an input as given, else its default from the option table (an empty input is not given)
  const value = (key: InputKey) => optionValue(key, raw(key) || undefined)
  const choice = <K extends ChoiceKey & InputKey>(key: K) =>
    parseOptionChoice(key, field(key), value(key))
  const bool = (key: InputKey) => parseBoolean(field(key), value(key))
  const env = src.env

  // Secrets first, so nothing below can print them before they are masked.
  const accessToken = raw('menderAccessToken')
  const password = src.input(InputNames.menderPassword)
  const signingKey = raw('signingKey')
  // raw, not value(): its table default is a workflow expression the runner evaluates
  const githubToken = raw('githubToken')
  for (const s of [accessToken, password, githubToken]) maskSecret(src.mask, s)
  maskSecret(src.mask, signingKey)
  if (signingKey && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(signingKey))
    throw new UsageError(`${field('signingKey')} is not a PEM private key`, {
      hint: 'pass the whole PEM file from a secret, BEGIN and END lines included'
    })
  if (signingKey) checkSigningKey(signingKey, field('signingKey'))
  const username = raw('menderUsername')
  if (Boolean(username) !== Boolean(password))
    throw new UsageError(`${field('menderUsername')} and ${field('menderPassword')} go together`)

  // what the runner's environment gives the pipeline, read once here
  const composeEnv = composeEnvironment(env)
  const github = gitHubContext(env, src.event, githubToken)

  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  // empty: the files `docker compose` would find in the workspace (runPipeline looks)
  const composeFiles = splitList(raw('composeFile'))

  const repository = env.GITHUB_REPOSITORY?.split('/')[1] ?? basename(workspace)
  const applicationName = toProjectName(raw('applicationName') || repository)
  if (!applicationName)
    throw new UsageError(
      `${field('applicationName')} must hold a letter or digit, got '${raw('applicationName')}'`
    )
  const artifactName = parseArtifactName(
    field('artifactName'),
    raw('artifactName') ||
      defaultArtifactName({ ref: env.GITHUB_REF, sha: env.GITHUB_SHA, applicationName })
  )

  const targets = buildTargets(
    splitList(raw('deviceTypes')),
    parsePlatform(field('platform'), value('platform')),
    parseDevicePlatforms(field('devicePlatforms'), raw('devicePlatforms')),
    {
      deviceTypes: field('deviceTypes'),
      devicePlatforms: field('devicePlatforms')
    }
  )

  const previousRef = raw('previousRef')
  const previous: PreviousSource = previousRef
    ? { kind: 'ref', ref: previousRef }
    : { kind: 'auto' }

  const previousArtifactName = raw('previousArtifactName')
    ? parseArtifactName(field('previousArtifactName'), raw('previousArtifactName'))
    : undefined

  const dryRun = bool('dryRun')
  const upload = bool('upload')
  const deploy = parseDeploy(
    {
      group: raw('deployGroup'),
      devices: splitList(raw('deployDevices')),
      all: bool('deployAllDevices'),
      name: raw('deploymentName') || artifactName,
      wait: bool('wait'),
      waitTimeoutMs: parseDuration(field('waitTimeout'), value('waitTimeout')),
      rollout: parseRollout(
        {
          forceInstallation: bool('forceInstallation'),
          retries: raw('retries'),
          phases: raw('phases'),
          updateControlMap: raw('updateControlMap'),
          maxFailures: value('maxFailures')
        },
        rolloutFields,
        (p) => readFileSync(resolve(workspace, p), 'utf8')
      )
    },
    {
      group: field('deployGroup'),
      devices: field('deployDevices'),
      all: field('deployAllDevices'),
      wait: field('wait'),
      rollout: rolloutFields
    }
  )

  const runnerTemp = env.RUNNER_TEMP || join(workspace, '.mender-compose')
  const inWorkspace = (p: string) => (isAbsolute(p) ? p : resolve(workspace, p))
  const cacheDirInput = raw('cacheDir')
  const build: BuildOptions = {
    composeFiles,
    projectDirectory: workspace,
    composeEnv,
    applicationName,
    artifactName,
    targets,
    module: choice('module'),
    delta: choice('delta'),
    deltaEncoder: choice('deltaEncoder'),
    deviceImageStore: choice('deviceImageStore'),
    previous,
    ...(previousArtifactName ? { previousArtifactName } : {}),
    artifactNameIsDefault: !raw('artifactName'),
    github,
    softwareFilesystem: value('softwareFilesystem'),
    provides: parseKeyValues(field('provides'), splitLines(raw('provides'))),
    depends: parseKeyValues(field('depends'), splitLines(raw('depends'))),
    clearsProvides: splitList(raw('clearsProvides')),
    compression: choice('compression'),
    ...(signingKey ? { signingKey } : {}),
    menderServerUrl: parseServerUrl(field('menderServerUrl'), value('menderServerUrl')),
    credentials: {
      ...(accessToken ? { accessToken } : {}),
      ...(username ? { username, password } : {})
    },
    upload,
    ...(deploy ? { deploy } : {}),
    serviceImages: parseServiceImages(field('serviceImages'), raw('serviceImages')),
    cacheDir: cacheDirInput ? inWorkspace(cacheDirInput) : join(runnerTemp, 'mender-compose-cache'),
    cacheMaxBytes: parseByteSize(field('cacheMaxSize'), value('cacheMaxSize')),
    outputDir: join(runnerTemp, 'mender-compose-out'),
    dryRun
  }
  validateBuildOptions(build, {
    field: (key) => `Input '${OPTION_TABLE[key].name}'`,
    credentialsHint: `pass a Mender Personal Access Token from a secret, or set ${InputNames.upload}: false or ${InputNames.dryRun}: true`
  })
  return {
    build,
    cache: bool('cache'),
    githubToken,
    jobSummary: bool('jobSummary'),
    logLevel: choice('logLevel')
  }
}
