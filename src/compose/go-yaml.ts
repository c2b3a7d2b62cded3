import { Document, visit, type ScalarTag } from 'yaml'

/**
 * Plain (unquoted) scalars as Compose reads them. Compose parses with
 * go-yaml v3, which keeps parts of YAML 1.1 that the YAML 1.2 core schema
 * dropped: a leading 0 makes an integer octal (`mode: 0440` is 288), `_`
 * separates digits (`1_000`), `0b` is binary, a sign may precede `0x`/`0o`,
 * and a date or date-time is a timestamp, which Compose turns into Go's
 * text for a time (`2001-12-14 00:00:00 +0000 UTC`) where a string is
 * wanted. Booleans (`true`, `True`, `TRUE`, …), nulls and `.inf`/`.nan` are
 * the same as in the core schema; `yes`/`on` stay strings.
 */
type GoPlain =
  | { kind: 'int' | 'float'; value: number | string }
  | { kind: 'timestamp'; value: string }
  | { kind: 'string'; value: string }

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/
const INT64_MAX = 2n ** 63n - 1n
const UINT64_MAX = 2n ** 64n - 1n
const SPECIAL: Record<string, number> = {
  '.nan': NaN,
  '.NaN': NaN,
  '.NAN': NaN,
  ...Object.fromEntries(
    ['.inf', '.Inf', '.INF'].flatMap((s) => [
      [s, Infinity],
      [`+${s}`, Infinity],
      [`-${s}`, -Infinity]
    ])
  )
}

/** What go-yaml v3 makes of a plain scalar that starts like a number (`[-+.0-9]`). */
function goPlain(text: string): GoPlain {
  const special = SPECIAL[text]
  if (special !== undefined) return { kind: 'float', value: special }
  if (text.startsWith('.')) {
    const f = Number(text)
    return YAML_FLOAT.test(text) && Number.isFinite(f)
      ? { kind: 'float', value: f }
      : { kind: 'string', value: text }
  }
  if (/^[0-9]{4}-/.test(text)) {
    const time = goTimestamp(text)
    if (time !== undefined) return { kind: 'timestamp', value: time }
  }
  const plain = text.replace(/_/g, '')
  const int = goInt(plain)
  if (int !== undefined) return { kind: 'int', value: int }
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain)
    if (Number.isFinite(f)) return { kind: 'float', value: f }
  }
  return { kind: 'string', value: text }
}

/**
 * strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64): the value, or its
 * decimal text where a JavaScript number would round it.
 */
function goInt(s: string): number | string | undefined {
  const m = GO_INT.exec(s)
  if (!m) return undefined
  const [, sign, hex, oct, bin, zeroOct, dec] = m
  const [digits, radix] =
    hex !== undefined
      ? [hex, 16]
      : oct !== undefined
        ? [oct, 8]
        : bin !== undefined
          ? [bin, 2]
          : zeroOct !== undefined
            ? [zeroOct || '0', 8]
            : [dec as string, 10]
  // fewer than 53 bits: a plain number (most integers in compose files)
  if (digits.length * Math.log2(radix) < 53) {
    const n = parseInt(digits, radix)
    return sign === '-' ? -n : n
  }
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : ''
  const magnitude = BigInt(`${prefix}${digits}`)
  const value = sign === '-' ? -magnitude : magnitude
  if (sign === '-' ? -value > INT64_MAX + 1n : value > (sign ? INT64_MAX : UINT64_MAX))
    return undefined
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString()
}

const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]+))?(Z|[-+][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]+))?))?$/

/**
 * The layouts go-yaml v3 tries (`2006-1-2T15:4:5.999999999Z07:00`, the same
 * with `t`, `2006-1-2 15:4:5.999999999`, `2006-1-2`) and Go's time.String()
 * of the result; undefined when time.Parse refuses it (then it is a string).
 * An offset other than zero is written as Go writes a fixed zone it made up;
 * a device whose local zone has that offset names the zone instead.
 */
function goTimestamp(text: string): string | undefined {
  const m = TIMESTAMP.exec(text)
  if (!m) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4] ?? m[9] ?? 0)
  const minute = Number(m[5] ?? m[10] ?? 0)
  const second = Number(m[6] ?? m[11] ?? 0)
  const fraction = (m[7] ?? m[12] ?? '').slice(0, 9).replace(/0+$/, '')
  const zone = m[8]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  let offset = '+0000 UTC'
  if (zone && zone !== 'Z') {
    const [h, mm] = zone.slice(1).split(':').map(Number) as [number, number]
    if (h > 24 || mm > 60) return undefined
    const o = `${zone[0]}${zone.slice(1, 3)}${zone.slice(4, 6)}`
    offset = h === 0 && mm === 0 ? '+0000 UTC' : `${o} ${o}`
  }
  const two = (n: number) => String(n).padStart(2, '0')
  return `${m[1]}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second)}${fraction ? `.${fraction}` : ''} ${offset}`
}

/**
 * The YAML library's plain-scalar tag for what go-yaml reads differently:
 * first in the list, so it sees every plain scalar that starts like a
 * number; what go-yaml keeps a string stays one.
 */
export const goNumberTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: /^[-+.0-9][-+.,:_ 0-9A-Za-z]*$/,
  identify: () => false,
  resolve: (text: string) => goPlain(text).value
}

const GO_NON_STRINGS = new Set([
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  '<<',
  ...Object.keys(SPECIAL)
])

/** Whether go-yaml reads `text`, written plain, as something other than that string. */
function goReadsAsNonString(text: string): boolean {
  if (GO_NON_STRINGS.has(text)) return true
  return /^[-+.0-9]/.test(text) && goPlain(text).kind !== 'string'
}

/**
 * A compose model as YAML that Compose reads back as the same model: numbers
 * in decimal (as `docker compose config` writes them), and every string that
 * go-yaml would read as a number, a timestamp, a boolean or null quoted.
 */
export function stringifyComposeYaml(model: unknown): string {
  const doc = new Document(model, { aliasDuplicateObjects: false })
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && goReadsAsNonString(node.value))
        node.type = 'QUOTE_DOUBLE'
    }
  })
  return doc.toString({ lineWidth: 0 })
}
