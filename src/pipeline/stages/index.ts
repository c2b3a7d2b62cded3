import type { Logger } from '../../util/log.js'
import { deltaStage } from './delta.js'
import { fetchStage } from './fetch.js'
import { packageStage } from './package.js'
import { planStage } from './plan.js'
import { publishStage } from './publish.js'
import { RunState, type StagesOptions } from './run-state.js'
import type { Stages } from '../stages.js'

export type { StagesOptions } from './run-state.js'

/**
 * The production stages, one run's worth (they share what plan chose and
 * fetch pulled): compose + previous release + digest chain (issues 7, 5),
 * content store pulls (issue 5), deep-delta payload on the delta pool
 * (issues 6, 4), artifact writer + release metadata (issues 3, 7), and the
 * Mender client (issue 8).
 */
export function createStages(log: Logger, opts: StagesOptions = {}): Stages {
  const state = new RunState(log, opts)
  return {
    plan: planStage(state),
    fetch: fetchStage(state),
    delta: deltaStage(state),
    package: packageStage(state),
    publish: publishStage(state)
  }
}
