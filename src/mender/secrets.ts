import type { Logger } from '../util/log.js'

/**
 * Credentials known to this run. Each is handed to `maskSecret` (the action
 * passes core.setSecret so the runner masks it in every log line) and also
 * scrubbed from anything this module logs or throws, for fronts that mask nothing.
 */
export class Secrets {
  private readonly values = new Set<string>()
  constructor(private readonly maskSecret: (secret: string) => void = () => {}) {}

  add(secret: string | undefined): void {
    if (!secret || this.values.has(secret)) return
    this.values.add(secret)
    this.maskSecret(secret)
  }

  redact(text: string): string {
    let out = text
    for (const v of this.values) {
      // Short values would blank out ordinary words; real credentials are long.
      if (v.length >= 4) out = out.split(v).join('***')
    }
    return out
  }

  /** A logger that never prints a known credential. */
  logger(inner: Logger): Logger {
    return {
      debug: (m) => inner.debug(this.redact(m)),
      info: (m) => inner.info(this.redact(m)),
      warn: (m, where) => inner.warn(this.redact(m), where),
      ...(inner.group ? { group: inner.group.bind(inner) } : {})
    }
  }
}
