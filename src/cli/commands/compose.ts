import { resolve } from 'node:path'
import type { Command } from 'commander'
import { loadComposeProject, type ComposeProject } from '../../compose/load.js'
import { gitTopLevel } from '../../github/git-files.js'
import { loadPreviousCompose } from '../../github/previous-release.js'
import { UsageError, UserError } from '../../util/errors.js'
import type { CliContext } from '../context.js'

const collect = (v: string, acc: string[]) => [...acc, v]

interface ImagesOptions {
  file: string[]
  projectDirectory?: string
  profile: string[]
  ref?: string
  json?: boolean
}

/** `compose images`: like `docker compose config --images`, without Docker. */
export function registerComposeCommands(compose: Command, ctx: CliContext): void {
  compose
    .command('images')
    .description('print each service and its resolved image reference (and platform)')
    .option('-f, --file <file>', 'compose file (repeat to merge several, in order)', collect, [])
    .option('--project-directory <dir>', "project folder (default: the first file's folder)")
    .option(
      '--profile <name>',
      'enable a profile (repeatable; default COMPOSE_PROFILES)',
      collect,
      []
    )
    .option('--ref <git-ref>', 'read the files as they were at this commit or tag of the checkout')
    .option('--json', 'print JSON: {project, services: [{name, image, platform?}]}')
    .action(async (opts: ImagesOptions) => {
      const project = opts.ref ? await atRef(opts, opts.ref, ctx) : await here(opts, ctx)
      if (opts.json) {
        const services = project.services.map((s) => ({
          name: s.name,
          image: s.image,
          ...(s.platform && { platform: s.platform })
        }))
        ctx.stdout(`${JSON.stringify({ project: project.name, services }, null, 2)}\n`)
        return
      }
      for (const s of project.services)
        ctx.stdout(`${s.name}\t${s.image}${s.platform ? `\t${s.platform}` : ''}\n`)
    })
}

function here(opts: ImagesOptions, ctx: CliContext): Promise<ComposeProject> {
  return loadComposeProject({
    files: opts.file,
    ...(opts.projectDirectory && { projectDirectory: opts.projectDirectory }),
    ...(opts.profile.length > 0 && { profiles: opts.profile }),
    log: ctx.log
  })
}

async function atRef(opts: ImagesOptions, ref: string, ctx: CliContext): Promise<ComposeProject> {
  if (opts.file.length === 0) throw new UsageError('--ref needs the compose file(s) named with -f')
  const workspace = await gitTopLevel(process.cwd())
  if (!workspace) throw new UsageError('--ref needs a git checkout as the working directory')
  const project = await loadPreviousCompose({
    ref,
    workspace,
    files: opts.file.map((f) => resolve(f)),
    ...(opts.projectDirectory && { projectDirectory: resolve(opts.projectDirectory) }),
    ...(opts.profile.length > 0 && { profiles: opts.profile }),
    env: process.env,
    repo: { owner: '', repo: '' },
    log: ctx.log
  })
  if (!project) throw new UserError(`the compose file(s) did not exist at ${ref}`)
  return project
}
