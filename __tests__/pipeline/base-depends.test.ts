import { execFile } from 'node:child_process'
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Command } from 'commander'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readArtifact } from '../../src/artifact/index.js'
import { registerBuildCommand } from '../../src/cli/commands/build.js'
import { MemoryLogger } from '../../src/util/log.js'
import { runnableImage } from '../helpers/real-device.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { Pusher } from '../oci/fixtures.js'

const run = promisify(execFile)

/** `mender-compose build` in process, from `cwd` (the repository checkout). */
async function build(cwd: string, argv: string[], env: Record<string, string>) {
  const log = new MemoryLogger()
  const program = new Command('mender-compose').exitOverride()
  registerBuildCommand(
    program,
    { log, stdout: () => undefined, verbose: () => false },
    undefined,
    env
  )
  const before = process.cwd()
  process.chdir(cwd)
  try {
    await program.parseAsync(['build', ...argv], { from: 'user' })
  } finally {
    process.chdir(before)
  }
  return log
}

const git = (cwd: string, ...args: string[]) =>
  run('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd })

describeWithTools(
  ['docker-registry', 'mender-artifact'],
  'a delta depends on what its base provides, as its release record says',
  () => {
    let work: string
    let registry: RunningRegistry
    beforeAll(async () => {
      work = await tempDir()
      registry = await startRegistry(work)
      const push = new Pusher(registry.url)
      await push.image('shop/web', '1', await runnableImage([{ 'app/v': 'v1\n' }]))
      await push.image('shop/web', '2', await runnableImage([{ 'app/v': 'v2\n' }]))
    })
    afterAll(async () => registry?.stop())

    it('recorded images value, and a record from before that key: the version alone, said once', async () => {
      const repo = join(work, 'repo')
      const cache = join(work, 'cache')
      await mkdir(join(repo, 'deploy'), { recursive: true })
      const compose = (v: string) =>
        writeFile(
          join(repo, 'deploy/compose.yaml'),
          `services:\n  web:\n    image: ${registry.host}/shop/web:${v}\n    network_mode: none\n`
        )
      await git(work, 'init', '-q', repo)
      await compose('1')
      await git(repo, 'add', '.')
      await git(repo, 'commit', '-qm', 'v1')
      const sha1 = (await git(repo, 'rev-parse', 'HEAD')).stdout.trim()
      const common = [
        '-f',
        'deploy/compose.yaml',
        '--application-name',
        'shop',
        '--device-type',
        'dev',
        '--cache-dir',
        cache,
        '--dry-run'
      ]
      const env = { HOME: work }
      const v1 = join(work, 'shop-v1.mender')
      await build(repo, [...common, '--artifact-name', 'shop-v1', '--output', v1], env)
      const v1Images = (await readArtifact(v1)).provides['data-docker.shop.images']
      expect(v1Images).toMatch(/^sha256:[0-9a-f]{64}$/)
      // v1's record, kept where a later run looks it up by the previous release's ref
      const recordDir = join(cache, 'releases', 'shop', sha1)
      await mkdir(recordDir, { recursive: true })
      const record = join(recordDir, 'linux_amd64.json')
      await copyFile(join(work, 'shop-v1.json'), record)
      expect(JSON.parse(await readFile(record, 'utf8')).provides).toMatchObject({
        'data-docker.shop.images': v1Images
      })

      await compose('2')
      await git(repo, 'commit', '-qam', 'v2')
      const v2 = join(work, 'shop-v2.mender')
      const v2Args = [...common, '--previous-ref', sha1, '--artifact-name', 'shop-v2']
      await build(repo, [...v2Args, '--output', v2], env)
      expect((await readArtifact(v2)).depends).toMatchObject({
        'data-docker.shop.images': v1Images,
        'data-docker.shop.version': 'shop-v1'
      })

      // a record written before artifacts provided their images
      const old = JSON.parse(await readFile(record, 'utf8')) as Record<string, unknown>
      delete old.provides
      await writeFile(record, JSON.stringify(old))
      const v2b = join(work, 'shop-v2b.mender')
      const log = await build(repo, [...v2Args, '--output', v2b], env)
      const depends = (await readArtifact(v2b)).depends
      expect(depends['data-docker.shop.version']).toBe('shop-v1')
      expect(depends['data-docker.shop.images']).toBeUndefined()
      const said = log.lines.filter((l) =>
        l.message.includes('built before artifacts provided their images')
      )
      expect(said).toEqual([
        {
          level: 'info',
          message:
            'the previous release shop-v1 was built before artifacts provided their images: the delta artifact depends on its version only'
        }
      ])
    })
  }
)
