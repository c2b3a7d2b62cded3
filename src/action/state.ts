import * as core from '@actions/core'

/**
 * What main hands to post (cache paths and keys), as one JSON value so the
 * two steps cannot disagree on names.
 */
export interface PostState {
  cache?: { paths: string[]; primaryKey: string; matchedKey?: string; dirty: boolean }
}

const KEY = 'mender-compose'

export function savePostState(state: PostState): void {
  core.saveState(KEY, JSON.stringify(state))
}

export function loadPostState(): PostState | undefined {
  const raw = core.getState(KEY)
  if (!raw) return undefined
  try {
    return JSON.parse(raw) as PostState
  } catch {
    return undefined
  }
}
