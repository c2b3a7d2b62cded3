import { UserError } from '../util/errors.js'

/** Type checks for values read from compose files, naming the file and field at fault. */
export function asMap(v: unknown, file: string, field: string): Record<string, unknown> {
  if (v === undefined || v === null) return {}
  if (typeof v !== 'object' || Array.isArray(v))
    throw new UserError(`${file}: ${field} must be a mapping`)
  return v as Record<string, unknown>
}

export function stringList(v: unknown, file: string, field: string): string[] {
  if (v === undefined || v === null) return []
  if (typeof v === 'string') return [v]
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v
  throw new UserError(`${file}: ${field} must be a list of strings`)
}

export function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

/**
 * A boolean field as Compose casts it: `true`/`false` in any case, and the
 * YAML 1.1 words (`yes`/`on`/`y`, `no`/`off`/`n`) Compose still accepts with
 * a warning; undefined for anything else.
 */
export function composeBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v
  if (typeof v !== 'string') return undefined
  const word = v.toLowerCase()
  if (['true', 'y', 'yes', 'on'].includes(word)) return true
  if (['false', 'n', 'no', 'off'].includes(word)) return false
  return undefined
}
