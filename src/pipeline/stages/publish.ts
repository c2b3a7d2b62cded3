import { MenderClient, publish, type Credentials } from '../../mender/index.js'
import type { DeploymentTarget } from '../../mender/types.js'
import { UsageError } from '../../util/errors.js'
import type { BuildOptions, DeployTarget } from '../options.js'
import type { Rollout } from '../rollout.js'
import type { PublishedArtifact, PublishResult, PublishStage } from '../stages.js'
import { menderCredentials, type Session } from './session.js'

function credentials(options: BuildOptions): Credentials {
  const c = menderCredentials(options)
  if (c) return c
  throw new UsageError(
    'Uploading or deploying needs mender-access-token, or mender-username and mender-password'
  )
}

function deploymentTarget(t: DeployTarget): DeploymentTarget {
  return t.kind === 'group'
    ? { group: t.group }
    : t.kind === 'devices'
      ? { devices: t.devices }
      : { allDevices: true }
}

/**
 * publish: the Mender client. Every artifact (one per platform) is uploaded
 * unless the server already holds it (an identical one is found, not sent
 * again), then one deployment by name, which Mender resolves per device type;
 * an identical active deployment is reported, not duplicated.
 */
export function publishStage(session: Session): PublishStage {
  return async ({ options, artifacts }) => {
    const client = await MenderClient.connect({
      serverUrl: options.menderServerUrl,
      credentials: credentials(options),
      credentialSource: options.credentials.accessToken ? 'mender-access-token' : undefined,
      log: session.log,
      ...(session.opts.mask ? { maskSecret: session.opts.mask } : {})
    })
    try {
      const published: PublishedArtifact[] = []
      if (options.upload)
        for (const a of artifacts) {
          const r = await publish(client, { artifactPath: a.path })
          published.push({
            platform: a.platform,
            id: r.artifact?.id ?? '',
            uploaded: r.artifact?.outcome === 'uploaded'
          })
        }
      const result: PublishResult = { artifacts: published }
      const deploy = options.deploy
      if (!deploy) return result
      const rollout: Partial<Rollout> = deploy.rollout ?? {}
      const r = await publish(client, {
        artifactName: options.artifactName,
        deploy: {
          name: deploy.name,
          target: deploymentTarget(deploy.target),
          ...(rollout.forceInstallation ? { forceInstallation: true } : {}),
          ...(rollout.retries !== undefined ? { retries: rollout.retries } : {}),
          ...(rollout.phases ? { phases: rollout.phases } : {}),
          ...(rollout.updateControlMap ? { updateControlMap: rollout.updateControlMap } : {})
        },
        ...(deploy.wait
          ? { wait: { timeoutMs: deploy.waitTimeoutMs, maxFailures: rollout.maxFailures ?? 0 } }
          : {})
      })
      const d = r.deployment!
      result.deployment = {
        id: d.id,
        url: d.url,
        status: d.status ?? (d.created ? 'created' : 'existing'),
        ...(d.counts ? { counts: d.counts } : {})
      }
      if (!r.ok && r.problem) result.problem = r.problem
      return result
    } finally {
      await client.close()
    }
  }
}
