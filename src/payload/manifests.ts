import { stat } from 'node:fs/promises'
import { isAbsolute, relative, sep } from 'node:path'
import {
  composeBoolean,
  loadComposeProject,
  stringifyComposeYaml,
  type ComposeProject
} from '../compose/index.js'
import type { PathOrigin } from '../compose/host-paths.js'
import { UserError } from '../util/errors.js'
import { silentLogger } from '../util/log.js'
import { repoTag } from './image-archive.js'
import type { TarEntry } from './tar-write.js'

/** The name both modules' `docker compose` finds first in the manifests folder. */
export const SHIPPED_COMPOSE_FILE = 'compose.yaml'

/**
 * What goes into the `manifests` folder: one resolved compose file at its
 * root, and the files it reads (env files, configs, secrets), at their place
 * in the project folder.
 */
export interface ShippedManifests {
  /** The text of `compose.yaml`. */
  compose: string
  /** `name` is the path inside the folder (`/`-separated), `path` the file on this machine. */
  files: Array<{ name: string; path: string }>
}

/** Where the payload builders take the composition from. */
export interface ManifestsSource {
  /** The project as plan loaded it (interpolated with the build's environment). */
  project?: ComposeProject
  /** Otherwise loaded here, without environment: the project folder and its files. */
  projectDirectory?: string
  composeFiles?: readonly string[]
}

export async function manifestsFrom(
  source: ManifestsSource,
  applicationName: string,
  images?: Record<string, string>
): Promise<ShippedManifests> {
  const project =
    source.project ??
    (await loadComposeProject({
      files: [...(source.composeFiles ?? [])],
      workingDirectory: source.projectDirectory,
      env: {},
      log: silentLogger
    }))
  return resolvedManifests(project, { applicationName, ...(images && { images }) })
}

/**
 * The composition the device must start, whatever its environment and its
 * compose's file lookup: the merged model of every `-f` file (`include`,
 * `extends`, overrides and profiles applied, interpolated here), named after
 * the application, each service's `image:` the tag `docker image load` gives
 * the shipped image. A literal `$` is written `$$`, as `docker compose
 * config` does, so the device's compose does not interpolate a second time,
 * and every value is written so the device's compose reads it back as it is
 * (a string that reads as a number, a date or a boolean there is quoted).
 * Bind-mount sources stay relative to the project folder (they are the
 * device's paths, nothing is shipped for them); a file the model reads from
 * outside the project folder cannot be shipped and is refused.
 */
export async function resolvedManifests(
  project: ComposeProject,
  options: { applicationName: string; images?: Record<string, string> }
): Promise<ShippedManifests> {
  const root = project.projectDirectory
  const files = new Map<string, string>()
  const ship = async (abs: string, optional: boolean): Promise<string | undefined> => {
    const origin = project.hostPaths.files.get(abs)
    const rel = inside(root, abs)
    if (rel === undefined)
      throw new UserError(
        `${at(origin)}refers to ${origin?.written ?? abs}, which is outside the project folder ${root}`,
        { hint: 'move the file into the project folder: only that folder is shipped to the device' }
      )
    const isFile = await stat(abs).then(
      (s) => s.isFile(),
      () => false
    )
    if (!isFile) {
      if (optional) return undefined
      throw new UserError(
        `${at(origin)}refers to ${origin?.written ?? abs}, which does not exist or is not a file`
      )
    }
    if (rel === SHIPPED_COMPOSE_FILE)
      throw new UserError(
        `${at(origin)}refers to ${origin?.written ?? abs}, which would be replaced by the resolved ${SHIPPED_COMPOSE_FILE} the device starts`,
        { hint: 'rename the file' }
      )
    files.set(rel, abs)
    return `./${rel}`
  }
  const model = structuredClone(project.model)
  const services = asMap(model.services)
  for (const [name, raw] of Object.entries(services)) {
    const svc = asMap(raw)
    const image = options.images?.[name] ?? (svc.image as string)
    svc.image = shippedReference(image)
    // the image is shipped: the device neither builds nor needs a build context
    delete svc.build
    if (svc.pull_policy === 'build') delete svc.pull_policy
    // enabled at build time; the device would need the same COMPOSE_PROFILES otherwise
    delete svc.profiles
    if (Array.isArray(svc.env_file)) {
      const kept: unknown[] = []
      for (const entry of svc.env_file) {
        const e = typeof entry === 'string' ? { path: entry } : asMap(entry)
        const shipped = await ship(e.path as string, composeBoolean(e.required) === false)
        if (shipped === undefined) continue
        kept.push(typeof entry === 'string' ? shipped : { ...e, path: shipped })
      }
      if (kept.length > 0) svc.env_file = kept
      else delete svc.env_file
    }
    if (Array.isArray(svc.volumes)) svc.volumes = svc.volumes.map((v) => relativeBind(v, project))
    services[name] = svc
  }
  for (const kind of ['configs', 'secrets'] as const)
    for (const def of Object.values(asMap(model[kind]))) {
      const d = asMap(def)
      if (typeof d.file === 'string') d.file = await ship(d.file, false)
    }
  delete model.version
  const { name: _name, services: _services, ...rest } = model
  const ordered = { name: options.applicationName, services, ...rest }
  const header = `# The composition mender-compose built from ${project.files
    .map((f) => inside(root, f) ?? f)
    .join(', ')}: resolved and interpolated; the device starts it as written.\n`
  return {
    compose: header + stringifyComposeYaml(escapeDollars(ordered)),
    files: [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, path]) => ({ name, path }))
  }
}

/** The reference `docker image load` tags the shipped image with (`name` → `name:latest`). */
export function shippedReference(reference: string): string {
  const { repository, tag } = repoTag(reference)
  return tag === undefined ? reference : `${repository}:${tag}`
}

/** A bind source made absolute by the loader, back to a path relative to the project folder. */
function relativeBind(v: unknown, project: ComposeProject): unknown {
  const rel = (abs: string) => {
    const r = relative(project.projectDirectory, abs).split(sep).join('/')
    return r === '' ? '.' : r.startsWith('../') || r === '..' ? r : `./${r}`
  }
  if (typeof v === 'string') {
    const [src = '', ...restParts] = v.split(':')
    return project.hostPaths.binds.has(src) ? [rel(src), ...restParts].join(':') : v
  }
  const m = asMap(v)
  if (typeof m.source === 'string' && project.hostPaths.binds.has(m.source))
    return { ...m, source: rel(m.source) }
  return v
}

/** `abs` relative to `root` with `/`, or undefined when it is not inside. */
function inside(root: string, abs: string): string | undefined {
  const rel = relative(root, abs)
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined
  return rel.split(sep).join('/')
}

function at(origin: PathOrigin | undefined): string {
  if (!origin) return ''
  return `${origin.file}${origin.line ? `:${origin.line}` : ''}: ${origin.field} `
}

function escapeDollars(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$/g, '$$$$')
  if (Array.isArray(v)) return v.map(escapeDollars)
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeDollars(x)]))
  return v
}

function asMap(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {}
}

/** Tar members `manifests/…`: the resolved compose file and the files it reads, folders first. */
export function manifestEntries(shipped: ShippedManifests): TarEntry[] {
  const dirs = new Set<string>(['manifests/'])
  for (const { name } of shipped.files) {
    const parts = name.split('/').slice(0, -1)
    for (let i = 1; i <= parts.length; i++) dirs.add(`manifests/${parts.slice(0, i).join('/')}/`)
  }
  return [
    ...[...dirs].sort().map((name): TarEntry => ({ name, type: 'directory' })),
    { name: `manifests/${SHIPPED_COMPOSE_FILE}`, type: 'file', data: shipped.compose },
    ...shipped.files.map((f): TarEntry => ({
      name: `manifests/${f.name}`,
      type: 'file',
      path: f.path
    }))
  ]
}
