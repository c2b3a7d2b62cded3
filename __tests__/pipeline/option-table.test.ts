import { Command, type Option } from 'commander'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { getInputs } from '../../src/action/inputs.js'
import { registerBuildCommand } from '../../src/cli/commands/build.js'
import { buildProgram } from '../../src/cli/program.js'
import {
  cliFlag,
  OPTION_TABLE,
  optionDefault,
  type OptionKey,
  type OptionSpec
} from '../../src/pipeline/options.js'
import { validateBuildOptions } from '../../src/pipeline/validate-options.js'
import { MemoryLogger } from '../../src/util/log.js'
import { inputSource } from '../action/input-source.js'
import { baseOptions, exampleApp, memoryStages } from './memory-stages.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>
}
const table = Object.entries(OPTION_TABLE) as Array<[OptionKey, OptionSpec]>
const ctx = { log: new MemoryLogger(), stdout: () => {}, verbose: () => false }

function buildCommand(): Command {
  const program = new Command('mender-compose')
  registerBuildCommand(program, ctx, () => memoryStages(exampleApp()).stages, {})
  return program.commands.find((c) => c.name() === 'build')!
}

describe('the option table', () => {
  it('is what action.yml declares: the same inputs and defaults, every value named', () => {
    const inputs = table.filter(([, o]) => o.input !== false)
    expect(Object.keys(action.inputs).sort()).toEqual(inputs.map(([, o]) => o.name).sort())
    for (const [key, o] of inputs) {
      const declared = action.inputs[o.name]!
      expect(declared.default ?? '', o.name).toBe(optionDefault(key))
      for (const v of o.values ?? []) expect(declared.description, o.name).toContain(`\`${v}\``)
    }
  })

  it('does not offer a compression the writer cannot produce', () => {
    expect(OPTION_TABLE.compression.values).not.toContain('lzma')
    expect(action.inputs.compression!.description).not.toContain('lzma')
  })

  it('gives every CLI flag its help, accepted values and default', () => {
    const options = buildCommand().options
    for (const [key, o] of table) {
      const flag = cliFlag(key)
      if (!flag) continue
      const opt = options.find((x: Option) => x.long === flag)
      expect(opt, flag).toBeDefined()
      expect(opt!.description, flag).toBe(o.help)
      expect(opt!.argChoices, flag).toEqual(o.values ? [...o.values] : undefined)
      if (o.values) expect(opt!.defaultValue, flag).toBe(o.default)
    }
  })

  it('accepts the action input names as CLI flags too', async () => {
    const { stages, calls } = memoryStages(exampleApp())
    const program = new Command('mender-compose').exitOverride()
    registerBuildCommand(program, ctx, () => stages, { HOME: '/home/u' })
    await program.parseAsync(
      [
        'build',
        '--compose-file',
        'compose.yaml',
        '--device-types',
        'pi4',
        '--platform',
        'linux/arm64',
        '--artifact-name',
        'a-1',
        '--dry-run'
      ],
      { from: 'user' }
    )
    expect(calls.order[0]).toBe('plan')
  })

  it('deploy --wait-timeout takes the same durations as build (30m)', async () => {
    const program = await buildProgram(ctx, ['deploy'])
    const deploy = program.commands.find((c) => c.name() === 'deploy')!
    const opt = deploy.options.find((o) => o.long === '--wait-timeout')!
    expect(opt.defaultValue).toBe(optionDefault('waitTimeout'))
    expect(opt.description).toBe(OPTION_TABLE.waitTimeout.help)
  })

  it("deploy's rollout flags are the table's, as build offers them", async () => {
    const program = await buildProgram(ctx, ['deploy'])
    const deploy = program.commands.find((c) => c.name() === 'deploy')!
    for (const key of [
      'forceInstallation',
      'retries',
      'phases',
      'updateControlMap',
      'maxFailures'
    ] as const) {
      const opt = deploy.options.find((o) => o.long === cliFlag(key))
      expect(opt?.description, key).toBe(OPTION_TABLE[key].help)
      if (key !== 'forceInstallation')
        expect(opt?.defaultValue, key).toBe(optionDefault(key) || undefined)
    }
  })
})

describe('every option is checked before any work', () => {
  const naming = { field: (k: OptionKey) => `Input '${OPTION_TABLE[k].name}'`, credentialsHint: '' }

  it('refuses zstd up front on a Node.js without it, and names only accepted values', () => {
    const options = baseOptions({ compression: 'zstd_fast', dryRun: true })
    let err: (Error & { hint?: string }) | undefined
    try {
      validateBuildOptions(options, naming, { zstd: false })
    } catch (e) {
      err = e as Error & { hint?: string }
    }
    expect(err?.message).toBe(
      `Input 'compression' is zstd_fast, but this Node.js (${process.version}) cannot write zstd`
    )
    expect(err?.hint).toBe('use gzip or none, or run on Node.js 22.15 or newer')
    expect(() => validateBuildOptions(options, naming, { zstd: true })).not.toThrow()
  })

  it('refuses lzma in the action inputs, naming the accepted values', () => {
    const { src } = inputSource(
      { 'device-types': 'pi4', 'dry-run': 'true', compression: 'lzma' },
      { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/tmp/r' }
    )
    expect(() => getInputs(src)).toThrow(
      "Input 'compression' must be one of none, gzip, zstd_fastest, zstd_fast, zstd_better, zstd_best, got 'lzma'"
    )
  })
})
