import { UserError } from '../util/errors.js'
import { interpolate, InterpolationError, type Lookup } from './interpolate.js'

/** A field's path, built only when an error names it (a list per value costs on big files). */
interface PathLink {
  up: PathLink | undefined
  key: string
}

function pathOf(link: PathLink | undefined): string {
  const keys: string[] = []
  for (let l = link; l; l = l.up) keys.push(l.key)
  return keys.reverse().join('.')
}

/**
 * Interpolates every string value of a parsed compose file (keys are left
 * alone, as Compose does), naming the file and the field on error.
 */
export function interpolateTree(tree: unknown, lookup: Lookup, file: string): unknown {
  const walk = (v: unknown, path: PathLink | undefined): unknown => {
    if (typeof v === 'string') {
      if (!v.includes('$')) return v
      try {
        return interpolate(v, lookup)
      } catch (err) {
        if (!(err instanceof InterpolationError)) throw err
        throw new UserError(`${file}: ${pathOf(path)}: ${err.message}`, {
          hint: err.variable
            ? `set ${err.variable} in the environment or in the project's .env file`
            : 'write a literal "$" as "$$"'
        })
      }
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, { up: path, key: String(i) }))
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(v))
        out[k] = walk((v as Record<string, unknown>)[k], { up: path, key: k })
      return out
    }
    return v
  }
  return walk(tree, undefined)
}
