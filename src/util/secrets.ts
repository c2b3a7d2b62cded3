import type { Logger } from './log.js'

/** Every credential this process sent anywhere: the fronts scrub what they print with it. */
const sentThisProcess = new Set<string>()

/** Short values would blank out ordinary words; real credentials are long. */
const MIN_SECRET_LENGTH = 4

function scrub(text: string, values: Iterable<string>): string {
  let out = text
  for (const v of values) if (v.length >= MIN_SECRET_LENGTH) out = out.split(v).join('***')
  return out
}

/** `text` with every credential this process has sent replaced by `***`. */
export function redactSent(text: string): string {
  return scrub(text, sentThisProcess)
}

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
    sentThisProcess.add(secret)
    this.maskSecret(secret)
  }

  /**
   * The value of an Authorization header we send, in every form a server or
   * proxy could echo it: the whole value, its token, and for Basic the
   * decoded `user:password` and the password alone.
   */
  addAuthorization(value: string | undefined): void {
    if (!value) return
    const m = /^(\S+)\s+(\S+)$/.exec(value.trim())
    if (!m) return this.add(value)
    this.add(value)
    this.add(m[2])
    if (m[1]!.toLowerCase() === 'basic') {
      const pair = Buffer.from(m[2]!, 'base64').toString('utf8')
      this.add(pair)
      const colon = pair.indexOf(':')
      if (colon >= 0) this.add(pair.slice(colon + 1))
    }
  }

  redact(text: string): string {
    return scrub(text, this.values)
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
