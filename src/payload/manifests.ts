import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { UserError } from '../util/errors.js'
import type { TarEntry } from './tar-write.js'

/**
 * The files the device needs to run the composition, relative to the project
 * folder: the compose files, `.env`, and the files they reference
 * (`env_file`, `configs.*.file`, `secrets.*.file`, `extends.file`). A file
 * outside the project folder would not exist on the device, so it is refused.
 */
export async function manifestFiles(options: {
  projectDirectory: string
  composeFiles: readonly string[]
}): Promise<string[]> {
  const root = resolve(options.projectDirectory)
  const found = new Set<string>()
  const add = async (file: string, from: string): Promise<string> => {
    const abs = resolve(root, file)
    const rel = relative(root, abs)
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel))
      throw new UserError(
        `${from} refers to ${file}, which is outside the project folder ${root}`,
        { hint: 'move the file into the project folder: only that folder is shipped to the device' }
      )
    const st = await stat(abs).catch(() => undefined)
    if (!st?.isFile())
      throw new UserError(`${from} refers to ${file}, which does not exist or is not a file`)
    found.add(rel.split(sep).join('/'))
    return abs
  }
  const queue: { file: string; from: string }[] = options.composeFiles.map((file) => ({
    file,
    from: 'the compose file list'
  }))
  const done = new Set<string>()
  while (queue.length > 0) {
    const { file, from } = queue.shift()!
    const abs = await add(file, from)
    if (done.has(abs)) continue
    done.add(abs)
    for (const ref of referencedFiles(await readFile(abs, 'utf8'), abs)) {
      const base = resolve(abs, '..')
      const target = relative(root, resolve(base, ref.path))
      if (ref.compose) queue.push({ file: target, from: `${abs} (${ref.where})` })
      else await add(target, `${abs} (${ref.where})`)
    }
  }
  const dotEnv = join(root, '.env')
  if (
    await stat(dotEnv).then(
      (s) => s.isFile(),
      () => false
    )
  )
    found.add('.env')
  return [...found].sort()
}

interface FileRef {
  path: string
  where: string
  compose: boolean
}

/**
 * The file references in a compose file, all its documents (Compose merges
 * them). The loader has already refused what Compose refuses (duplicate keys
 * among them), so the parser's own quadratic duplicate-key check is off.
 */
export function referencedFiles(text: string, file: string): FileRef[] {
  const docs = parseAllDocuments(text, { uniqueKeys: false })
  const all = Array.isArray(docs) ? docs : [docs]
  const refs: FileRef[] = []
  for (const doc of all) {
    const error = doc.errors[0]
    if (error) throw new UserError(`${file} is not valid YAML: ${error.message}`)
    refs.push(...documentRefs(doc.toJS({ maxAliasCount: 10_000 })))
  }
  return refs
}

function documentRefs(doc: unknown): FileRef[] {
  const refs: FileRef[] = []
  const obj = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
  for (const [name, svc] of Object.entries(obj(obj(doc).services))) {
    const s = obj(svc)
    const envFiles = Array.isArray(s.env_file) ? s.env_file : s.env_file ? [s.env_file] : []
    for (const e of envFiles) {
      const path = typeof e === 'string' ? e : obj(e).path
      const required = typeof e === 'string' || obj(e).required !== false
      if (typeof path === 'string' && required)
        refs.push({ path, where: `services.${name}.env_file`, compose: false })
    }
    const ext = obj(s.extends).file
    if (typeof ext === 'string')
      refs.push({ path: ext, where: `services.${name}.extends`, compose: true })
  }
  for (const kind of ['configs', 'secrets'] as const)
    for (const [name, def] of Object.entries(obj(obj(doc)[kind]))) {
      const path = obj(def).file
      if (typeof path === 'string')
        refs.push({ path, where: `${kind}.${name}.file`, compose: false })
    }
  return refs
}

/** Tar members `manifests/…` for the files, with their folders first. */
export function manifestEntries(projectDirectory: string, files: readonly string[]): TarEntry[] {
  const dirs = new Set<string>(['manifests/'])
  for (const f of files) {
    const parts = f.split('/').slice(0, -1)
    for (let i = 1; i <= parts.length; i++) dirs.add(`manifests/${parts.slice(0, i).join('/')}/`)
  }
  return [
    ...[...dirs].sort().map((name): TarEntry => ({ name, type: 'directory' })),
    ...files.map((f): TarEntry => ({
      name: `manifests/${f}`,
      type: 'file',
      path: join(projectDirectory, f)
    }))
  ]
}
