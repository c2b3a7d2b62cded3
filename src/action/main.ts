import * as core from '@actions/core'
import { appendFile } from 'node:fs/promises'
import * as actionsCache from '@actions/cache'
import { describeError } from '../util/errors.js'
import { redactSent } from '../util/secrets.js'
import { VERSION } from '../version.js'
import { actionsCacheHooks, type CacheApi } from '../cache/actions-cache.js'
import { runPipeline } from '../pipeline/run-pipeline.js'
import { createStages } from '../pipeline/stages/index.js'
import type { BuildResult } from '../pipeline/result.js'
import type { Stages } from '../pipeline/stages.js'
import { getInputs, runnerInputSource, type InputSource } from './inputs.js'
import { actionLogger } from './logger.js'
import { buildOutputs } from './outputs.js'
import { savePostState } from './state.js'
import { renderSummary } from './summary.js'

export interface MainDeps {
  stages?: Stages
  cacheApi?: CacheApi
  inputs?: InputSource
}

/**
 * The main step: inputs → pipeline → outputs, summary, post state. Exported
 * apart from the entry point so tests can call it with in-memory stages.
 */
export async function run(deps: MainDeps = {}): Promise<BuildResult | undefined> {
  try {
    const src = deps.inputs ?? runnerInputSource
    const inputs = getInputs(src)
    const log = actionLogger(inputs.logLevel)
    log.info(`mender-compose-action ${VERSION}`)
    const stages = deps.stages ?? createStages(log, { mask: (s) => core.setSecret(s) })
    const result = await runPipeline(inputs.build, stages, log, {
      ...(inputs.cache ? { cache: actionsCacheHooks(deps.cacheApi ?? actionsCache, log) } : {})
    })
    for (const [name, value] of Object.entries(buildOutputs(result))) core.setOutput(name, value)
    if (result.cache.primaryKey)
      savePostState({
        cache: {
          paths: [inputs.build.cacheDir],
          primaryKey: result.cache.primaryKey,
          ...(result.cache.matchedKey ? { matchedKey: result.cache.matchedKey } : {}),
          dirty: result.cache.dirty,
          ...(inputs.build.cacheMaxBytes ? { maxBytes: inputs.build.cacheMaxBytes } : {})
        }
      })
    else savePostState({})
    if (inputs.jobSummary) {
      const b = inputs.build
      const secrets = [
        b.credentials.accessToken,
        b.credentials.password,
        b.signingKey,
        inputs.githubToken
      ].filter((s): s is string => Boolean(s))
      await writeSummary(renderSummary(result, { secrets }))
    }
    // Outputs and summary first, so a failed deployment still tells all it knows.
    if (result.failure) core.setFailed(result.failure)
    return result
  } catch (err) {
    core.setFailed(redactSent(describeError(err)))
    return undefined
  }
}

/**
 * Appends to the step summary file. Not core.summary: it caches the file path
 * for the life of the process, which is wrong for anything that runs two steps
 * in one process (tests, local-action).
 */
async function writeSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  await appendFile(file, markdown)
}
