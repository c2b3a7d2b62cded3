import { dirname, join, resolve } from 'node:path'
import { UserError } from '../util/errors.js'
import { parseDotEnv } from './dotenv.js'
import type { ComposeFileSource } from './source.js'

/** Where a project's files and variables come from when the command line does not say. */
export const DEFAULT_FILES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml'
]
const OVERRIDE_FILES = [
  'compose.override.yaml',
  'compose.override.yml',
  'docker-compose.override.yaml',
  'docker-compose.override.yml'
]

export async function readEnvironment(
  source: ComposeFileSource,
  path: string,
  winning: Record<string, string | undefined>
): Promise<Record<string, string>> {
  const text = await source.read(path)
  let fromFile = new Map<string, string>()
  if (text !== undefined) {
    try {
      fromFile = parseDotEnv(text, (n) => winning[n])
    } catch (err) {
      throw new UserError(`${path}: ${(err as Error).message}`)
    }
  }
  const env: Record<string, string> = Object.fromEntries(fromFile)
  for (const [k, v] of Object.entries(winning)) if (v !== undefined) env[k] = v
  return env
}

/** COMPOSE_FILE (from the environment or the first .env), relative to the working directory. */
export function composeFileEnv(env: Record<string, string>, cwd: string): string[] | undefined {
  if (!env.COMPOSE_FILE) return undefined
  const sep = env.COMPOSE_PATH_SEPARATOR ?? ':'
  return env.COMPOSE_FILE.split(sep)
    .filter(Boolean)
    .map((f) => resolve(cwd, f))
}

/**
 * The default compose file (and its override) of the nearest folder holding
 * one, from `start` upward, as `docker compose` searches without -f.
 */
export async function searchDefaultFiles(
  source: ComposeFileSource,
  start: string
): Promise<{ dir: string; files: string[] } | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const first = await firstExisting(source, dir, DEFAULT_FILES)
    if (first) {
      const override = await firstExisting(source, dir, OVERRIDE_FILES)
      return { dir, files: override ? [first, override] : [first] }
    }
    if (dirname(dir) === dir) return undefined
  }
}

async function firstExisting(source: ComposeFileSource, dir: string, names: string[]) {
  for (const n of names) if ((await source.read(join(dir, n))) !== undefined) return join(dir, n)
  return undefined
}

export function activeProfiles(
  given: string[] | undefined,
  env: Record<string, string>
): Set<string> {
  const list = given ?? (env.COMPOSE_PROFILES ?? '').split(',')
  return new Set(list.map((p) => p.trim()).filter(Boolean))
}
