import { UsageError } from '../util/errors.js'

/** One phase of a phased deployment (Mender Enterprise): a batch in percent, a start time. */
export interface RolloutPhase {
  batch_size?: number
  start_ts?: string
}

/**
 * How a deployment rolls out, beyond its target: the Mender API's
 * `force_installation`, and the Enterprise `retries`, `phases` and
 * `update_control_map` (sent only when given); `maxFailures` is how many
 * failed devices a wait tolerates.
 */
export interface Rollout {
  forceInstallation: boolean
  retries?: number
  phases?: RolloutPhase[]
  updateControlMap?: Record<string, unknown>
  maxFailures: number
}

/** The rollout settings as text, as an input or a flag gives them ('' when not given). */
export interface RolloutText {
  forceInstallation: boolean
  retries: string
  phases: string
  updateControlMap: string
  maxFailures: string
}

export type RolloutFields = Record<keyof RolloutText, string>

/** A whole number ≥ `min`. */
export function parseWholeNumber(field: string, raw: string, min = 0): number {
  const text = raw.trim()
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new UsageError(`${field} must be a whole number of at least ${min}, got '${raw}'`)
  return Number(text)
}

/** JSON given inline, or as `@file` (read with `readFile`, relative to where the front says). */
export function parseJsonText(
  field: string,
  raw: string,
  readFile: (path: string) => string
): unknown {
  let text = raw.trim()
  if (text.startsWith('@')) {
    const path = text.slice(1)
    try {
      text = readFile(path)
    } catch (err) {
      throw new UsageError(`${field}: cannot read ${path}: ${(err as Error).message}`)
    }
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new UsageError(`${field} is not valid JSON: ${(err as Error).message}`, {
      hint: 'give the JSON inline or as @file'
    })
  }
}

const PHASES_EXAMPLE = '[{"batch_size": 10}, {"start_ts": "2030-01-01T02:00:00Z"}]'

function parsePhases(field: string, value: unknown): RolloutPhase[] {
  const bad = (why: string): never => {
    throw new UsageError(`${field} ${why}`, { hint: `for example ${PHASES_EXAMPLE}` })
  }
  if (!Array.isArray(value) || value.length === 0) bad('must be a non-empty JSON array of phases')
  return (value as unknown[]).map((p, i) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p))
      bad(`phase ${i + 1} is not an object`)
    const { batch_size, start_ts, ...rest } = p as Record<string, unknown>
    const unknown = Object.keys(rest)
    if (unknown.length) bad(`phase ${i + 1} has unknown field(s) ${unknown.join(', ')}`)
    if (
      batch_size !== undefined &&
      (!Number.isInteger(batch_size) || (batch_size as number) < 1 || (batch_size as number) > 100)
    )
      bad(`phase ${i + 1}: batch_size must be a percentage from 1 to 100`)
    if (start_ts !== undefined && (typeof start_ts !== 'string' || isNaN(Date.parse(start_ts))))
      bad(`phase ${i + 1}: start_ts must be an RFC 3339 time such as 2030-01-01T02:00:00Z`)
    return {
      ...(batch_size !== undefined ? { batch_size: batch_size as number } : {}),
      ...(start_ts !== undefined ? { start_ts: start_ts as string } : {})
    }
  })
}

/**
 * The rollout settings of both fronts (action inputs, CLI flags of `build`
 * and `deploy`), checked before any work: numbers, the phases' shape, the
 * update control map is an object.
 */
export function parseRollout(
  values: RolloutText,
  fields: RolloutFields,
  readFile: (path: string) => string
): Rollout {
  const phases = values.phases.trim()
    ? parsePhases(fields.phases, parseJsonText(fields.phases, values.phases, readFile))
    : undefined
  let ucm: unknown
  if (values.updateControlMap.trim()) {
    ucm = parseJsonText(fields.updateControlMap, values.updateControlMap, readFile)
    if (typeof ucm !== 'object' || ucm === null || Array.isArray(ucm))
      throw new UsageError(`${fields.updateControlMap} must be a JSON object`, {
        hint: 'for example {"priority": 0, "states": {"ArtifactInstall_Enter": {"action": "pause"}}}'
      })
  }
  return {
    forceInstallation: values.forceInstallation,
    ...(values.retries.trim() ? { retries: parseWholeNumber(fields.retries, values.retries) } : {}),
    ...(phases ? { phases } : {}),
    ...(ucm ? { updateControlMap: ucm as Record<string, unknown> } : {}),
    maxFailures: values.maxFailures.trim()
      ? parseWholeNumber(fields.maxFailures, values.maxFailures)
      : 0
  }
}

/** The settings that only mean something with a deployment, by the field that gave them. */
export function rolloutFieldsGiven(r: Rollout, fields: RolloutFields): string[] {
  return [
    r.forceInstallation ? fields.forceInstallation : '',
    r.retries !== undefined ? fields.retries : '',
    r.phases ? fields.phases : '',
    r.updateControlMap ? fields.updateControlMap : ''
  ].filter(Boolean)
}
