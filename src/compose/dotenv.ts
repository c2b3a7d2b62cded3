import { interpolate, type Lookup } from './interpolate.js'

/**
 * Parses a `.env` file the way Compose does (compose-go dotenv): `KEY=VALUE`
 * lines, optional `export `, `#` comments, single quotes literal, double
 * quotes with escapes, unquoted values trimmed and cut at ` #`. Values may
 * refer to earlier keys and to the environment (`${VAR}`), except inside
 * single quotes.
 */
export function parseDotEnv(
  text: string,
  environment: Lookup = () => undefined
): Map<string, string> {
  const vars = new Map<string, string>()
  const lookup: Lookup = (n) => vars.get(n) ?? environment(n)
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim()
    if (line === '' || line.startsWith('#')) continue
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=)?\s*(.*)$/.exec(line)
    if (!m) throw new Error(`line ${i + 1}: cannot parse "${line}"`)
    const [, key = '', eq, raw = ''] = m
    if (!eq) continue // a bare name is read from the environment by Compose; nothing to define here
    let value: string
    if (raw.startsWith("'")) {
      const { text: v, next } = quoted(lines, i, raw, "'")
      value = v
      i = next
    } else if (raw.startsWith('"')) {
      const { text: v, next } = quoted(lines, i, raw, '"')
      value = interpolate(unescape(v), lookup)
      i = next
    } else {
      value = interpolate(raw.replace(/\s+#.*$/, '').trim(), lookup)
    }
    vars.set(key, value)
  }
  return vars
}

/** A quoted value, possibly over several lines; returns the text and the last line used. */
function quoted(lines: string[], at: number, first: string, q: string) {
  let body = first.slice(1)
  let i = at
  for (;;) {
    const end = closingQuote(body, q)
    if (end >= 0) return { text: body.slice(0, end), next: i }
    if (++i >= lines.length) throw new Error(`line ${at + 1}: unterminated ${q} quote`)
    body += `\n${lines[i]}`
  }
}

function closingQuote(s: string, q: string): number {
  for (let j = 0; j < s.length; j++) {
    if (q === '"' && s[j] === '\\') j++
    else if (s[j] === q) return j
  }
  return -1
}

function unescape(s: string): string {
  return s.replace(/\\([nrt"\\])/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c
  )
}
