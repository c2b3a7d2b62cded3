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

/** `services.<name>.configs|secrets.<n>.mode`: the one cast of Compose's the loader needs. */
function isMountMode(path: PathLink): boolean {
  const kind = path.up?.up
  return (
    path.key === 'mode' &&
    (kind?.key === 'configs' || kind?.key === 'secrets') &&
    kind.up?.up?.key === 'services' &&
    kind.up.up.up === undefined
  )
}

/**
 * A string mode (quoted, or interpolated) as Compose casts it: decimal
 * (strconv.Atoi), so `"0440"` is 440; only a plain number can be octal.
 */
function castMode(v: string, path: PathLink, file: string): number {
  if (/^[-+]?[0-9]+$/.test(v)) return Number(v)
  throw new UserError(`${file}: ${pathOf(path)}: "${v}" is not a decimal number`, {
    hint: 'write the mode as a plain number: 0440 (a leading 0 is octal) or 288; Compose reads a quoted or interpolated mode as decimal'
  })
}

/**
 * Interpolates every string value of a parsed compose file (keys are left
 * alone, as Compose does), naming the file and the field on error; a
 * config's or secret's mode given as a string is cast to a number there, as
 * Compose does.
 */
export function interpolateTree(tree: unknown, lookup: Lookup, file: string): unknown {
  const interpolateString = (v: string, path: PathLink | undefined): string => {
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
  const walk = (v: unknown, path: PathLink | undefined): unknown => {
    if (typeof v === 'string') {
      const text = interpolateString(v, path)
      return path && isMountMode(path) ? castMode(text, path, file) : text
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
