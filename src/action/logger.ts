import * as core from '@actions/core'
import type { Logger, SourceLocation } from '../util/log.js'
import type { LogLevel } from '../pipeline/options.js'

/** The domain Logger on top of workflow commands: warnings become annotations, phases become groups. */
export function actionLogger(level: LogLevel = 'info'): Logger {
  return {
    debug: (m) => (level === 'debug' ? core.info(m) : core.debug(m)),
    info: (m) => {
      if (level !== 'warn') core.info(m)
    },
    warn: (m, where?: SourceLocation) =>
      core.warning(
        m,
        where
          ? {
              file: where.file,
              startLine: where.line,
              startColumn: where.column,
              title: where.title
            }
          : undefined
      ),
    group: (title, fn) => core.group(title, fn)
  }
}
