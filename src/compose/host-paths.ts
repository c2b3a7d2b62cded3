import { isAbsolute, resolve } from 'node:path'

/** Where a host path was written: the compose file and line, for errors about it. */
export interface PathOrigin {
  file: string
  line?: number
  /** The field, e.g. `services.web.env_file`. */
  field: string
  /** The path as written. */
  written: string
}

/**
 * The host paths of a loaded project: files it reads (`env_file`,
 * `configs.*.file`, `secrets.*.file`) and the relative sources of bind
 * mounts, each made absolute against the folder Compose resolves it from,
 * keyed by that absolute path.
 */
export interface HostPaths {
  files: Map<string, PathOrigin>
  binds: Map<string, PathOrigin>
}

export function emptyHostPaths(): HostPaths {
  return { files: new Map(), binds: new Map() }
}

type LineOf = (path: (string | number)[]) => { line: number } | undefined

/**
 * Makes the host paths of one file's (interpolated) tree absolute, in place,
 * the way compose-go does before merging: relative to `baseDir`, which is
 * the project folder for `-f` files (however deep the override file sits),
 * the included project's folder for `include:`, and the extended file's
 * folder for `extends.file`. Merged afterwards, every path still names the
 * file it was written for.
 */
export function absolutizeHostPaths(
  data: Record<string, unknown>,
  baseDir: string,
  file: string,
  lineOf: LineOf,
  out: HostPaths
): void {
  const note = (map: Map<string, PathOrigin>, abs: string, at: (string | number)[], w: string) => {
    if (map.has(abs)) return
    const pos = lineOf(at)
    map.set(abs, { file, ...(pos && { line: pos.line }), field: at.join('.'), written: w })
  }
  const services = isMap(data.services) ? data.services : {}
  for (const [name, svc] of Object.entries(services)) {
    if (!isMap(svc)) continue
    const at = ['services', name]
    if (svc.env_file !== undefined) {
      const list = Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file]
      svc.env_file = list.map((entry: unknown, i) => {
        const where = Array.isArray(svc.env_file) ? [...at, 'env_file', i] : [...at, 'env_file']
        if (typeof entry === 'string') {
          const abs = resolve(baseDir, entry)
          note(out.files, abs, where, entry)
          return abs
        }
        if (isMap(entry) && typeof entry.path === 'string') {
          const abs = resolve(baseDir, entry.path)
          note(out.files, abs, where, entry.path)
          return { ...entry, path: abs }
        }
        return entry
      })
    }
    if (Array.isArray(svc.volumes))
      svc.volumes = svc.volumes.map((v: unknown, i) => {
        const where = [...at, 'volumes', i]
        if (typeof v === 'string') {
          const parts = v.split(':')
          const src = parts[0] ?? ''
          if (parts.length < 2 || !isRelativeHostPath(src)) return v
          const abs = resolve(baseDir, src)
          note(out.binds, abs, where, src)
          return [abs, ...parts.slice(1)].join(':')
        }
        if (isMap(v) && v.type === 'bind' && typeof v.source === 'string') {
          if (!isRelativeHostPath(v.source)) return v
          const abs = resolve(baseDir, v.source)
          note(out.binds, abs, where, v.source)
          return { ...v, source: abs }
        }
        return v
      })
  }
  for (const kind of ['configs', 'secrets'] as const) {
    const defs = isMap(data[kind]) ? data[kind] : {}
    for (const [name, def] of Object.entries(defs)) {
      if (!isMap(def) || typeof def.file !== 'string') continue
      const abs = resolve(baseDir, def.file)
      note(out.files, abs, [kind, name, 'file'], def.file)
      def.file = abs
    }
  }
}

/** A bind-mount source Compose reads as a path relative to the project (`.`, `./x`, `../x`). */
function isRelativeHostPath(p: string): boolean {
  return !isAbsolute(p) && (p === '.' || p === '..' || p.startsWith('./') || p.startsWith('../'))
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
