import type { Logger } from '../../util/log.js'
import type { Stages } from '../stages.js'
import { deltaStage } from './delta.js'
import { fetchStage } from './fetch.js'
import { packageStage } from './package.js'
import { planStage, rebaseStage } from './plan.js'
import { publishStage } from './publish.js'
import { Session, type StagesOptions } from './session.js'

export type { StagesOptions } from './session.js'

/**
 * The production stages for one run: compose files, previous release and
 * delta bases (plan, rebase), content store pulls (fetch), the module payload
 * on the delta pool (delta), the artifact writer and release record
 * (package), and the Mender client (publish). They share one session (the
 * content store and registry client), never stage data.
 */
export function createStages(log: Logger, opts: StagesOptions = {}): Stages {
  const session = new Session(log, opts)
  return {
    plan: planStage(session),
    rebase: rebaseStage(session),
    fetch: fetchStage(session),
    delta: deltaStage(session),
    package: packageStage(session),
    publish: publishStage(session),
    close: () => session.close()
  }
}
