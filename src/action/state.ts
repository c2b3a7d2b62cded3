import * as core from '@actions/core'
import type { CacheSaveState } from '../cache/actions-cache.js'

/**
 * What main hands to post, as one JSON value so the two steps cannot disagree
 * on names (the docker/actions-toolkit `postCache` pattern).
 */
export interface PostState {
  cache?: CacheSaveState
}

export const STATE_KEY = 'mender-compose'

export function savePostState(state: PostState): void {
  core.saveState(STATE_KEY, JSON.stringify(state))
}

/** The state, or undefined when absent or unreadable (post must never fail on it). */
export function parsePostState(raw: string): PostState | undefined {
  if (!raw) return undefined
  try {
    const v = JSON.parse(raw) as unknown
    if (typeof v !== 'object' || v === null) return undefined
    const cache = (v as PostState).cache
    if (
      cache !== undefined &&
      (!Array.isArray(cache.paths) ||
        typeof cache.primaryKey !== 'string' ||
        typeof cache.dirty !== 'boolean' ||
        (cache.maxBytes !== undefined && typeof cache.maxBytes !== 'number'))
    )
      return undefined
    return v as PostState
  } catch {
    return undefined
  }
}

export function loadPostState(): PostState | undefined {
  return parsePostState(core.getState(STATE_KEY))
}
