import * as core from '@actions/core'
import * as actionsCache from '@actions/cache'
import { describeError } from '../util/errors.js'
import { saveStoreCache, type CacheApi, type SaveOutcome } from '../cache/actions-cache.js'
import { actionLogger } from './logger.js'
import { loadPostState } from './state.js'

/**
 * The post step saves the layer store to the cache. Like actions/cache's
 * save, it never fails the job: every problem is a warning.
 */
export async function runPost(api: CacheApi = actionsCache): Promise<SaveOutcome> {
  try {
    return await saveStoreCache(loadPostState()?.cache, api, actionLogger('info'))
  } catch (err) {
    core.warning(`Cache save skipped: ${describeError(err)}`)
    return 'failed'
  }
}
