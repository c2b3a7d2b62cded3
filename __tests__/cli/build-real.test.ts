import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readArtifact } from '../../src/artifact/index.js'
import { registerBuildCommand } from '../../src/cli/commands/build.js'
import { runDemo } from '../../src/demo/run-demo.js'
import { MenderClient } from '../../src/mender/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startFakeMender, type FakeMender } from '../fakes/mender-server/index.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { pushShopImages } from '../pipeline/shop.js'

const run = promisify(execFile)
const PAT = 'pat-build-real-0123456789'

/** `mender-compose build` with the production stages, in process, as the issue's example command. */
async function build(argv: string[], env: Record<string, string>, log = new MemoryLogger()) {
  const out: string[] = []
  const program = new Command('mender-compose').exitOverride()
  const ctx = { log, stdout: (s: string) => out.push(s), verbose: () => false }
  registerBuildCommand(program, ctx, undefined, env)
  await program.parseAsync(['build', ...argv], { from: 'user' })
  return out.join('')
}

interface BuildJson {
  cache: { deltasEncoded: number; deltasFromCache: number; blobsFetched: number }
  fullSize: number
  deltaSize: number
  artifacts: { path: string; platform: string }[]
  services: { name: string; layers: Record<string, number> }[]
}

const layersOf = (json: BuildJson) =>
  Object.fromEntries(json.services.map((s) => [s.name, s.layers]))

describeWithTools(
  ['skopeo', 'docker-registry', 'mender-artifact'],
  'build with the production stages',
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

    /** The issue's example command: v2 against --previous-compose v1, --dry-run --json. */
    const exampleArgv = (output: string) => [
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
    ]

    it('builds v2 of the example against --previous-compose v1, --dry-run --json', async () => {
      const output = join(dir, 'shop-2.0.mender')
      const stdout = await build(exampleArgv(output), { REGISTRY: registry.host, HOME: dir })
      const json = JSON.parse(stdout) as BuildJson
      expect(json.artifacts).toMatchObject([{ path: output, platform: 'linux/arm/v7' }])
      expect(json.deltaSize).toBeLessThan(json.fullSize / 4)
      const byName = layersOf(json)
      expect(byName.db).toEqual({ reused: 2, delta: 0, full: 0 })
      expect(byName.api).toEqual({ reused: 2, delta: 1, full: 1 })
      await run('mender-artifact', ['validate', output])
      const info = await readArtifact(output)
      expect(info.deviceTypes).toEqual(['beaglebone'])
      expect(info.provides['data-docker.shop.version']).toBe('shop-2.0')
      // No previous artifact name given and no record: nothing to depend on.
      expect(info.depends['data-docker.shop.version']).toBeUndefined()
      expect(json.cache.deltasEncoded).toBe(2)

      // The same v1 → v2 again on the same store (a re-run, a restored cache):
      // nothing fetched, nothing encoded, the same artifact payload.
      const again = join(dir, 'shop-2.0-again.mender')
      const log = new MemoryLogger()
      const json2 = JSON.parse(
        await build(exampleArgv(again), { REGISTRY: registry.host, HOME: dir }, log)
      ) as BuildJson
      expect(json2.cache).toMatchObject({ blobsFetched: 0, deltasEncoded: 0, deltasFromCache: 2 })
      expect(log.text()).toContain('0 deltas encoded, 2 from the delta cache')
      expect(json2.deltaSize).toBe(json.deltaSize)
      const [a, b] = await Promise.all([readArtifact(output), readArtifact(again)])
      const sums = (x: typeof a) => x.files.map((f) => [f.name, f.sha256, f.size])
      expect(sums(b)).toEqual(sums(a))
      await run('mender-artifact', ['validate', again])
    }, 120_000)

    it('--delta-encoder lzma encodes anew (the delta cache keys the encoder) and validates', async () => {
      const output = join(dir, 'shop-2.0-lzma.mender')
      const argv = [...exampleArgv(output), '--delta-encoder', 'lzma']
      const json = JSON.parse(
        await build(argv, { REGISTRY: registry.host, HOME: dir })
      ) as BuildJson
      // the native deltas of the same pairs are in this store already: not reused
      expect(json.cache).toMatchObject({ deltasEncoded: 2, deltasFromCache: 0 })
      expect(json.deltaSize).toBeLessThan(json.fullSize / 4)
      await run('mender-artifact', ['validate', output])
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
      // v2's deltas decode only on a device running shop-1.0: the demo names it.
      const info = await readArtifact(v2.artifacts[0]!.path)
      expect(info.depends).toMatchObject({ 'data-docker.shop.version': 'shop-1.0' })
    }, 120_000)

    // A containerd-store fleet: v1 ships uncompressed layers, so the device names
    // its images by our manifests' digests; the record says so, and v2's deltas
    // name those IDs. Without a record the base is the image as pulled.
    describe('containerd store: the release record keeps what the device holds', () => {
      let fake: FakeMender
      const argv = (name: string, compose: string, extra: string[] = []) => [
        '-f',
        compose,
        '--device-image-store',
        'containerd',
        '--platform',
        'linux/arm/v7',
        '--device-type',
        'beaglebone',
        '--application-name',
        'shop',
        '--artifact-name',
        name,
        '--output',
        join(dir, `${name}.mender`),
        '--cache-dir',
        join(dir, 'store-containerd'),
        '--dry-run',
        '--json',
        ...extra
      ]
      /** Per image folder of the artifact's app payload, the file `name`. */
      const payloadFiles = async (artifact: string, name: string) => {
        const { stdout } = await run('sh', [
          '-c',
          // the data tar as a file: GNU tar detects its compression only then
          `tar -xOf "$1" --wildcards 'data/0000.tar*' > "$1.data" && tar -xOf "$1.data" images.tar.gz | tar -xzO --wildcards 'images/*/${name}'`,
          'sh',
          artifact
        ])
        return stdout.split('\n').filter(Boolean).sort()
      }
      type Rec = { services: { service: string; [k: string]: unknown }[] }
      const record = async (name: string): Promise<Rec> =>
        JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as Rec

      beforeAll(async () => {
        fake = await startFakeMender({ workDir: join(dir, 'mender-c'), pats: [PAT] })
      })
      afterAll(async () => {
        await fake?.close()
      })

      it('v1 records the image IDs of its uncompressed images, and v2 deltas name them', async () => {
        const env = { REGISTRY: registry.host, HOME: dir, MENDER_ACCESS_TOKEN: PAT }
        await build(argv('shop-c1', 'examples/shop/v1/compose.yaml'), env)
        const v1 = await record('shop-c1')
        const ids = v1.services.map((s) => s.deviceImageId as string)
        expect(v1.services.every((s) => s.deviceLayers === 'uncompressed')).toBe(true)
        // the device's image ID is our manifest's digest, not the registry's
        for (const s of v1.services) expect(s.deviceImageId).not.toBe(s.manifestDigest)
        expect(await payloadFiles(join(dir, 'shop-c1.mender'), 'sums-new.txt')).toEqual(
          ids.map((i) => i.slice(7)).sort()
        )
        const client = await MenderClient.connect({
          serverUrl: fake.url,
          credentials: { token: PAT }
        })
        await client.uploadArtifact(join(dir, 'shop-c1.mender'))
        await client.close()

        const server = ['--previous-artifact-name', 'shop-c1', '--mender-server-url', fake.url]
        const prev = ['--previous-compose', 'examples/shop/v1/compose.yaml']
        await build(argv('shop-c2', 'examples/shop/v2/compose.yaml', [...prev, ...server]), env)
        const current = await payloadFiles(join(dir, 'shop-c2.mender'), 'sums-current.txt')
        expect(current).toEqual(ids.map((i) => i.slice(7)).sort())

        // no record: the devices got v1 some other way (pulled), as the registry serves it
        const log = new MemoryLogger()
        await build(argv('shop-c2-pulled', 'examples/shop/v2/compose.yaml', prev), env, log)
        const pulled = await payloadFiles(join(dir, 'shop-c2-pulled.mender'), 'sums-current.txt')
        expect(pulled).toEqual(v1.services.map((s) => (s.manifestDigest as string).slice(7)).sort())
      }, 180_000)
    })

    // Lookup (1) of the digest-source chain, through real HTTP: v1 as our
    // writer built it (metadata embedded) on the fake Mender server, then the
    // tag v1 named moved to v2's image, as happens with mutable tags.
    describe('the previous artifact on the Mender server', () => {
      let fake: FakeMender
      const common = (name: string) => [
        '--platform',
        'linux/arm/v7',
        '--device-type',
        'beaglebone',
        '--application-name',
        'shop',
        '--output',
        join(dir, `${name}.mender`),
        '--cache-dir',
        join(dir, `store-${name}`),
        '--dry-run',
        '--json'
      ]
      const buildV2 = (name: string, log: MemoryLogger) =>
        build(
          [
            '-f',
            'examples/shop/v2/compose.yaml',
            '--previous-compose',
            'examples/shop/v1/compose.yaml',
            '--previous-artifact-name',
            'shop-1.0',
            '--mender-server-url',
            fake.url,
            '--artifact-name',
            name,
            ...common(name)
          ],
          { REGISTRY: registry.host, HOME: dir, MENDER_ACCESS_TOKEN: PAT },
          log
        )

      beforeAll(async () => {
        fake = await startFakeMender({ workDir: join(dir, 'mender'), pats: [PAT] })
        await build(
          ['-f', 'examples/shop/v1/compose.yaml', '--artifact-name', 'shop-1.0', ...common('v1')],
          { REGISTRY: registry.host, HOME: dir }
        )
        const client = await MenderClient.connect({
          serverUrl: fake.url,
          credentials: { token: PAT }
        })
        await client.uploadArtifact(join(dir, 'v1.mender'))
        await client.close()
        await run('skopeo', [
          'copy',
          '--all',
          '--src-tls-verify=false',
          '--dest-tls-verify=false',
          `docker://${registry.host}/shop/web:2.0`,
          `docker://${registry.host}/shop/web:1.0`
        ])
      }, 120_000)
      afterAll(async () => {
        await fake?.close()
      })

      it('finds it by name, and its digests win over the moved tag', async () => {
        const log = new MemoryLogger()
        const json = JSON.parse(await buildV2('shop-2.0-a', log)) as BuildJson
        expect(log.text()).toContain(
          'previous release metadata from the previous artifact on the Mender server (artifact shop-1.0)'
        )
        expect(log.text()).toMatch(
          /base image for service "web": sha256:[0-9a-f]{64} \(.*shop\/web:1\.0\), from the previous artifact metadata on the Mender server/
        )
        expect(log.lines.filter((l) => l.level === 'warn')).toEqual([])
        expect(fake.requests.some((r) => r.path.includes('name=shop-1.0'))).toBe(true)
        // The moved tag would make web's base its own v2 image: nothing to send.
        // The recorded v1 image differs in its site layer, which ships as a delta.
        const web = layersOf(json).web!
        expect(web.delta! + web.full!).toBeGreaterThan(0)
        // The artifact depends on the version the record names.
        const info = await readArtifact(join(dir, 'shop-2.0-a.mender'))
        expect(JSON.stringify(info.depends)).toContain('shop-1.0')
      }, 120_000)

      it('a server answering 500 costs a warning, and the build goes on from the tag', async () => {
        fake.faults.push({ route: 'artifacts', kind: 'status', status: 500, times: 10 })
        const log = new MemoryLogger()
        const json = JSON.parse(await buildV2('shop-2.0-b', log)) as BuildJson
        const warnings = log.lines.filter((l) => l.level === 'warn').map((l) => l.message)
        expect(warnings).toContainEqual(
          expect.stringMatching(
            /^could not read the previous release's metadata from the previous artifact on the Mender server: .*500/
          )
        )
        expect(log.text()).not.toContain(PAT)
        // Fell through to the moved tag: web's base is now v2 itself.
        expect(layersOf(json).web).toMatchObject({ delta: 0, full: 0 })
        // The name was given explicitly: the delta still depends on it, with a warning
        // that no record confirmed it.
        expect(warnings).toContainEqual(
          expect.stringMatching(/no release record of the previous artifact shop-1\.0 was found/)
        )
        const info = await readArtifact(join(dir, 'shop-2.0-b.mender'))
        expect(info.depends).toMatchObject({ 'data-docker.shop.version': 'shop-1.0' })
      }, 120_000)
    })
  }
)
