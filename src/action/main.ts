import * as core from '@actions/core'
import { describeError } from '../util/errors.js'
import { getInputs } from './inputs.js'
import { actionLogger } from './logger.js'
import { savePostState } from './state.js'
import { VERSION } from '../version.js'

/** The main step. Exported apart from the entry point so tests can call it. */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    const log = actionLogger(inputs.logLevel)
    log.info(`mender-compose-action ${VERSION}`)
    await core.group('Plan', async () => {
      log.info(`compose files: ${inputs.composeFiles.join(', ')}`)
      log.info('nothing to build yet')
    })
    savePostState({})
    core.setOutput('json', JSON.stringify({ built: false, dryRun: inputs.dryRun }))
  } catch (err) {
    core.setFailed(describeError(err))
  }
}
