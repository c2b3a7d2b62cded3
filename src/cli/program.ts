import { Command, CommanderError } from 'commander'
import { UsageError, UserError, describeError } from '../util/errors.js'
import { VERSION } from '../version.js'
import { stderrLogger, type CliContext } from './context.js'
import { registerDemo } from './commands/demo.js'
import { registerArtifactCommands } from './commands/artifact.js'
import { registerDeltaCommands } from './commands/delta.js'
import { registerImageCommands } from './commands/image.js'
import { registerComposeCommands } from './commands/compose.js'
import { registerMenderCommands } from './commands/mender.js'
import { registerBuildCommand } from './commands/build.js'

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('mender-compose')
    .description(
      'Build, upload and deploy Mender Artifacts of docker-compose applications with per-layer deltas'
    )
    .version(VERSION, '-V, --version')
    .option('-v, --verbose', 'print details and stack traces')
    .option('-q, --quiet', 'print only results and errors')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => ctx.stdout(s) })
  // Each area fills its own file; the groups are made here because two areas
  // share `artifact` (write/read/validate and upload).
  const artifact = program
    .command('artifact')
    .description('write, read, validate and upload Mender Artifacts')
  const delta = program.command('delta').description('encode and decode VCDIFF deltas')
  const image = program
    .command('image')
    .description('resolve and pull images without a Docker daemon')
  const compose = program.command('compose').description('read compose files')
  registerBuildCommand(program, ctx)
  registerArtifactCommands(artifact, ctx)
  registerDeltaCommands(delta, ctx)
  registerImageCommands(image, ctx)
  registerComposeCommands(compose, ctx)
  registerMenderCommands(program, artifact, ctx)
  registerDemo(program, ctx)
  return program
}

/** Run the CLI and return its exit code; never calls process.exit itself. */
export async function main(argv: string[]): Promise<number> {
  let verbose = argv.includes('-v') || argv.includes('--verbose')
  const quiet = argv.includes('-q') || argv.includes('--quiet')
  const ctx: CliContext = {
    log: stderrLogger(() => verbose, quiet),
    stdout: (s) => process.stdout.write(s),
    verbose: () => verbose
  }
  const program = buildProgram(ctx)
  program.hook('preAction', (cmd) => {
    verbose = Boolean(cmd.optsWithGlobals().verbose)
  })
  try {
    if (argv.length === 0) {
      program.outputHelp()
      return EXIT_USAGE
    }
    await program.parseAsync(argv, { from: 'user' })
    return EXIT_OK
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return EXIT_OK
      // commander already printed its one-line message
      return EXIT_USAGE
    }
    process.stderr.write(`error: ${describeError(err)}\n`)
    if (verbose && err instanceof Error && !(err instanceof UserError))
      process.stderr.write(`${err.stack}\n`)
    if (verbose && err instanceof Error && err.cause)
      process.stderr.write(`caused by: ${describeError(err.cause)}\n`)
    return err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE
  }
}
