import { dirname, resolve } from 'node:path'
import { UserError } from '../util/errors.js'
import { mergeComposeTrees, stripMarkers } from './merge.js'

/** The services written in one file (or one document of it), and how to reach other files. */
export interface ExtendsScope {
  file: string
  services: Record<string, unknown>
  /**
   * Folder a relative `extends.file` is read from: the project (or included
   * project) folder for the files the project is made of, the file's own
   * folder for a file that was itself reached through `extends.file`. This
   * is what `docker compose` does, whatever folder the file sits in.
   */
  baseDir: string
}

/** Reads the services of another file, for `extends.file`. */
export type LoadServices = (path: string) => Promise<Record<string, unknown>>

/**
 * Resolves `extends:` (compose-spec "extends") within one file: the service
 * starts from the named one, in the same file or in `file`, and its own fields
 * merge over it with the override rules. Compose does this file by file,
 * before the file merges over the earlier ones, so a service can only extend
 * what its own file (or `file:`) defines.
 */
export async function resolveExtends(
  scope: ExtendsScope,
  load: LoadServices
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const name of Object.keys(scope.services))
    out[name] = await resolveOne(scope, name, [`${scope.file}#${name}`], load)
  return out
}

async function resolveOne(
  scope: ExtendsScope,
  name: string,
  stack: string[],
  load: LoadServices
): Promise<unknown> {
  const svc = scope.services[name]
  if (!isMap(svc) || svc.extends === undefined) return svc
  const ext = typeof svc.extends === 'string' ? { service: svc.extends } : svc.extends
  if (!isMap(ext) || typeof ext.service !== 'string')
    throw new UserError(`${scope.file}: services.${name}.extends needs a service name`)
  let target = scope
  if (typeof ext.file === 'string') {
    const path = resolve(scope.baseDir, ext.file)
    if (path !== scope.file)
      target = { file: path, services: await load(path), baseDir: dirname(path) }
  }
  const key = `${target.file}#${ext.service}`
  if (stack.includes(key))
    throw new UserError(
      `${scope.file}: extends cycle: ${[...stack, key].map((k) => k.slice(k.lastIndexOf('#') + 1)).join(' → ')}`
    )
  if (!(ext.service in target.services))
    throw new UserError(
      target === scope
        ? `${scope.file}: service "${name}" extends "${ext.service}", which is not defined`
        : `${scope.file}: service "${name}" extends "${ext.service}", which ${target.file} does not define`,
      target === scope
        ? {
            hint: 'a service can extend only a service of its own file, or one named with extends.file'
          }
        : {}
    )
  const base = await resolveOne(target, ext.service, [...stack, key], load)
  const own = { ...svc }
  delete own.extends
  const merged = mergeComposeTrees(
    { services: { [name]: stripMarkers(base ?? {}) } },
    { services: { [name]: own } }
  ).services as Record<string, unknown>
  return merged[name]
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
