import type { Logger } from '../util/log.js'
import { redactSent } from '../util/secrets.js'

/** What every subcommand gets from the front: where to write and how loud to be. */
export interface CliContext {
  log: Logger
  stdout: (text: string) => void
  verbose: () => boolean
}

export function stderrLogger(isVerbose: () => boolean, quiet = false): Logger {
  return {
    debug: (m) => {
      if (isVerbose()) process.stderr.write(redactSent(`${m}\n`))
    },
    info: (m) => {
      if (!quiet) process.stderr.write(redactSent(`${m}\n`))
    },
    warn: (m, where) => {
      const at = where?.file ? `${where.file}${where.line ? `:${where.line}` : ''}: ` : ''
      process.stderr.write(redactSent(`warning: ${at}${m}\n`))
    },
    group: async (title, fn) => {
      if (!quiet) process.stderr.write(`== ${title}\n`)
      return fn()
    }
  }
}
