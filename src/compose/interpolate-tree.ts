import { UserError } from '../util/errors.js'
import { interpolate, InterpolationError, type Lookup } from './interpolate.js'

/**
 * Interpolates every string value of a parsed compose file (keys are left
 * alone, as Compose does), naming the file and the field on error.
 */
export function interpolateTree(tree: unknown, lookup: Lookup, file: string): unknown {
  const walk = (v: unknown, path: string[]): unknown => {
    if (typeof v === 'string') {
      try {
        return interpolate(v, lookup)
      } catch (err) {
        if (!(err instanceof InterpolationError)) throw err
        throw new UserError(`${file}: ${path.join('.')}: ${err.message}`, {
          hint: err.variable
            ? `set ${err.variable} in the environment or in the project's .env file`
            : 'write a literal "$" as "$$"'
        })
      }
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, String(i)]))
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, [...path, k])
      return out
    }
    return v
  }
  return walk(tree, [])
}
