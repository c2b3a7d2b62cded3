/**
 * Compose variable interpolation (compose-spec "Interpolation"): `$VAR`,
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}` and `$$` for a literal `$`.
 * Defaults and alternatives may themselves hold substitutions
 * (`${A:-${B:-x}}`), as compose-go allows.
 */

export type Lookup = (name: string) => string | undefined

/** Thrown for `${VAR:?message}` / `${VAR?message}` and malformed syntax; the caller adds the file. */
export class InterpolationError extends Error {
  constructor(
    message: string,
    readonly variable?: string
  ) {
    super(message)
    this.name = 'InterpolationError'
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/

export function interpolate(text: string, lookup: Lookup): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c !== '$') {
      out += c
      i++
      continue
    }
    const next = text[i + 1]
    if (next === '$') {
      out += '$'
      i += 2
      continue
    }
    if (next === '{') {
      const end = matchingBrace(text, i + 1)
      out += substitute(text.slice(i + 2, end), lookup)
      i = end + 1
      continue
    }
    const name = NAME.exec(text.slice(i + 1))
    if (name) {
      out += lookup(name[0]) ?? ''
      i += 1 + name[0].length
      continue
    }
    // A lone `$` (end of string, or before a character that cannot start a name) stays as it is.
    out += '$'
    i++
  }
  return out
}

/** Index of the `}` closing the `{` at `open`, counting nested `${…}`. */
function matchingBrace(text: string, open: number): number {
  let depth = 0
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') depth++
    else if (text[j] === '}' && --depth === 0) return j
  }
  throw new InterpolationError(`unclosed "\${" in "${text}"`)
}

function substitute(body: string, lookup: Lookup): string {
  const name = NAME.exec(body)?.[0]
  if (!name) throw new InterpolationError(`invalid interpolation format "\${${body}}"`)
  const rest = body.slice(name.length)
  const value = lookup(name)
  if (rest === '') return value ?? ''
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0]
  if (!op) throw new InterpolationError(`invalid interpolation format "\${${body}}"`, name)
  const arg = () => interpolate(rest.slice(op.length), lookup)
  // The colon forms treat an empty value like an unset one.
  const set = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined
  switch (op) {
    case ':-':
    case '-':
      return set ? (value as string) : arg()
    case ':?':
    case '?':
      if (set) return value as string
      throw new InterpolationError(
        `required variable ${name} is missing a value${arg() ? `: ${arg()}` : ''}`,
        name
      )
    default:
      return set ? arg() : ''
  }
}
