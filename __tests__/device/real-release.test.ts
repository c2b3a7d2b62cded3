import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { Command } from 'commander'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerBuildCommand } from '../../src/cli/commands/build.js'
import { readMetadataFile, writeReleaseRecords } from '../../src/release/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import {
  MenderClient,
  RECORDING_APP_MODULE,
  RealDevice,
  describeOnRealDevice,
  runnableImage,
  type ImageStore
} from '../helpers/real-device.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { Pusher } from '../oci/fixtures.js'
import { appModuleInstall, composeModuleInstall } from './module-steps.js'

const run = promisify(execFile)

/** `mender-compose build` with the real stages, in process; the log for what it said. */
async function build(argv: string[], env: Record<string, string>) {
  const log = new MemoryLogger()
  const program = new Command('mender-compose').exitOverride()
  const ctx = { log, stdout: () => undefined, verbose: () => false }
  registerBuildCommand(program, ctx, undefined, env)
  await program.parseAsync(['build', ...argv], { from: 'user' })
  return log
}

async function write(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, text)
  }
}

const SERVICE = (image: string, extra: string[] = []) => [
  `    image: ${image}`,
  '    network_mode: none',
  ...extra
]

/**
 * Two shapes of repository the device must run exactly as built: the compose
 * file in a subfolder (with an env file beside it), and a project merged from
 * two files whose override carries what changes between releases. Each gives
 * v1 and v2 folders; `files` are the -f arguments.
 */
const PROJECTS = {
  subfolder: async (root: string) => {
    for (const v of ['1', '2'])
      await write({
        [join(root, `v${v}/deploy/compose.yaml`)]: [
          'services:',
          '  web:',
          ...SERVICE(`\${REGISTRY}/shop/web:${v}`, ['    env_file: web.env']),
          '  worker:',
          ...SERVICE('${REGISTRY}/shop/worker:1')
        ].join('\n'),
        [join(root, `v${v}/deploy/web.env`)]: `MODE=release-${v}\n`
      })
    return (v: string) => [join(root, `v${v}/deploy/compose.yaml`)]
  },
  'two-file': async (root: string) => {
    for (const v of ['1', '2'])
      await write({
        [join(root, `v${v}/compose.yaml`)]: [
          'services:',
          '  web:',
          ...SERVICE('${REGISTRY}/shop/web:1'),
          '  worker:',
          ...SERVICE('${REGISTRY}/shop/worker:1')
        ].join('\n'),
        // the release is in the override: a device reading compose.yaml alone would run v1
        [join(root, `v${v}/compose.prod.yaml`)]: [
          'services:',
          '  web:',
          `    image: \${REGISTRY}/shop/web:${v}`,
          '    environment:',
          `      MODE: release-${v}`
        ].join('\n')
      })
    return (v: string) => [join(root, `v${v}/compose.yaml`), join(root, `v${v}/compose.prod.yaml`)]
  }
}

const fileArgs = (files: string[]) => files.flatMap((f) => ['-f', f])

describeOnRealDevice('what the device runs is what was built (real engine, Mender client)', () => {
  let work: string
  let registry: RunningRegistry
  const env = () => ({ REGISTRY: registry.host, HOME: work })

  beforeAll(async () => {
    work = await tempDir()
    registry = await startRegistry(work)
    const push = new Pusher(registry.url)
    await push.image('shop/web', '1', await runnableImage([{ 'app/v': 'v1\n' }]))
    await push.image('shop/web', '2', await runnableImage([{ 'app/v': 'v2\n' }]))
    await push.image('shop/worker', '1', await runnableImage([{ 'app/w': 'worker\n' }]))
  }, 120_000)
  afterAll(async () => registry?.stop())

  /** Builds v1 (full) and v2 (a delta against the v1 compose files) of a project. */
  async function buildBoth(
    shape: keyof typeof PROJECTS,
    store: ImageStore,
    module: 'app' | 'docker-compose'
  ) {
    const root = join(work, `${shape}-${store}-${module}`)
    const files = await PROJECTS[shape](root)
    const common = [
      '--application-name',
      'shop',
      '--device-type',
      'dev',
      '--device-image-store',
      store,
      '--module',
      module,
      '--cache-dir',
      join(work, `cache-${store}`),
      '--dry-run'
    ]
    const v1 = join(root, 'shop-v1.mender')
    const v2 = join(root, 'shop-v2.mender')
    await build(
      [...fileArgs(files('1')), ...common, '--artifact-name', 'shop-v1', '--output', v1],
      env()
    )
    if (store === 'containerd') {
      // A containerd-store device holds the images v1 shipped with their own IDs (manifests
      // over uncompressed layers); only v1's release record says so: without one, a base
      // named by the previous compose files is taken as pulled from its registry. The action
      // keeps records in its cache; here v1's goes where the v2 build looks it up.
      const ref = files('1').join(', ')
      await writeReleaseRecords(
        {
          cacheDir: join(work, `cache-${store}`),
          applicationName: 'shop',
          github: { ref, sha: '' }
        },
        await readMetadataFile(v1.replace(/\.mender$/, '.json'))
      )
    }
    const log = await build(
      [
        ...fileArgs(files('2')),
        '--previous-compose',
        files('1').join(','),
        ...common,
        '--artifact-name',
        'shop-v2',
        '--output',
        v2
      ],
      env()
    )
    return { root, v1, v2, log }
  }

  /** `mender-artifact read`: the provides and depends it prints. */
  async function readArtifact(path: string): Promise<string> {
    return (await run('mender-artifact', ['read', path])).stdout
  }

  for (const store of ['classic', 'containerd'] as ImageStore[])
    for (const shape of ['subfolder', 'two-file'] as const)
      it(`app module, ${shape} project, ${store} store: v1 full then the v2 delta run as built`, async () => {
        const { root, v1, v2 } = await buildBoth(shape, store, 'app')
        const key = 'data-docker.shop.images'

        // mender-artifact shows what the client checks
        const read1 = await readArtifact(v1)
        const read2 = await readArtifact(v2)
        const provided = (text: string) =>
          /data-docker\.shop\.images: (sha256:[0-9a-f]{64})/.exec(text)?.[1]
        const v1Images = provided(read1.split(/Depends:/)[0]!)
        expect(v1Images).toMatch(/^sha256:/)
        expect(read2).toContain('data-docker.shop.version: shop-v2')
        // v2 depends on exactly what v1 provides, with no previous artifact name given
        expect(read2.split(/Depends:/)[1]).toContain(`${key}: ${v1Images}`)

        const device = await RealDevice.start(store)
        try {
          await appModuleInstall(device, v1, 'shop', join(root, 'device'))
          expect(await device.running('shop')).toEqual(['shop-web-1', 'shop-worker-1'])
          expect(await device.readInContainer('shop-web-1', '/app/v')).toBe('v1\n')
          // v2's changed layer comes as a delta against the device's own export of v1
          const { decoded } = await appModuleInstall(device, v2, 'shop', join(root, 'device'))
          expect(decoded).toBeGreaterThan(0)
          expect(await device.running('shop')).toEqual(['shop-web-1', 'shop-worker-1'])
          expect(await device.readInContainer('shop-web-1', '/app/v')).toBe('v2\n')
          expect(await device.readInContainer('shop-worker-1', '/app/w')).toBe('worker\n')
          const mode = await device.dockerOk(['exec', 'shop-web-1', 'sh', '-c', 'echo $MODE'])
          expect(mode).toBe('release-2\n')
        } finally {
          await device.stop()
        }

        // the Mender client: v1 then v2 install, and show-provides names v2
        const client = await MenderClient.create({
          dir: join(root, 'client'),
          deviceType: 'dev',
          appModule: RECORDING_APP_MODULE
        })
        for (const art of [v1, v2]) {
          const r = await client.install(art)
          expect(r.code, r.stderr).toBe(0)
          if ((await client.commit()).code !== 0) {
            /* a module without rollback support commits at once */
          }
        }
        const provides = await client.showProvides()
        expect(provides.artifact_name).toBe('shop-v2')
        expect(provides['data-docker.shop.version']).toBe('shop-v2')
        expect(provides[key]).toBe(provided(read2.split(/Depends:/)[0]!))

        // a fresh device refuses the v2 delta before any module runs
        const fresh = await MenderClient.create({
          dir: join(root, 'fresh'),
          deviceType: 'dev',
          appModule: RECORDING_APP_MODULE
        })
        const refused = await fresh.install(v2)
        expect(refused.code).not.toBe(0)
        // the client names the first unmet key it checks (map order): with a record, v2 also
        // depends on the version
        expect(refused.stderr + refused.stdout).toMatch(
          /Artifact dependency \\"data-docker\.shop\.(images|version)\\" not satisfied by currently installed artifact/
        )
        if (store === 'classic')
          expect(refused.stderr).toContain(
            `Artifact dependency \\"${key}\\" not satisfied by currently installed artifact`
          )
        await expect(readFile(join(fresh.datadir, 'app-module.log'), 'utf8')).rejects.toThrow()
        expect((await fresh.showProvides()).artifact_name).not.toBe('shop-v2')
      }, 300_000)

  for (const store of ['classic', 'containerd'] as ImageStore[])
    it(`docker-compose module, two-file project, ${store} store: v1 then v2 run as built`, async () => {
      const { root, v1, v2 } = await buildBoth('two-file', store, 'docker-compose')
      const read2 = await readArtifact(v2)
      expect(read2).toContain('data-docker.mender-docker-compose.shop.images: sha256:')
      const device = await RealDevice.start(store)
      try {
        await composeModuleInstall(device, v1, 'shop', join(root, 'device'))
        expect(await device.readInContainer('shop-web-1', '/app/v')).toBe('v1\n')
        await composeModuleInstall(device, v2, 'shop', join(root, 'device'))
        expect(await device.running('shop')).toEqual(['shop-web-1', 'shop-worker-1'])
        expect(await device.readInContainer('shop-web-1', '/app/v')).toBe('v2\n')
        const mode = await device.dockerOk(['exec', 'shop-web-1', 'sh', '-c', 'echo $MODE'])
        expect(mode).toBe('release-2\n')
      } finally {
        await device.stop()
      }
    }, 300_000)
})
