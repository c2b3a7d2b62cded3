/**
 * An error the user can act on: the message names what is at fault (an input,
 * a file and line, a service) and `hint` says what to do. Fronts print these
 * as one line; anything else is a bug and gets a stack with --verbose.
 */
export class UserError extends Error {
  readonly hint: string | undefined
  /** The CLI's exit code when not the usual 1 (where a reference tool's users script on its codes). */
  readonly exitCode: number | undefined
  constructor(
    message: string,
    options: { hint?: string; cause?: unknown; exitCode?: number } = {}
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'UserError'
    this.hint = options.hint
    this.exitCode = options.exitCode
  }
}

/** Bad command line or input value: the CLI exits 2 for these. */
export class UsageError extends UserError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, options)
    this.name = 'UsageError'
  }
}

/** One line for humans: the message, then the hint if there is one. */
export function describeError(err: unknown): string {
  if (err instanceof UserError) return err.hint ? `${err.message} (${err.hint})` : err.message
  if (err instanceof Error) return err.message
  return String(err)
}
