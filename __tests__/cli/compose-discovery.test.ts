import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Command } from 'commander'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerBuildCommand } from '../../src/cli/commands/build.js'
import { findComposeFiles, loadComposeProject } from '../../src/compose/index.js'
import { getInputs } from '../../src/action/inputs.js'
import { runPipeline } from '../../src/pipeline/run-pipeline.js'
import { MemoryLogger } from '../../src/util/log.js'
import { UserError } from '../../src/util/errors.js'
import { COMPOSE_BIN } from '../helpers/real-device.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { makeUmociImage } from '../oci/umoci-image.js'
import { inputSource } from '../action/input-source.js'
import { baseOptions, exampleApp, memoryStages } from '../pipeline/memory-stages.js'

async function build(argv: string[], cwd: string, log: MemoryLogger) {
  const out: string[] = []
  const program = new Command('mender-compose').exitOverride()
  registerBuildCommand(
    program,
    { log, stdout: (s) => out.push(s), verbose: () => false },
    undefined,
    {
      HOME: cwd
    }
  )
  const before = process.cwd()
  process.chdir(cwd)
  try {
    await program.parseAsync(['build', ...argv], { from: 'user' })
  } finally {
    process.chdir(before)
  }
  return JSON.parse(out.join('')) as { services: { name: string }[]; artifacts: { path: string }[] }
}

describe('compose file lookup when none is named', () => {
  it('the action leaves compose-file empty by default, and the pipeline names what it found', async () => {
    const ws = await tempDir()
    await writeFile(join(ws, 'docker-compose.yml'), 'services:\n  web:\n    image: web:1\n')
    const { src } = inputSource(
      { 'device-types': 'pi', 'dry-run': 'true' },
      { GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'acme/app', RUNNER_TEMP: ws }
    )
    const options = getInputs(src).build
    expect(options.composeFiles).toEqual([])
    const log = new MemoryLogger()
    const { stages } = memoryStages(exampleApp())
    await runPipeline({ ...baseOptions(), ...options, targets: baseOptions().targets }, stages, log)
    expect(log.text()).toContain('Compose file(s): docker-compose.yml')
  })

  it('a folder with no compose file fails before any work, naming the input and the names looked for', async () => {
    const ws = await tempDir()
    const { stages, calls } = memoryStages(exampleApp())
    const err = await runPipeline(
      baseOptions({ composeFiles: [], projectDirectory: ws }),
      stages,
      new MemoryLogger()
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toBe(
      `no compose file in ${ws} or any folder above it: looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml`
    )
    expect((err as UserError).hint).toBe(
      'add compose.yaml (or compose.yml, docker-compose.yaml, docker-compose.yml), or name the file(s) with the compose-file input / -f'
    )
    expect(calls.order).toEqual([])
  })
})

describeWithTools(['umoci'], 'build in a repository with only docker-compose.yml', () => {
  let dir: string
  beforeAll(async () => {
    dir = await tempDir()
    await makeUmociImage(join(dir, 'layout'), 'arm64', { 'srv/index.html': 'hello\n' })
  }, 60_000)

  it('finds docker-compose.yml and its override without -f, as docker compose does', async () => {
    const project = join(dir, 'project')
    await mkdir(project)
    await writeFile(join(project, 'docker-compose.yml'), 'services:\n  web:\n    image: web:1\n')
    await writeFile(
      join(project, 'docker-compose.override.yml'),
      'services:\n  extra:\n    image: extra:1\n'
    )
    const log = new MemoryLogger()
    const json = await build(
      [
        '--platform',
        'arm64',
        '--device-type',
        'pi',
        '--artifact-name',
        'app-1',
        '--service-image',
        `web=oci:${join(dir, 'layout')}:v1`,
        '--service-image',
        `extra=oci:${join(dir, 'layout')}:v1`,
        '--cache-dir',
        join(dir, 'store'),
        '--dry-run',
        '--json'
      ],
      project,
      log
    )
    expect(log.text()).toContain('Compose file(s): docker-compose.yml, docker-compose.override.yml')
    expect(json.services.map((s) => s.name).sort()).toEqual(['extra', 'web'])
    expect(json.artifacts).toHaveLength(1)
  }, 120_000)
})

/** Folders with several candidate files: which ones the real `docker compose` reads decides. */
const LAYOUTS: Record<string, Record<string, string>> = {
  'only docker-compose.yml': { 'docker-compose.yml': 'a' },
  'compose.yml before docker-compose.yaml': { 'compose.yml': 'b', 'docker-compose.yaml': 'c' },
  'compose.yaml before compose.yml': { 'compose.yaml': 'd', 'compose.yml': 'e' },
  'docker-compose.yml with its override': {
    'docker-compose.yml': 'f',
    'docker-compose.override.yml': 'g'
  },
  'COMPOSE_FILE in .env': {
    'compose.yaml': 'h',
    'other.yaml': 'i',
    '.env': 'COMPOSE_FILE=other.yaml\n'
  }
}

const composeBin = COMPOSE_BIN
describe.skipIf(!existsSync(composeBin))('the lookup agrees with docker compose 2.26', () => {
  it.each(Object.entries(LAYOUTS))('%s', async (_name, files) => {
    const dir = await tempDir()
    for (const [file, content] of Object.entries(files))
      await writeFile(
        join(dir, file),
        file === '.env' ? content : `services:\n  ${content}:\n    image: img-${content}:1\n`
      )
    const theirs = execFileSync(composeBin, ['config', '--images'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8'
    })
      .split('\n')
      .filter(Boolean)
      .sort()
    const found = await findComposeFiles(dir, {})
    const ours = await loadComposeProject({ files: found, workingDirectory: dir, env: {} })
    expect(ours.services.map((s) => s.image).sort()).toEqual(theirs)
  })
})
