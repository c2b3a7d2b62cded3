import { isDeepStrictEqual } from 'node:util'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { UserError } from '../util/errors.js'
import { resolveExtends } from './extends.js'
import { absolutizeHostPaths, type HostPaths } from './host-paths.js'
import type { Lookup } from './interpolate.js'
import { interpolateTree } from './interpolate-tree.js'
import { mergeComposeTrees, stripMarkers } from './merge.js'
import { readEnvironment } from './project-files.js'
import type { ComposeFileSource } from './source.js'
import { asMap, stringList } from './values.js'
import { parseComposeYaml, type ParsedComposeFile } from './yaml-file.js'

export interface Where {
  file: string
  line?: number
}

/** The merged services of a project, and where each one's image is written. */
export interface Model {
  name?: unknown
  services: Record<string, unknown>
  where: Map<string, Where>
  /** The project folder each included service's relative paths are read from. */
  dirs: Map<string, string>
  /** The merged top-level keys but `services`, `include` and `name` (networks, volumes, configs, …). */
  top: Record<string, unknown>
}

/**
 * Reads and merges compose files in compose-go's order: each YAML document
 * of each file in turn has its `include:` imported, then its `extends:`
 * resolved, and only then merges over what came before. So an override file
 * can change a service that came in through `include:`, and `extends:` sees
 * the services of its own file only.
 */
export class ModelLoader {
  private readonly parsed = new Map<string, Promise<ParsedComposeFile[]>>()
  /** Whether any file read had `!reset` or `!override` (else there is nothing to strip). */
  private markers = false

  constructor(
    private readonly source: ComposeFileSource,
    /** Host paths made absolute as each file is read, and where each was written. */
    private readonly hostPaths: HostPaths
  ) {}

  /**
   * The files of one project (or included project), in merge order;
   * `workingDir` is its folder, which relative `extends.file` paths are read
   * from; `chain` the files including this one, to refuse include cycles.
   */
  async load(
    files: string[],
    lookup: Lookup,
    workingDir: string,
    chain: string[] = []
  ): Promise<Model> {
    let merged: Record<string, unknown> = {}
    let includedTop: Record<string, unknown> = {}
    const where = new Map<string, Where>()
    const dirs = new Map<string, string>()
    for (const file of files) {
      if (chain.includes(file))
        throw new UserError(`${file}: include cycle: ${[...chain, file].join(' → ')}`)
      for (const doc of await this.parse(file)) {
        const data = interpolateTree(doc.data, lookup, file) as Record<string, unknown>
        absolutizeHostPaths(data, workingDir, file, doc.lineOf, this.hostPaths)
        const services = { ...asMap(data.services, file, 'services') }
        for (const name of Object.keys(services)) {
          const svc = services[name]
          const hasImage = typeof svc === 'object' && svc !== null && 'image' in svc
          const lines = doc.serviceLines.get(name)
          const line = hasImage ? (lines?.image ?? lines?.service) : lines?.service
          if (hasImage || !where.has(name)) where.set(name, { file, ...(line && { line }) })
        }
        const included = await this.loadIncludes(data.include, file, lookup, [...chain, file])
        includedTop = mergeComposeTrees(includedTop, included.top)
        for (const [name, svc] of Object.entries(included.services)) {
          if (name in services) {
            const dir = included.dirs.get(name) ?? workingDir
            if (sameDefinition(services[name], workingDir, svc, dir)) continue
            throw new UserError(
              `${file}: service "${name}" is defined both here and in an included file, differently`,
              {
                hint: 'Compose refuses such conflicts; rename one, or change it with a -f override file'
              }
            )
          }
          services[name] = svc
          where.set(name, included.where.get(name) ?? { file })
          dirs.set(name, included.dirs.get(name) ?? workingDir)
        }
        data.services = await resolveExtends({ file, services, baseDir: workingDir }, (p) =>
          this.servicesOf(p, lookup)
        )
        delete data.include
        merged = mergeComposeTrees(merged, data)
      }
    }
    const all = asMap(merged.services, files[0] ?? '', 'services')
    const services = this.markers ? (stripMarkers(all) as Record<string, unknown>) : all
    for (const name of Object.keys(services)) if (!dirs.has(name)) dirs.set(name, workingDir)
    const { services: _s, name: _n, ...own } = merged
    // an included project's networks, volumes, configs and secrets join the parent's
    const top = mergeComposeTrees(includedTop, own)
    return {
      name: merged.name,
      services,
      where,
      dirs,
      top: this.markers ? (stripMarkers(top) as Record<string, unknown>) : top
    }
  }

  private parse(file: string): Promise<ParsedComposeFile[]> {
    let p = this.parsed.get(file)
    if (!p) {
      p = this.source.read(file).then((text) => {
        if (text === undefined)
          throw new UserError(`compose file not found: ${file}`, {
            hint: 'check the compose-file input / -f paths (relative to the working directory), include: and extends.file paths; leave compose-file empty to use compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml'
          })
        const docs = parseComposeYaml(file, text)
        if (docs.some((d) => d.hasMarkers)) this.markers = true
        return docs
      })
      this.parsed.set(file, p)
    }
    return p
  }

  /** The services of a file reached through `extends.file` (its documents merged). */
  private async servicesOf(file: string, lookup: Lookup): Promise<Record<string, unknown>> {
    let merged: Record<string, unknown> = {}
    for (const doc of await this.parse(file)) {
      const data = interpolateTree(doc.data, lookup, file) as Record<string, unknown>
      absolutizeHostPaths(data, dirname(file), file, doc.lineOf, this.hostPaths)
      merged = mergeComposeTrees(merged, data)
    }
    return asMap(merged.services, file, 'services')
  }

  private async loadIncludes(
    include: unknown,
    file: string,
    parentLookup: Lookup,
    chain: string[]
  ): Promise<Model> {
    const out: Model = { services: {}, where: new Map(), dirs: new Map(), top: {} }
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
        includeEnv = await readEnvironment(this.source, resolve(dirname(file), envFile), includeEnv)
      // The parent's environment wins over the included project's env files.
      const lookup = (n: string) => parentLookup(n) ?? includeEnv[n]
      const model = await this.load(paths, lookup, dir, chain)
      out.top = mergeComposeTrees(out.top, model.top)
      for (const [name, svc] of Object.entries(model.services)) {
        if (name in out.services) {
          // The same file reached twice (or two identical definitions) is no conflict.
          const svcDir = model.dirs.get(name) ?? dir
          if (sameDefinition(out.services[name], out.dirs.get(name) ?? dir, svc, svcDir)) continue
          throw new UserError(
            `${file}: service "${name}" is defined by two included files, differently`,
            { hint: 'Compose refuses such conflicts; rename one of them' }
          )
        }
        out.services[name] = svc
        out.where.set(name, model.where.get(name) ?? { file: paths[0] as string })
        out.dirs.set(name, model.dirs.get(name) ?? dir)
      }
    }
    return out
  }
}

/**
 * compose-go accepts a service imported twice when both definitions are
 * equal with their relative paths resolved: equal text read from two folders
 * is a conflict when it holds a relative path (a build context, an env_file,
 * a bind mount), which would name two different things.
 */
function sameDefinition(a: unknown, aDir: string, b: unknown, bDir: string): boolean {
  const x = stripMarkers(a)
  if (!isDeepStrictEqual(x, stripMarkers(b))) return false
  return aDir === bDir || !hasRelativePath(x)
}

function hasRelativePath(svc: unknown): boolean {
  if (typeof svc !== 'object' || svc === null) return false
  const s = svc as Record<string, unknown>
  const relative = (p: unknown) =>
    typeof p === 'string' && !isAbsolute(p) && !/^[a-z]+:\/\//.test(p)
  const build =
    typeof s.build === 'object' && s.build !== null
      ? ((s.build as Record<string, unknown>).context ?? '.')
      : s.build
  const envFiles = Array.isArray(s.env_file) ? s.env_file : [s.env_file]
  const volumes = Array.isArray(s.volumes) ? s.volumes : []
  return (
    (s.build !== undefined && relative(build)) ||
    envFiles.some((e) =>
      relative(typeof e === 'object' && e !== null ? (e as Record<string, unknown>).path : e)
    ) ||
    volumes.some((v) => {
      const source =
        typeof v === 'string' ? v.split(':')[0] : (v as Record<string, unknown> | null)?.source
      return typeof source === 'string' && (source.startsWith('.') || source.startsWith('~'))
    })
  )
}
