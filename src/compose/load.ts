import { basename, dirname, join, resolve } from 'node:path'
import { UserError } from '../util/errors.js'
import { silentLogger, type Logger } from '../util/log.js'
import { emptyHostPaths, type HostPaths } from './host-paths.js'
import { ModelLoader } from './model.js'
import {
  activeProfiles,
  composeFileEnv,
  DEFAULT_FILES,
  readEnvironment,
  searchDefaultFiles
} from './project-files.js'
import { toService, type ComposeService } from './service.js'
import { localFiles } from './source.js'
import { stringList, stringOr } from './values.js'
import type { ComposeFileSource } from './source.js'

export interface LoadComposeOptions {
  /** Compose files in merge order; relative to `workingDirectory`. Default: COMPOSE_FILE or compose.yaml (+ override). */
  files?: string[]
  projectDirectory?: string
  /** The process environment; it wins over `.env`. */
  env?: Record<string, string | undefined>
  /** Active profiles; default COMPOSE_PROFILES. `*` enables all. */
  profiles?: string[]
  workingDirectory?: string
  source?: ComposeFileSource
  log?: Logger
}

export type { ComposeService } from './service.js'

export interface ComposeProject {
  name: string
  projectDirectory: string
  files: string[]
  /** Services enabled by the active profiles, sorted by name. */
  services: ComposeService[]
  /** Services left out because none of their profiles is active. */
  disabledServices: string[]
  /** The interpolation environment (.env merged under the process environment). */
  environment: Record<string, string>
  /** Variables the files used whose value came from the process environment. */
  variablesFromProcess: string[]
  /**
   * The merged model as `docker compose config` sees it: every file merged,
   * `include:` and `extends:` resolved, interpolated, only the enabled
   * services; host paths absolute (see `hostPaths`).
   */
  model: Record<string, unknown>
  /** Where each host path of the model was written. */
  hostPaths: HostPaths
}

/** Loads and merges a compose project the way `docker compose config --images` sees it. */
export async function loadComposeProject(
  options: LoadComposeOptions = {}
): Promise<ComposeProject> {
  const source = options.source ?? localFiles
  const log = options.log ?? silentLogger
  const cwd = options.workingDirectory ?? process.cwd()
  const osEnv = options.env ?? process.env
  const { files, projectDirectory, environment } = await projectFiles(options, source, cwd, osEnv)
  // Which variables the files used from the process environment rather than from
  // .env: a previous release read later sees today's values of those.
  const fromProcess = new Set<string>()
  const lookup = (n: string) => {
    if (osEnv[n] !== undefined) fromProcess.add(n)
    return environment[n]
  }
  const firstFile = files[0] as string
  const hostPaths = emptyHostPaths()
  const model = await new ModelLoader(source, hostPaths).load(files, lookup, projectDirectory)
  const profiles = activeProfiles(options.profiles, environment)

  const services: ComposeService[] = []
  const disabled: string[] = []
  const enabled: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(model.services).sort(([a], [b]) => a.localeCompare(b))) {
    const svc = (raw ?? {}) as Record<string, unknown>
    const where = model.where.get(name) ?? { file: firstFile }
    const svcProfiles = stringList(svc.profiles, where.file, `services.${name}.profiles`)
    if (svcProfiles.length > 0 && !profiles.has('*') && !svcProfiles.some((p) => profiles.has(p))) {
      disabled.push(name)
      continue
    }
    services.push(toService(name, svc, where, log))
    enabled[name] = svc
  }
  if (services.length === 0 && disabled.length === 0)
    throw new UserError(`${files.join(', ')}: no services defined`, {
      hint: 'name the compose file(s) of the application with the compose-file input / -f'
    })
  const name = normalizeProjectName(
    stringOr(model.name) ?? environment.COMPOSE_PROJECT_NAME ?? basename(projectDirectory)
  )
  return {
    name,
    projectDirectory,
    files,
    services,
    disabledServices: disabled,
    environment,
    variablesFromProcess: [...fromProcess].sort(),
    model: { ...model.top, name, services: enabled },
    hostPaths
  }
}

/**
 * The files, project folder and interpolation environment, found as
 * `docker compose` finds them. With -f, the project folder (and its .env) is
 * the first file's folder. Without, the nearest folder from the working
 * directory upward that holds a default compose file (else the working
 * directory) gives the first .env, which may name the files (COMPOSE_FILE,
 * relative to the working directory); the project folder's own .env is then
 * read too, under the first.
 */
async function projectFiles(
  options: LoadComposeOptions,
  source: ComposeFileSource,
  cwd: string,
  osEnv: Record<string, string | undefined>
): Promise<{ files: string[]; projectDirectory: string; environment: Record<string, string> }> {
  const explicitDir = options.projectDirectory ? resolve(cwd, options.projectDirectory) : undefined
  const given = (options.files ?? []).map((f) => resolve(cwd, f))
  if (given.length > 0) {
    const projectDirectory = explicitDir ?? dirname(given[0] as string)
    const environment = await readEnvironment(source, join(projectDirectory, '.env'), osEnv)
    return { files: given, projectDirectory, environment }
  }
  const start = explicitDir ?? cwd
  const found = await searchDefaultFiles(source, start)
  const envDir = explicitDir ?? found?.dir ?? cwd
  let environment = await readEnvironment(source, join(envDir, '.env'), osEnv)
  const files = composeFileEnv(environment, cwd) ?? found?.files
  if (!files)
    throw new UserError(
      `no compose file in ${start} or any folder above it: looked for ${DEFAULT_FILES.join(', ')}`,
      {
        hint: 'add compose.yaml (or compose.yml, docker-compose.yaml, docker-compose.yml), or name the file(s) with the compose-file input / -f'
      }
    )
  const projectDirectory = explicitDir ?? dirname(files[0] as string)
  if (projectDirectory !== envDir)
    environment = await readEnvironment(source, join(projectDirectory, '.env'), environment)
  return { files, projectDirectory, environment }
}

/**
 * The files `docker compose` reads when none is named, from `dir` (its
 * COMPOSE_FILE, else the nearest default file upward and its override).
 */
export async function findComposeFiles(
  dir: string,
  env: Record<string, string | undefined>,
  source: ComposeFileSource = localFiles
): Promise<string[]> {
  return (await projectFiles({}, source, dir, env)).files
}

/** Compose project names: lower case letters, digits, dashes and underscores. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '')
}
