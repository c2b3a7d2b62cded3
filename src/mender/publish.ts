import { UsageError, UserError, describeError } from '../util/errors.js'
import type { MenderClient } from './client.js'
import type { DeploymentRequest, PublishOutcome, WaitResult } from './types.js'
import type { UploadOptions } from './upload.js'
import type { WaitOptions } from './wait.js'

export interface PublishOptions {
  /** Upload (unless already there) this artifact file. */
  artifactPath?: string
  /** Deploy-only: the artifact name already on the server. */
  artifactName?: string
  upload?: UploadOptions
  /** Create a deployment of the artifact. */
  deploy?: Omit<DeploymentRequest, 'artifactName'>
  /** Wait for the deployment to settle. */
  wait?: WaitOptions
}

/**
 * Upload, deploy, wait: each step safe to re-run. Failures of the wait
 * (failed devices, paused, timeout) come back in the result with `ok: false`
 * so the front can still print every fact before failing the step.
 */
export async function publish(client: MenderClient, opts: PublishOptions): Promise<PublishOutcome> {
  let artifact: PublishOutcome['artifact']
  let artifactName = opts.artifactName
  if (opts.artifactPath) {
    artifact = await client.uploadArtifact(opts.artifactPath, opts.upload)
    artifactName = artifact.name
  }
  const done = (deployment?: PublishOutcome['deployment'], problem?: string): PublishOutcome => ({
    server: client.serverUrl,
    ...(artifact ? { artifact } : {}),
    ...(deployment ? { deployment } : {}),
    ok: problem === undefined,
    ...(problem !== undefined ? { problem } : {})
  })
  if (!opts.deploy) return done()
  if (!artifactName)
    throw new UsageError('Nothing to deploy: give an artifact file or an artifact name')
  const created = await client.createDeployment({ ...opts.deploy, artifactName })
  const deployment = { ...created, url: client.deploymentUrl(created.id) }
  if (!opts.wait) return done(deployment)
  const waited = await client.waitForDeployment(created.id, opts.wait).catch((err: unknown) => {
    // the deployment exists and runs on: the user needs its ID to follow it
    throw new UserError(
      `deployment ${created.id} was created, but waiting for it failed: ${describeError(err)}`,
      { cause: err, hint: `follow it in the Mender UI: ${deployment.url}` }
    )
  })
  return done(
    {
      ...deployment,
      status: waited.status,
      counts: waited.counts,
      wait: waited.outcome,
      ...(waited.failedDevices ? { failedDevices: waited.failedDevices } : {})
    },
    waitProblem(waited, opts.wait)
  )
}

function waitProblem(w: WaitResult, opts: WaitOptions): string | undefined {
  switch (w.outcome) {
    case 'failed':
      return `${w.failures} device(s) failed the deployment (allowed: ${opts.maxFailures ?? 0})`
    case 'paused':
      return `${w.paused} device(s) are paused by the update control map and wait for a user action`
    case 'timeout':
      return `the deployment was still ${w.status} when the wait timed out`
    default:
      return undefined
  }
}
