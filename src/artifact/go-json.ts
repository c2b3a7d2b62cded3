/**
 * JSON as Go's `json.Marshal` writes a `map[string]interface{}`: keys sorted
 * at every level, compact, and `<`, `>`, `&`, U+2028, U+2029 escaped. This is
 * how mender-artifact re-serialises `-m` meta-data, so our bytes match its.
 */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return goString(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot encode ${value} as JSON`)
    // Go's float64 encoding switches to exponent form at the same thresholds
    // as JavaScript (1e21 and 1e-6) and writes the exponent without padding.
    return JSON.stringify(value)
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).sort(compareUtf8)
    const obj = value as Record<string, unknown>
    return `{${keys.map((k) => `${goString(k)}:${goJson(obj[k])}`).join(',')}}`
  }
  throw new TypeError(`cannot encode a ${typeof value} as JSON`)
}

/** Go sorts map keys by their UTF-8 bytes, not by UTF-16 code units. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/**
 * A struct-like value (key order as given) with Go's HTML-safe escaping; used
 * for header-info and type-info, whose key order comes from Go struct fields.
 */
export function goStructJson(value: unknown): string {
  return goEscape(JSON.stringify(value))
}

function goString(s: string): string {
  return goEscape(JSON.stringify(s))
}

// These characters only ever appear inside string literals of JSON text, so a
// replacement over the whole text is safe.
function goEscape(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}
