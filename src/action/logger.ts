import * as core from '@actions/core'
import type { Logger, SourceLocation } from '../util/log.js'
import type { LogLevel } from '../pipeline/options.js'

/**
 * A log line with its line breaks escaped as @actions/core escapes a
 * command's value (`%0D`, `%0A`): a name or a server answer with a newline
 * cannot start a line of its own, so it cannot forge a workflow command
 * (`::error::`, `::add-mask::`) in the job log. `%` stays: plain log lines
 * are not unescaped by the runner.
 */
export function escapeLogLine(message: string): string {
  return message.replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** The domain Logger on top of workflow commands: warnings become annotations, phases become groups. */
export function actionLogger(level: LogLevel = 'info'): Logger {
  return {
    debug: (m) => (level === 'debug' ? core.info(escapeLogLine(m)) : core.debug(m)),
    info: (m) => {
      if (level !== 'warn') core.info(escapeLogLine(m))
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
