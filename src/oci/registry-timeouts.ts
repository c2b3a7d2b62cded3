import { UsageError } from '../util/errors.js'
import { DEFAULT_REGISTRY_TIMEOUTS, type RegistryTimeouts } from './registry-client.js'

/**
 * The environment variables that tune registry timeouts, for slow links
 * (longer) and for tests of faults (milliseconds), with the part they set.
 */
const VARIABLES: [string, keyof RegistryTimeouts][] = [
  ['MENDER_COMPOSE_REGISTRY_TIMEOUT', 'deadlineMs'],
  ['MENDER_COMPOSE_REGISTRY_CONNECT_TIMEOUT', 'connectMs'],
  ['MENDER_COMPOSE_REGISTRY_IDLE_TIMEOUT', 'idleMs']
]

const UNITS: Record<string, number> = { ms: 1, s: 1000, '': 1000, m: 60_000 }

/** `90`, `90s`, `3m` or `500ms`, in milliseconds. */
function duration(name: string, raw: string): number {
  const m = /^(\d+)\s*(ms|s|m|)$/.exec(raw.trim())
  if (!m || Number(m[1]) === 0)
    throw new UsageError(`${name} must be a duration such as 90s, 3m or 500ms, got '${raw}'`)
  return Number(m[1]) * UNITS[m[2]!]!
}

/** Registry timeouts with what the environment sets over the defaults. */
export function registryTimeoutsFromEnv(
  env: Record<string, string | undefined> = {}
): RegistryTimeouts {
  const out = { ...DEFAULT_REGISTRY_TIMEOUTS }
  for (const [name, key] of VARIABLES) {
    const raw = env[name]
    if (raw !== undefined && raw.trim() !== '') out[key] = duration(name, raw)
  }
  return out
}
