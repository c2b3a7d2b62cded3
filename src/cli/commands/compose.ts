import type { Command } from 'commander'
import { loadComposeProject } from '../../compose/load.js'
import type { CliContext } from '../context.js'

const collect = (v: string, acc: string[]) => [...acc, v]

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
    .option('--json', 'print JSON: {project, services: [{name, image, platform?}]}')
    .action(
      async (opts: {
        file: string[]
        projectDirectory?: string
        profile: string[]
        json?: boolean
      }) => {
        const project = await loadComposeProject({
          files: opts.file,
          ...(opts.projectDirectory && { projectDirectory: opts.projectDirectory }),
          ...(opts.profile.length > 0 && { profiles: opts.profile }),
          log: ctx.log
        })
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
      }
    )
}
