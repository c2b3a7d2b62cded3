import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Command } from 'commander'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readArtifact } from '../../src/artifact/index.js'
import { registerBuildCommand } from '../../src/cli/commands/build.js'
import { runDemo } from '../../src/demo/run-demo.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { pushShopImages } from '../pipeline/shop.js'

const run = promisify(execFile)

/** `mender-compose build` with the real stages, in process, as the example command. */
async function build(argv: string[], env: Record<string, string>) {
  const out: string[] = []
  const program = new Command('mender-compose').exitOverride()
  const ctx = { log: new MemoryLogger(), stdout: (s: string) => out.push(s), verbose: () => false }
  registerBuildCommand(program, ctx, undefined, env)
  await program.parseAsync(['build', ...argv], { from: 'user' })
  return out.join('')
}

describeWithTools(
  ['skopeo', 'docker-registry', 'mender-artifact'],
  'build with the real stages',
  () => {
    let registry: RunningRegistry
    let dir: string
    beforeAll(async () => {
      dir = await tempDir()
      registry = await startRegistry(dir)
      await pushShopImages(registry.host)
    }, 180_000)
    afterAll(async () => {
      await registry?.stop()
    })

    it('builds v2 of the example against --previous-compose v1, --dry-run --json', async () => {
      const output = join(dir, 'shop-2.0.mender')
      const stdout = await build(
        [
          '-f',
          'examples/shop/v2/compose.yaml',
          '--previous-compose',
          'examples/shop/v1/compose.yaml',
          '--platform',
          'linux/arm/v7',
          '--device-type',
          'beaglebone',
          '--application-name',
          'shop',
          '--artifact-name',
          'shop-2.0',
          '--output',
          output,
          '--cache-dir',
          join(dir, 'store'),
          '--dry-run',
          '--json'
        ],
        { REGISTRY: registry.host, HOME: dir }
      )
      const json = JSON.parse(stdout) as {
        fullSize: number
        deltaSize: number
        artifacts: { path: string; platform: string }[]
        services: { name: string; layers: Record<string, number> }[]
      }
      expect(json.artifacts).toMatchObject([{ path: output, platform: 'linux/arm/v7' }])
      expect(json.deltaSize).toBeLessThan(json.fullSize / 4)
      const byName = Object.fromEntries(json.services.map((s) => [s.name, s.layers]))
      expect(byName.db).toEqual({ reused: 2, delta: 0, full: 0 })
      expect(byName.api).toEqual({ reused: 2, delta: 1, full: 1 })
      await run('mender-artifact', ['validate', output])
      const info = await readArtifact(output)
      expect(info.deviceTypes).toEqual(['beaglebone'])
      expect(info.provides['data-docker.shop.version']).toBe('shop-2.0')
    }, 120_000)

    it('the demo builds v1 in full and v2 as deltas with no registry at all', async () => {
      const out = join(dir, 'demo')
      const { v1, v2 } = await runDemo({
        outputDir: out,
        platform: 'linux/arm64',
        deviceType: 'raspberrypi4',
        log: new MemoryLogger()
      })
      expect(v1.deltaSize).toBe(v1.fullSize)
      expect(v2.artifacts[0]!.size).toBeLessThan(v1.artifacts[0]!.size / 10)
      for (const r of [v1, v2]) await run('mender-artifact', ['validate', r.artifacts[0]!.path])
    }, 120_000)
  }
)
