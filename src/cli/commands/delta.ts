import type { Command } from 'commander'
import { decodeDelta, encodeDelta, parseEngine } from '../../delta/index.js'
import { formatBytes, formatDuration } from '../../util/format.js'
import type { CliContext } from '../context.js'

interface EncodeFlags {
  source: string
  target: string
  output: string
  engine: string
}

interface DecodeFlags {
  source: string
  delta: string
  output: string
}

/** `delta encode | decode` (VCDIFF that stock `xdelta3 -d -s SOURCE DELTA OUT` applies). */
export function registerDeltaCommands(delta: Command, ctx: CliContext): void {
  delta
    .command('encode')
    .description('make a VCDIFF delta of TARGET against SOURCE (decodable by xdelta3 -d -s)')
    .requiredOption('--source <file>', 'the old file (e.g. the previous layer tar)')
    .requiredOption('--target <file>', 'the new file')
    .requiredOption('--output <file>', 'where to write the delta')
    .option('--engine <name>', 'native (built in) or xdelta3 (the system binary)', 'native')
    .action(async (flags: EncodeFlags) => {
      const engine = parseEngine(flags.engine)
      const r = await encodeDelta({
        sourcePath: flags.source,
        targetPath: flags.target,
        outputPath: flags.output,
        engine
      })
      ctx.log.debug(`delta encode stats: ${JSON.stringify(r.stats ?? {})}`)
      ctx.stdout(
        `${flags.output}: ${formatBytes(r.size)} delta (${r.size} bytes) of a ${formatBytes(r.targetSize)} target against a ${formatBytes(r.sourceSize)} source, ${engine} engine, ${formatDuration(r.durationMs)}\n`
      )
    })

  delta
    .command('decode')
    .description('apply a VCDIFF delta to SOURCE, verifying every window checksum')
    .requiredOption('--source <file>', 'the old file the delta was made against')
    .requiredOption('--delta <file>', 'the delta')
    .requiredOption('--output <file>', 'where to write the rebuilt file')
    .action(async (flags: DecodeFlags) => {
      const r = await decodeDelta({
        sourcePath: flags.source,
        deltaPath: flags.delta,
        outputPath: flags.output
      })
      ctx.stdout(
        `${flags.output}: ${formatBytes(r.size)} (${r.size} bytes, ${r.windows} windows) in ${formatDuration(r.durationMs)}\n`
      )
    })
}
