import { readFileSync } from 'node:fs'
import { Option, type Command } from 'commander'
import type { CliContext } from '../context.js'
import { cliBuildOptions, type BuildFlags } from '../build-options.js'
import { resultJson } from '../../pipeline/result-json.js'
import { runPipeline, savingPercent } from '../../pipeline/run-pipeline.js'
import { createStages } from '../../pipeline/stages/index.js'
import type { BuildResult } from '../../pipeline/result.js'
import type { Stages } from '../../pipeline/stages.js'
import { splitList } from '../../pipeline/option-parsers.js'
import { formatBytes } from '../../util/format.js'
import { capStore } from '../../cache/actions-cache.js'
import { DEFAULT_CACHE_MAX_SIZE } from '../../pipeline/options.js'
import type { Logger } from '../../util/log.js'
import { UserError } from '../../util/errors.js'

/** Repeatable flags also take comma-separated values, like the action's list inputs. */
const collect = (value: string, previous: string[]) => [...previous, ...splitList(value)]
/** Repeatable key=value flags: values may hold commas, so no splitting. */
const collectRaw = (value: string, previous: string[]) => [...previous, value]

/**
 * `build`: the whole pipeline, as the action runs it, with the action's
 * inputs as flags (and MENDER_* environment variables), so it works the same
 * in GitLab CI or on a laptop.
 */
export function registerBuildCommand(
  program: Command,
  ctx: CliContext,
  stagesFor: (log: Logger) => Stages = createStages,
  env: Record<string, string | undefined> = process.env
): void {
  program
    .command('build')
    .description('plan, fetch, delta, package and (unless --dry-run) upload and deploy a release')
    .option('-f, --file <file>', 'compose file (repeatable; merged in order)', collect, [])
    .option('--project-directory <dir>', 'folder compose paths are relative to (default: .)')
    .option('--application-name <name>', 'application name (default: the project folder name)')
    .option('--artifact-name <name>', 'artifact (release) name (required)')
    .option(
      '--device-type <type>',
      'compatible device type (repeatable or comma-separated)',
      collect,
      []
    )
    .option('--platform <os/arch[/variant]>', 'image platform for every device type', 'linux/amd64')
    .option(
      '--device-platform <type=platform>',
      'platform of one device type (repeatable)',
      collectRaw,
      []
    )
    .addOption(
      new Option('--module <module>', 'Update Module')
        .choices(['app', 'docker-compose'])
        .default('app')
    )
    .addOption(new Option('--delta <mode>', 'delta mode').choices(['deep', 'off']).default('deep'))
    .addOption(
      new Option(
        '--delta-encoder <encoder>',
        'delta encoder (native: built in; best: also tries xdelta3; lzma: xdelta3 -S lzma, devices with liblzma only)'
      )
        .choices(['native', 'best', 'lzma'])
        .default('native')
    )
    .addOption(
      new Option('--device-image-store <store>', "the device's Docker image store")
        .choices(['classic', 'containerd'])
        .default('classic')
    )
    .option('--previous-ref <ref>', 'Git ref of the release the devices run now')
    .option(
      '--previous-compose <file>',
      'compose file of the release the devices run now (repeatable; for use outside GitHub)',
      collect,
      []
    )
    .option(
      '--previous-artifact-name <name>',
      'artifact the devices run now: its metadata on the Mender server gives the exact delta bases'
    )
    .option('--software-filesystem <fs>', 'software version key prefix', 'data-docker')
    .option('--provides <key=value>', 'extra artifact provides (repeatable)', collectRaw, [])
    .option('--depends <key=value>', 'extra artifact depends (repeatable)', collectRaw, [])
    .option('--clears-provides <pattern>', 'provides cleared on install (repeatable)', collect, [])
    .option('--compression <id>', 'payload compression (none, gzip, lzma, zstd_*)', 'gzip')
    .option('--signing-key <file>', 'PEM private key file to sign the artifact with')
    .option(
      '--mender-server-url <url>',
      'Mender server (env MENDER_SERVER_URL; default Hosted Mender)'
    )
    .option(
      '--mender-access-token <token>',
      'Personal Access Token (prefer env MENDER_ACCESS_TOKEN)'
    )
    .option(
      '--mender-username <user>',
      'user for password login (env MENDER_USERNAME; password in MENDER_PASSWORD)'
    )
    .option('--no-upload', 'do not upload the artifact')
    .option('--deploy-group <group>', 'deploy to this device group')
    .option(
      '--deploy-devices <ids>',
      'deploy to these device IDs (repeatable or comma-separated)',
      collect,
      []
    )
    .option('--deploy-all-devices', 'deploy to every accepted device', false)
    .option('--deployment-name <name>', 'deployment name (default: the artifact name)')
    .option('--wait', 'wait for the deployment to finish', false)
    .option('--wait-timeout <duration>', 'how long to wait (90s, 30m, 2h)', '30m')
    .option(
      '--service-image <service=source>',
      'image source override for a service (repeatable)',
      collectRaw,
      []
    )
    .option(
      '--cache-dir <dir>',
      'layer store (default: $MENDER_COMPOSE_CACHE_DIR, else $XDG_CACHE_HOME/mender-compose or ~/.cache/mender-compose)'
    )
    .option(
      '--cache-max-size <size>',
      'evict least-recently-used layers and deltas of the store above this after the build (2GiB, 800MB, bytes; 0: no limit)',
      DEFAULT_CACHE_MAX_SIZE
    )
    .option(
      '--output <file>',
      'artifact path (one platform; with several, one file per platform from it)'
    )
    .option('--output-dir <dir>', 'folder for artifacts and metadata (default: .)')
    .option('--dry-run', 'do everything but upload and deploy', false)
    .option('--json', 'print the result as JSON on stdout', false)
    .action(async (flags: BuildFlags) => {
      const options = cliBuildOptions(flags, env, process.cwd(), (p) => readFileSync(p, 'utf8'))
      const result = await runPipeline(options, stagesFor(ctx.log), ctx.log)
      if (options.cacheMaxBytes) await capStore(options.cacheDir, options.cacheMaxBytes, ctx.log)
      ctx.stdout(
        flags.json ? `${JSON.stringify(resultJson(result), null, 2)}\n` : humanResult(result)
      )
      if (result.failure) throw new UserError(result.failure)
    })
}

/** The result for a terminal: one line per artifact, then the totals and the deployment. */
export function humanResult(r: BuildResult): string {
  const lines = r.artifacts.map(
    (a) =>
      `${a.path}\t${formatBytes(a.size)}\t${a.platform}\t${a.deviceTypes.join(',')}${a.signed ? '\tsigned' : ''}`
  )
  lines.push(
    `${r.artifactName}: ${formatBytes(r.fullSize)} of images ship as ${formatBytes(r.deltaSize)} (${savingPercent(r.fullSize, r.deltaSize)} saved)${r.previousRef ? ` against ${r.previousRef}` : ''}`
  )
  if (r.dryRun) lines.push('dry run: nothing uploaded or deployed')
  const d = r.published?.deployment
  if (d) lines.push(`deployment ${d.id} ${d.status}: ${d.url}`)
  return `${lines.join('\n')}\n`
}
