import { readFileSync } from 'node:fs'
import { Option, type Command } from 'commander'
import { UsageError, UserError } from '../../util/errors.js'
import { parseArtifactName } from '../../pipeline/option-parsers.js'
import {
  MenderClient,
  publish,
  type ConflictPolicy,
  type Credentials,
  type DeploymentTarget,
  type PublishOptions,
  type PublishOutcome
} from '../../mender/index.js'
import { parseRollout, parseWholeNumber } from '../../pipeline/rollout.js'
import { ROLLOUT_FLAGS } from '../build-options.js'
import type { CliContext } from '../context.js'
import { parseDuration } from '../../pipeline/option-parsers.js'
import { tableFlag } from '../table-flag.js'

interface ServerFlags {
  serverUrl?: string
  token?: string
  username?: string
  password?: string
  json?: boolean
}

interface DeployFlags extends ServerFlags {
  artifactName: string
  group?: string
  device?: string[]
  allDevices?: boolean
  name?: string
  forceInstallation?: boolean
  retries?: string
  phases?: string
  updateControlMap?: string
  checkDevices?: boolean
  wait?: boolean
  waitTimeout: string
  pollInterval: string
  maxFailures: string
  abortOnTimeout?: boolean
}

function serverOptions(cmd: Command): Command {
  return cmd
    .option('--server-url <url>', 'Mender server (default: $MENDER_SERVER_URL)')
    .option(
      '--token <pat>',
      'personal access token (default: $MENDER_ACCESS_TOKEN; prefer the variable: arguments show in `ps`)'
    )
    .option('--username <email>', 'log in with user and password instead (or $MENDER_USERNAME)')
    .option('--password <password>', 'password for --username (default: $MENDER_PASSWORD)')
    .option('--json', 'print every result as JSON')
}

/** Credentials from flags, then environment; a token wins over a password. */
export function credentialsFrom(
  flags: ServerFlags,
  env: NodeJS.ProcessEnv
): { serverUrl: string; credentials: Credentials; source: string } {
  const serverUrl = flags.serverUrl ?? env.MENDER_SERVER_URL
  if (!serverUrl) throw new UsageError('No Mender server: set MENDER_SERVER_URL or --server-url')
  const username = flags.username ?? env.MENDER_USERNAME
  const token = flags.token ?? env.MENDER_ACCESS_TOKEN ?? env.MENDER_SERVER_ACCESS_TOKEN
  if (flags.token) return { serverUrl, credentials: { token: flags.token }, source: '--token' }
  if (username) {
    const password = flags.password ?? env.MENDER_PASSWORD
    if (!password)
      throw new UsageError(`--username ${username} needs --password or MENDER_PASSWORD`)
    return { serverUrl, credentials: { username, password }, source: '' }
  }
  if (token) {
    const source = env.MENDER_ACCESS_TOKEN ? 'MENDER_ACCESS_TOKEN' : 'MENDER_SERVER_ACCESS_TOKEN'
    return { serverUrl, credentials: { token }, source }
  }
  throw new UsageError(
    'No Mender credential: set MENDER_ACCESS_TOKEN (a personal access token), or --username and --password'
  )
}

async function connect(flags: ServerFlags, ctx: CliContext): Promise<MenderClient> {
  const { serverUrl, credentials, source } = credentialsFrom(flags, process.env)
  return MenderClient.connect({
    serverUrl,
    credentials,
    credentialSource: source ? `the access token in ${source}` : undefined,
    log: ctx.log
  })
}

export function targetFrom(
  flags: Pick<DeployFlags, 'group' | 'device' | 'allDevices'>
): DeploymentTarget {
  const given = [
    flags.group !== undefined,
    (flags.device?.length ?? 0) > 0,
    Boolean(flags.allDevices)
  ]
  if (given.filter(Boolean).length !== 1) {
    throw new UsageError('Give exactly one of --group G, --device ID (repeatable) or --all-devices')
  }
  if (flags.group !== undefined) return { group: flags.group }
  if (flags.device?.length)
    return { devices: flags.device.flatMap((d) => d.split(',')).filter(Boolean) }
  return { allDevices: true }
}

function deployOptions(flags: DeployFlags): PublishOptions {
  const rollout = parseRollout(
    {
      forceInstallation: Boolean(flags.forceInstallation),
      retries: flags.retries ?? '',
      phases: flags.phases ?? '',
      updateControlMap: flags.updateControlMap ?? '',
      maxFailures: flags.maxFailures
    },
    ROLLOUT_FLAGS,
    (p) => readFileSync(p, 'utf8')
  )
  return {
    // the same name check as build: a newline here would forge lines in a CI log
    artifactName: parseArtifactName('--artifact-name', flags.artifactName),
    deploy: {
      target: targetFrom(flags),
      ...(flags.name ? { name: parseArtifactName('--name', flags.name) } : {}),
      ...(rollout.forceInstallation ? { forceInstallation: true } : {}),
      ...(rollout.retries !== undefined ? { retries: rollout.retries } : {}),
      ...(rollout.phases ? { phases: rollout.phases } : {}),
      ...(rollout.updateControlMap ? { updateControlMap: rollout.updateControlMap } : {}),
      ...(flags.checkDevices ? { checkAcceptedDevices: true } : {})
    },
    ...(flags.wait
      ? {
          wait: {
            timeoutMs: parseDuration("Option '--wait-timeout'", flags.waitTimeout),
            pollIntervalMs: parseWholeNumber('--poll-interval', flags.pollInterval, 1) * 1000,
            maxFailures: rollout.maxFailures,
            ...(flags.abortOnTimeout ? { abortOnTimeout: true } : {})
          }
        }
      : {})
  }
}

function report(result: PublishOutcome, json: boolean | undefined, ctx: CliContext): void {
  if (json) ctx.stdout(`${JSON.stringify(result, null, 2)}\n`)
  else {
    if (result.artifact)
      ctx.stdout(`artifact ${result.artifact.id ?? '?'} ${result.artifact.outcome}\n`)
    const d = result.deployment
    if (d) {
      ctx.stdout(
        `deployment ${d.id} ${d.created ? 'created' : 'existing'}${d.wait ? ` ${d.wait}` : ''}\n`
      )
      ctx.log.info(`Mender UI: ${d.url}`)
    }
  }
  if (!result.ok) throw new UserError(result.problem ?? 'publish failed')
}

async function withClient(
  flags: ServerFlags,
  ctx: CliContext,
  opts: PublishOptions
): Promise<void> {
  const client = await connect(flags, ctx)
  try {
    report(await publish(client, opts), flags.json, ctx)
  } finally {
    await client.close()
  }
}

/** `artifact upload` (under the shared `artifact` group) and top-level `deploy`. */
export function registerMenderCommands(program: Command, artifact: Command, ctx: CliContext): void {
  serverOptions(
    artifact
      .command('upload')
      .description(
        'upload a Mender Artifact unless the server already has it; prints the artifact ID'
      )
      .argument('<file>', 'the .mender file')
      .option('--description <text>', 'artifact description shown in the Mender UI')
      .addOption(
        new Option('--on-conflict <policy>', 'same name and depends but other contents')
          .choices(['fail', 'skip'])
          .default('fail')
      )
  ).action(
    async (file: string, flags: ServerFlags & { description?: string; onConflict: string }) => {
      await withClient(flags, ctx, {
        artifactPath: file,
        upload: {
          ...(flags.description !== undefined ? { description: flags.description } : {}),
          onConflict: flags.onConflict as ConflictPolicy
        }
      })
    }
  )

  serverOptions(
    program
      .command('deploy')
      .description(
        'deploy an uploaded artifact to a group, devices or all devices; prints the deployment ID'
      )
      .requiredOption('--artifact-name <name>', 'the artifact (release) name to deploy')
      .option('--group <group>', 'a static device group')
      .option('--device <id...>', 'device IDs (space- or comma-separated, repeatable)')
      .option('--all-devices', 'every accepted device')
      .option('--name <name>', 'deployment name (default: the artifact name)')
      .addOption(tableFlag('forceInstallation'))
      .addOption(tableFlag('retries', 'n'))
      .addOption(tableFlag('phases', 'json'))
      .addOption(tableFlag('updateControlMap', 'json'))
      .option('--check-devices', 'fail before deploying when the target has no accepted device')
      .option('--wait', 'wait until the deployment finishes')
      .addOption(tableFlag('waitTimeout', 'duration'))
      .option('--poll-interval <seconds>', 'seconds between status checks', '10')
      .addOption(tableFlag('maxFailures', 'n'))
      .option('--abort-on-timeout', 'abort the deployment when --wait times out')
  ).action(async (flags: DeployFlags) => {
    await withClient(flags, ctx, deployOptions(flags))
  })
}
