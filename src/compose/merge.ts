import { OVERRIDE, RESET } from './yaml-file.js'

/**
 * Compose's merge rules (compose-spec merge.md) for the fields this action
 * reads: mappings merge key by key, scalars are replaced, sequences are
 * appended (`profiles` without duplicates), `build` in its short form is the
 * same as `{context: …}`, and `!reset` / `!override` in the later file remove
 * or replace a value outright.
 */
export function mergeComposeTrees(
  base: Record<string, unknown>,
  over: Record<string, unknown>
): Record<string, unknown> {
  return mergeValue(base, over, []) as Record<string, unknown>
}

type Path = string[]

/**
 * Markers stay in the result and are removed by the caller with stripMarkers
 * once everything is merged: a `!reset` or `!override` that acted in an
 * `extends:` merge acts again when its file merges over the earlier files,
 * as Compose applies them after each merge. A marker on the base side has
 * already done its work, so it is dropped here.
 */
function mergeValue(rawBase: unknown, over: unknown, path: Path): unknown {
  const base = rawBase === RESET || isOverride(rawBase) ? stripMarkers(rawBase) : rawBase
  if (over === RESET || isOverride(over)) return over
  if (isServiceField(path, 'build')) {
    return mergeValue(buildAsMap(base), buildAsMap(over), [...path, '#map'])
  }
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base }
    for (const [k, v] of Object.entries(over)) {
      out[k] = k in base ? mergeValue(base[k], v, [...path, k]) : v
    }
    return out
  }
  if (Array.isArray(base) && Array.isArray(over)) {
    if (isServiceField(path, 'profiles')) return [...new Set([...base, ...over])]
    if (REPLACED_SEQUENCES.has(path[2] ?? '') && path[0] === 'services') return over
    return [...base, ...over]
  }
  return over
}

/** Sequences Compose replaces rather than appends (shell commands). */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint'])

function isServiceField(path: Path, field: string): boolean {
  return path.length === 3 && path[0] === 'services' && path[2] === field
}

function buildAsMap(v: unknown): unknown {
  return typeof v === 'string' ? { context: v } : v
}

function isOverride(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && OVERRIDE in v
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Drops the markers once merging is done (a tag with nothing under it means nothing). */
export function stripMarkers(v: unknown): unknown {
  if (v === RESET) return undefined
  if (isOverride(v)) return stripMarkers(v[OVERRIDE])
  if (Array.isArray(v)) return v.map(stripMarkers).filter((x) => x !== undefined)
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) {
      const s = stripMarkers(x)
      if (s !== undefined) out[k] = s
    }
    return out
  }
  return v
}
