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
