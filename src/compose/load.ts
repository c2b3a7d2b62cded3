import { basename, dirname, join, resolve } from 'node:path'
import { UserError } from '../util/errors.js'
import { silentLogger, type Logger } from '../util/log.js'
import { resolveExtends, type ServiceSet } from './extends.js'
import { absolutizeHostPaths, emptyHostPaths, type HostPaths } from './host-paths.js'
import { interpolateTree } from './interpolate-tree.js'
import { mergeComposeTrees, stripMarkers } from './merge.js'
import { activeProfiles, defaultFiles, readEnvironment } from './project-files.js'
import { toService } from './service.js'
import { localFiles, type ComposeFileSource } from './source.js'
import { asMap, stringList, stringOr } from './values.js'
import { parseComposeYaml } from './yaml-file.js'

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

export interface ComposeService {
  name: string
  image: string
  platform?: string
  /** Where the image was named (for annotations). */
  file: string
  line?: number
}

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
  const explicitDir = options.projectDirectory ? resolve(cwd, options.projectDirectory) : undefined
  // With -f the project folder (and its .env) is the first file's folder; without, the
  // .env of the working directory may itself name the files (COMPOSE_FILE).
  const given = (options.files ?? []).map((f) => resolve(cwd, f))
  const envDir = explicitDir ?? (given[0] ? dirname(given[0]) : cwd)
  const environment = await readEnvironment(source, join(envDir, '.env'), osEnv)
  // Which variables the files took from the process environment rather than from
  // .env: a previous release read later sees today's values of those.
  const fromProcess = new Set<string>()
  const lookup = (n: string) => {
    if (osEnv[n] !== undefined) fromProcess.add(n)
    return environment[n]
  }

  const files = given.length > 0 ? given : await defaultFiles(source, environment, envDir)
  const firstFile = files[0] as string // defaultFiles returns at least one
  const projectDirectory = explicitDir ?? dirname(firstFile)
  const hostPaths = emptyHostPaths()
  const model = await loadModel(source, files, lookup, new Set(), hostPaths, projectDirectory)
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
      hint: 'name the compose file(s) of the application with -f / compose-files'
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
    model: { ...(stripMarkers(model.top) as Record<string, unknown>), name, services: enabled },
    hostPaths
  }
}

interface Model extends ServiceSet {
  name?: unknown
  where: Map<string, { file: string; line?: number }>
  /** The merged top-level keys but `services` and `include` (networks, volumes, configs, …). */
  top: Record<string, unknown>
}

/** Reads files in order, resolving `include:` in each, and merges them. */
async function loadModel(
  source: ComposeFileSource,
  files: string[],
  lookup: (n: string) => string | undefined,
  seen: Set<string>,
  hostPaths: HostPaths,
  baseDir = dirname(files[0] as string)
): Promise<Model> {
  const firstFile = files[0] as string
  let merged: Record<string, unknown> = {}
  let includedTop: Record<string, unknown> = {}
  const where = new Map<string, { file: string; line?: number }>()
  const extendsDeclaredIn = new Map<string, string>()
  const included: Record<string, unknown> = {}
  for (const file of files) {
    if (seen.has(file)) throw new UserError(`${file}: include cycle`)
    const text = await source.read(file)
    if (text === undefined)
      throw new UserError(`compose file not found: ${file}`, {
        hint: 'check the compose-files input / -f paths (relative to the working directory)'
      })
    const parsed = parseComposeYaml(file, text)
    const data = interpolateTree(parsed.data, lookup, file) as Record<string, unknown>
    absolutizeHostPaths(data, baseDir, file, parsed.lineOf, hostPaths)
    for (const [name, svc] of Object.entries(asMap(data.services, file, 'services'))) {
      const hasImage = typeof svc === 'object' && svc !== null && 'image' in svc
      const pos = parsed.lineOf(hasImage ? ['services', name, 'image'] : ['services', name])
      if (hasImage || !where.has(name)) where.set(name, { file, ...(pos && { line: pos.line }) })
      if (typeof svc === 'object' && svc !== null && 'extends' in svc)
        extendsDeclaredIn.set(name, file)
    }
    const sub = await loadIncludes(
      source,
      data.include,
      file,
      lookup,
      new Set([...seen, file]),
      hostPaths
    )
    includedTop = mergeComposeTrees(includedTop, sub.top)
    for (const [name, svc] of Object.entries(sub.services)) {
      if (name in included || name in asMap(data.services, file, 'services'))
        throw new UserError(
          `${file}: service "${name}" is defined both here and in an included file`,
          {
            hint: 'Compose refuses such conflicts; rename one, or extend it with a -f override file'
          }
        )
      included[name] = svc
      where.set(name, sub.where.get(name) ?? { file })
      extendsDeclaredIn.delete(name)
    }
    delete data.include
    merged = files.indexOf(file) === 0 ? data : mergeComposeTrees(merged, data)
  }
  const own = asMap(merged.services, firstFile, 'services')
  // Included services come resolved; the rest may extend each other or other files.
  const resolved = await resolveExtends(
    { services: { ...included, ...own }, extendsDeclaredIn },
    (path) => loadModel(source, [path], lookup, new Set([...seen, ...files]), hostPaths)
  )
  const services = stripMarkers(resolved) as Record<string, unknown>
  const top = { ...merged }
  delete top.services
  delete top.name
  // an included project's networks, volumes, configs and secrets join the parent's
  return {
    name: merged.name,
    services,
    where,
    extendsDeclaredIn,
    top: mergeComposeTrees(includedTop, top)
  }
}

async function loadIncludes(
  source: ComposeFileSource,
  include: unknown,
  file: string,
  parentLookup: (n: string) => string | undefined,
  seen: Set<string>,
  hostPaths: HostPaths
): Promise<Model> {
  const out: Model = { services: {}, where: new Map(), extendsDeclaredIn: new Map(), top: {} }
  if (include === undefined || include === null) return out
  if (!Array.isArray(include)) throw new UserError(`${file}: include must be a list`)
  for (const entry of include) {
    const spec = typeof entry === 'string' ? { path: entry } : (entry as Record<string, unknown>)
    const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).map((p) => {
      if (typeof p !== 'string') throw new UserError(`${file}: include entry without a path`)
      return resolve(dirname(file), p)
    })
    const dir =
      typeof spec.project_directory === 'string'
        ? resolve(dirname(file), spec.project_directory)
        : dirname(paths[0] as string)
    const envFiles = stringList(spec.env_file ?? [join(dir, '.env')], file, 'include.env_file')
    let includeEnv: Record<string, string | undefined> = {}
    for (const envFile of envFiles)
      includeEnv = await readEnvironment(source, resolve(dirname(file), envFile), includeEnv)
    // The parent's environment wins over the included project's env files.
    const lookup = (n: string) => parentLookup(n) ?? includeEnv[n]
    const model = await loadModel(source, paths, lookup, seen, hostPaths, dir)
    out.top = mergeComposeTrees(out.top, model.top)
    for (const [name, svc] of Object.entries(model.services)) {
      if (name in out.services)
        throw new UserError(`${file}: service "${name}" is defined by two included files`)
      out.services[name] = svc
      out.where.set(name, model.where.get(name) ?? { file: paths[0] as string })
    }
  }
  return out
}

/** Compose project names: lower case letters, digits, dashes and underscores. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '')
}
