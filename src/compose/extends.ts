import { dirname, resolve } from 'node:path'
import { UserError } from '../util/errors.js'
import { mergeComposeTrees, stripMarkers } from './merge.js'

/** A loaded set of services, with the file each `extends:` was written in. */
export interface ServiceSet {
  services: Record<string, unknown>
  extendsDeclaredIn: Map<string, string>
}

/**
 * Resolves `extends:` (compose-spec "extends"): the service starts from the
 * named one, in this project or in `file` (relative to the file that says
 * `extends`), and its own fields merge over it with the override rules.
 */
export async function resolveExtends(
  set: ServiceSet,
  loadFile: (path: string) => Promise<ServiceSet>
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  const resolveOne = async (name: string, stack: string[]): Promise<unknown> => {
    const svc = set.services[name]
    if (!isMap(svc) || svc.extends === undefined) return svc
    const declaredIn = set.extendsDeclaredIn.get(name) ?? ''
    const ext = typeof svc.extends === 'string' ? { service: svc.extends } : svc.extends
    if (!isMap(ext) || typeof ext.service !== 'string')
      throw new UserError(`${declaredIn}: services.${name}.extends needs a service name`)
    let base: unknown
    const path = typeof ext.file === 'string' ? resolve(dirname(declaredIn), ext.file) : undefined
    // `file:` naming the file that says `extends` is the same as leaving it out.
    if (path !== undefined && path !== declaredIn) {
      const other = await loadFile(path)
      base = other.services[ext.service]
      if (base === undefined)
        throw new UserError(
          `${declaredIn}: service "${name}" extends "${ext.service}", which ${path} does not define`
        )
    } else {
      const key = ext.service
      if (stack.includes(key))
        throw new UserError(`${declaredIn}: extends cycle: ${[...stack, key].join(' → ')}`)
      if (!(key in set.services))
        throw new UserError(
          `${declaredIn}: service "${name}" extends "${key}", which is not defined`
        )
      base = await resolveOne(key, [...stack, key])
    }
    const own = { ...svc }
    delete own.extends
    const merged = mergeComposeTrees(
      { services: { [name]: stripMarkers(base ?? {}) } },
      { services: { [name]: own } }
    ).services as Record<string, unknown>
    return merged[name]
  }
  for (const name of Object.keys(set.services)) out[name] = await resolveOne(name, [name])
  return out
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
