import { Command, CommanderError } from 'commander'
import { UsageError, UserError, describeError } from '../util/errors.js'
import { redactSent } from '../util/secrets.js'
import { VERSION } from '../version.js'
import { stderrLogger, type CliContext } from './context.js'

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

interface Groups {
  program: Command
  artifact: Command
  delta: Command
  image: Command
  compose: Command
}

/**
 * Each area's commands, loaded on demand: a run loads only the modules its
 * command needs (`image pull` never loads the HTTP stack of the Mender client
 * or the GitHub API), which keeps start-up short. Order = order in --help.
 */
const AREAS: Record<string, (g: Groups, ctx: CliContext) => Promise<void>> = {
  build: async (g, ctx) =>
    (await import('./commands/build.js')).registerBuildCommand(g.program, ctx),
  artifact: async (g, ctx) =>
    (await import('./commands/artifact.js')).registerArtifactCommands(g.artifact, ctx),
  delta: async (g, ctx) =>
    (await import('./commands/delta.js')).registerDeltaCommands(g.delta, ctx),
  image: async (g, ctx) =>
    (await import('./commands/image.js')).registerImageCommands(g.image, ctx),
  compose: async (g, ctx) =>
    (await import('./commands/compose.js')).registerComposeCommands(g.compose, ctx),
  mender: async (g, ctx) =>
    (await import('./commands/mender.js')).registerMenderCommands(g.program, g.artifact, ctx),
  demo: async (g, ctx) => (await import('./commands/demo.js')).registerDemo(g.program, ctx),
  device: async (g, ctx) =>
    (await import('./commands/device-module.js')).registerDeviceModule(g.program, ctx)
}

/** The areas a first word needs; anything else (help, typos, none) loads them all. */
const NEEDS: Record<string, string[]> = {
  build: ['build'],
  artifact: ['artifact', 'mender'],
  delta: ['delta'],
  image: ['image'],
  compose: ['compose'],
  deploy: ['mender'],
  demo: ['demo'],
  'device-module': ['device']
}

/** The program with the commands `argv` needs (all of them when `argv` is not given). */
export async function buildProgram(ctx: CliContext, argv?: string[]): Promise<Command> {
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
  // The groups are made here because two areas share `artifact` (write/read/validate and upload).
  const groups: Groups = {
    program,
    artifact: program
      .command('artifact')
      .description('write, read, validate and upload Mender Artifacts'),
    delta: program.command('delta').description('encode and decode VCDIFF deltas'),
    image: program.command('image').description('resolve and pull images without a Docker daemon'),
    compose: program.command('compose').description('read compose files')
  }
  const first = argv?.find((a) => !a.startsWith('-'))
  const versionOnly = first === undefined && argv?.some((a) => a === '-V' || a === '--version')
  const wanted = versionOnly
    ? []
    : ((first !== undefined ? NEEDS[first] : undefined) ?? Object.keys(AREAS))
  for (const [name, load] of Object.entries(AREAS))
    if (wanted.includes(name)) await load(groups, ctx)
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
  const program = await buildProgram(ctx, argv)
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
    // a credential a server echoed never reaches the terminal, whatever path the error took
    process.stderr.write(redactSent(`error: ${describeError(err)}\n`))
    if (verbose && err instanceof Error && !(err instanceof UserError))
      process.stderr.write(redactSent(`${err.stack}\n`))
    if (verbose && err instanceof Error && err.cause)
      process.stderr.write(redactSent(`caused by: ${describeError(err.cause)}\n`))
    if (err instanceof UsageError) return EXIT_USAGE
    return (err instanceof UserError && err.exitCode) || EXIT_FAILURE
  }
}
