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
import { OPTION_TABLE } from '../../pipeline/options.js'
import { tableFlag } from '../table-flag.js'
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
  const build = program
    .command('build')
    .description('plan, fetch, delta, package and (unless --dry-run) upload and deploy a release')
    .addOption(tableFlag('composeFile', 'file', collect, []))
    .addOption(tableFlag('projectDirectory', 'dir'))
    .addOption(tableFlag('applicationName', 'name'))
    .addOption(tableFlag('artifactName', 'name'))
    .addOption(tableFlag('deviceTypes', 'type', collect, []))
    .addOption(tableFlag('platform', 'os/arch[/variant]'))
    .addOption(tableFlag('devicePlatforms', 'type=platform', collectRaw, []))
    .addOption(tableFlag('module', 'module'))
    .addOption(tableFlag('delta', 'mode'))
    .addOption(tableFlag('deltaEncoder', 'encoder'))
    .addOption(tableFlag('deviceImageStore', 'store'))
    .addOption(tableFlag('previousRef', 'ref'))
    .addOption(tableFlag('previousCompose', 'file', collect, []))
    .addOption(tableFlag('previousArtifactName', 'name'))
    .addOption(tableFlag('softwareFilesystem', 'fs'))
    .addOption(tableFlag('provides', 'key=value', collectRaw, []))
    .addOption(tableFlag('depends', 'key=value', collectRaw, []))
    .addOption(tableFlag('clearsProvides', 'pattern', collect, []))
    .addOption(tableFlag('compression', 'id'))
    .addOption(tableFlag('signingKey', 'file'))
    .addOption(tableFlag('menderServerUrl', 'url').default(undefined))
    .addOption(tableFlag('menderAccessToken', 'token'))
    .addOption(tableFlag('menderUsername', 'user'))
    .addOption(tableFlag('upload'))
    .addOption(tableFlag('deployGroup', 'group'))
    .addOption(tableFlag('deployDevices', 'ids', collect, []))
    .addOption(tableFlag('deployAllDevices'))
    .addOption(tableFlag('deploymentName', 'name'))
    .addOption(tableFlag('wait'))
    .addOption(tableFlag('waitTimeout', 'duration'))
    .addOption(tableFlag('forceInstallation'))
    .addOption(tableFlag('retries', 'n'))
    .addOption(tableFlag('phases', 'json'))
    .addOption(tableFlag('updateControlMap', 'json'))
    .addOption(tableFlag('maxFailures', 'n'))
    .addOption(tableFlag('serviceImages', 'service=source', collectRaw, []))
    .addOption(tableFlag('cacheDir', 'dir'))
    .addOption(tableFlag('cacheMaxSize', 'size'))
    .addOption(tableFlag('output', 'file'))
    .addOption(tableFlag('outputDir', 'dir'))
    .addOption(tableFlag('dryRun'))
    .addOption(tableFlag('json'))
  // the action's input names, where the flag is singular: the same words work in both
  for (const key of ['composeFile', 'deviceTypes', 'devicePlatforms', 'serviceImages'] as const)
    build.addOption(
      new Option(`--${OPTION_TABLE[key].name} <value>`)
        .argParser(key === 'devicePlatforms' || key === 'serviceImages' ? collectRaw : collect)
        .default([])
        .hideHelp()
    )
  build.action(async (flags: BuildFlags) => {
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
