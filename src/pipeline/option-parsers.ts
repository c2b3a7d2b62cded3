import { UsageError } from '../util/errors.js'
import { OPTION_TABLE, type BuildTarget, type DeployOptions, type OptionKey } from './options.js'
import { canonicalPlatform } from '../oci/platform.js'
import { rolloutFieldsGiven, type Rollout, type RolloutFields } from './rollout.js'

/**
 * Pure parsers shared by both fronts. `field` names what is at fault the way
 * the user wrote it: `Input 'device-types'` for the action, `Option
 * '--device-type'` for the CLI, so every error says where to look and what is
 * accepted.
 */

export function parseBoolean(field: string, raw: string): boolean {
  const v = raw.trim()
  // The YAML 1.2 core schema booleans, as core.getBooleanInput accepts them.
  if (/^(true|True|TRUE)$/.test(v)) return true
  if (/^(false|False|FALSE)$/.test(v)) return false
  throw new UsageError(`${field} must be true or false, got '${v}'`)
}

export function parseChoice<T extends string>(
  field: string,
  raw: string,
  choices: readonly T[]
): T {
  const v = raw.trim()
  if ((choices as readonly string[]).includes(v)) return v as T
  throw new UsageError(`${field} must be one of ${choices.join(', ')}, got '${v}'`)
}

type Table = typeof OPTION_TABLE
/** The options whose accepted values the table lists. */
export type ChoiceKey = {
  [K in OptionKey]: Table[K] extends { values: readonly string[] } ? K : never
}[OptionKey]
export type ChoiceOf<K extends ChoiceKey> = Table[K] extends { values: readonly (infer V)[] }
  ? V
  : never

/** One of the values the option table accepts for `key`. */
export function parseOptionChoice<K extends ChoiceKey>(
  key: K,
  field: string,
  raw: string
): ChoiceOf<K> {
  const values: readonly string[] = OPTION_TABLE[key].values
  return parseChoice(field, raw, values) as ChoiceOf<K>
}

/** Lines or commas; blank entries and `#` comments dropped (docker/metadata-action style). */
export function splitList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.replace(/#.*$/, '').trim())
    .filter((s) => s.length > 0)
}

/** One entry a line, for values that may themselves hold commas. */
export function splitLines(raw: string): string[] {
  return raw
    .split('\n')
    .map((s) => s.replace(/(^|\s)#.*$/, '').trim())
    .filter((s) => s.length > 0)
}

/**
 * `key: value` or `key=value` entries. The separator is whichever of `=` and
 * `: ` comes first, so `web=docker-daemon:web:dev` and `pi4: linux/arm64`
 * both read as meant.
 */
export function parseKeyValues(
  field: string,
  entries: string[],
  what = 'key: value'
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of entries) {
    const m = /^([^=:\s]+)\s*(?:=|:(?=\s|$))\s*(.*)$/.exec(entry)
    if (!m || !m[2])
      throw new UsageError(`${field} has '${entry}', which is not of the form '${what}'`)
    const [, key, value] = m as unknown as [string, string, string]
    if (key in out) throw new UsageError(`${field} names '${key}' twice`)
    out[key] = value.trim()
  }
  return out
}

/** A platform input or flag, normalised (see canonicalPlatform): two spellings build one artifact. */
export function parsePlatform(field: string, raw: string): string {
  return canonicalPlatform(raw, field)
}

/** `device-type: platform` per line (or `=`), each platform normalised. */
export function parseDevicePlatforms(field: string, raw: string): Record<string, string> {
  const map = parseKeyValues(field, splitList(raw), 'device-type: os/arch[/variant]')
  for (const key of Object.keys(map)) map[key] = parsePlatform(field, map[key]!)
  return map
}

/**
 * Groups device types by platform: one artifact per distinct platform, in the
 * order the device types were given.
 */
export function buildTargets(
  deviceTypes: string[],
  defaultPlatform: string,
  devicePlatforms: Record<string, string>,
  fields: { deviceTypes: string; devicePlatforms: string }
): BuildTarget[] {
  if (deviceTypes.length === 0)
    throw new UsageError(`${fields.deviceTypes} names no device type`, {
      hint: 'give the device types of your fleet, e.g. raspberrypi4'
    })
  const unknown = Object.keys(devicePlatforms).filter((d) => !deviceTypes.includes(d))
  if (unknown.length > 0)
    throw new UsageError(
      `${fields.devicePlatforms} names ${unknown.map((d) => `'${d}'`).join(', ')}, which ${fields.deviceTypes} does not list`
    )
  const byPlatform = new Map<string, string[]>()
  for (const dt of new Set(deviceTypes)) {
    const platform = devicePlatforms[dt] ?? defaultPlatform
    byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), dt])
  }
  return [...byPlatform].map(([platform, types]) => ({ platform, deviceTypes: types }))
}

/** Image source transports the image resolver (src/oci) accepts; anything else is a registry reference. */
export const IMAGE_SOURCE_SCHEMES = [
  'docker://',
  'oci:',
  'oci-archive:',
  'docker-archive:',
  'docker-daemon:'
] as const

export function parseServiceImages(field: string, raw: string): Record<string, string> {
  const map = parseKeyValues(field, splitList(raw), 'service=source')
  for (const [service, source] of Object.entries(map)) {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(service))
      throw new UsageError(`${field} has '${service}', which is not a compose service name`)
    // `web:dev` and `registry:5000/web` are references, so only a `scheme://`
    // other than docker:// is known to be wrong.
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(source)?.[1]
    if (scheme && scheme !== 'docker')
      throw new UsageError(
        `${field} gives service '${service}' the source '${source}' with an unknown transport '${scheme}://'`,
        { hint: `use one of ${IMAGE_SOURCE_SCHEMES.join(', ')} or a registry reference` }
      )
    if (/\s/.test(source))
      throw new UsageError(`${field} gives service '${service}' a source with spaces: '${source}'`)
  }
  return map
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  tib: 1024 ** 4
}

/** `2GiB`, `500MB`, `1.5G`, or plain bytes; `0` means no limit (returns 0). */
export function parseByteSize(field: string, raw: string): number {
  const v = raw.trim()
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v)
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined
  if (!m || unit === undefined)
    throw new UsageError(
      `${field} must be a size such as 2GiB, 500MiB, 800MB or plain bytes (0: no limit), got '${v}'`
    )
  return Math.floor(Number(m[1]) * unit)
}

/** `90s`, `30m`, `2h`, `1h30m`, or plain seconds. */
export function parseDuration(field: string, raw: string): number {
  const v = raw.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v)
  if (!v || !m || (!m[1] && !m[2] && !m[3]))
    throw new UsageError(`${field} must be a duration such as 90s, 30m, 2h or 1h30m, got '${v}'`)
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000
}

export function parseServerUrl(field: string, raw: string): string {
  const v = raw.trim()
  let url: URL
  try {
    url = new URL(v)
  } catch {
    throw new UsageError(
      `${field} must be an http(s) URL such as https://hosted.mender.io, got '${v}'`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`${field} must be an http(s) URL, got '${v}'`)
  if (url.username || url.password)
    throw new UsageError(`${field} must not hold credentials; use the token or password inputs`)
  return v.replace(/\/+$/, '')
}

/**
 * Mender artifact names travel in headers and URLs: no whitespace or control
 * characters, and the server caps them (deployments `name` is a string of at
 * most 256 characters in practice).
 */
export function parseArtifactName(field: string, raw: string): string {
  const v = raw.trim()
  if (!v) throw new UsageError(`${field} is empty`)
  if (/[\s\p{Cc}]/u.test(v) || v.length > 256)
    throw new UsageError(
      `${field} must be at most 256 characters without spaces or control characters, got ${JSON.stringify(v)}`
    )
  return v
}

/** Compose project names: lowercase letters, digits, `_` and `-`, starting with a letter or digit. */
export function toProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
}

export { defaultArtifactName } from '../release/artifact-name.js'

export function parseDeploy(
  values: {
    group: string
    devices: string[]
    all: boolean
    name: string
    wait: boolean
    waitTimeoutMs: number
    rollout?: Rollout
  },
  fields: {
    group: string
    devices: string
    all: string
    wait: string
    rollout?: RolloutFields
  }
): DeployOptions | undefined {
  const chosen = [
    values.group ? fields.group : '',
    values.devices.length > 0 ? fields.devices : '',
    values.all ? fields.all : ''
  ].filter(Boolean)
  if (chosen.length > 1)
    throw new UsageError(`${chosen.join(' and ')} are exclusive: give one deployment target`)
  if (chosen.length === 0) {
    const needing = [
      values.wait ? fields.wait : '',
      ...(values.rollout && fields.rollout
        ? rolloutFieldsGiven(values.rollout, fields.rollout)
        : [])
    ].filter(Boolean)
    if (needing.length > 0)
      throw new UsageError(
        `${needing.join(', ')} need${needing.length === 1 ? 's' : ''} a deployment target`,
        { hint: `set ${fields.group}, ${fields.devices} or ${fields.all}` }
      )
    return undefined
  }
  const target = values.group
    ? ({ kind: 'group', group: values.group } as const)
    : values.all
      ? ({ kind: 'all' } as const)
      : ({ kind: 'devices', devices: values.devices } as const)
  return {
    target,
    name: values.name,
    wait: values.wait,
    waitTimeoutMs: values.waitTimeoutMs,
    ...(values.rollout ? { rollout: values.rollout } : {})
  }
}
