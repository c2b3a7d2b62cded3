import { UserError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import type { Stages } from './stages.js'

/**
 * The production stages. NOT WIRED YET: each comes from another issue of this
 * wave (plan: issue 7 compose + previous release with issue 5's resolver;
 * fetch: issue 5; delta: issue 4; package: issue 3 + issue 7's metadata;
 * publish: issue 8). The lead replaces each body with the real module when
 * merging; until then a run stops at the first stage with a clear message.
 */
export function realStages(_log: Logger): Stages {
  const notWired = (phase: string, issue: string) => () =>
    Promise.reject(
      new UserError(`The ${phase} stage is not wired into this build yet (${issue})`, {
        hint: 'this is a development build; use a released version of the action'
      })
    )
  return {
    plan: notWired('plan', 'issue 7: compose files and previous release'),
    fetch: notWired('fetch', 'issue 5: image resolver and layer store'),
    delta: notWired('delta', 'issue 4: VCDIFF deltas'),
    package: notWired('package', 'issue 3: Mender Artifact writer'),
    publish: notWired('publish', 'issue 8: Mender upload and deploy')
  }
}
