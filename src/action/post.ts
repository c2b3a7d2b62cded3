import * as core from '@actions/core'
import { describeError } from '../util/errors.js'
import { loadPostState } from './state.js'

/**
 * The post step saves the cache. Like actions/cache's save, it never fails
 * the job: every problem is a warning.
 */
export async function runPost(): Promise<void> {
  try {
    const state = loadPostState()
    if (!state?.cache?.dirty) {
      core.info('Cache: nothing new to save')
      return
    }
    core.info('Cache: saving is not implemented yet')
  } catch (err) {
    core.warning(`Cache save skipped: ${describeError(err)}`)
  }
}
