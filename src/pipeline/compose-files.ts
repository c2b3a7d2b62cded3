import { isAbsolute, relative } from 'node:path'
import { findComposeFiles } from '../compose/index.js'
import type { Logger } from '../util/log.js'
import type { BuildOptions } from './options.js'

/**
 * The options with their compose files named: when the front names none, the
 * files `docker compose` itself would read in the project folder
 * (COMPOSE_FILE, else compose.yaml … docker-compose.yml and its override), so
 * every stage after the plan (the payload's file list, the previous release's
 * files at a Git ref) sees the same list.
 */
export async function withComposeFiles(options: BuildOptions, log: Logger): Promise<BuildOptions> {
  if (options.composeFiles.length > 0) return options
  const found = await findComposeFiles(options.projectDirectory, options.composeEnv)
  const composeFiles = found.map((f) => {
    const rel = relative(options.projectDirectory, f)
    return rel.startsWith('..') || isAbsolute(rel) ? f : rel
  })
  log.info(`Compose file(s): ${composeFiles.join(', ')}`)
  return { ...options, composeFiles }
}
