import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { Command } from 'commander'
import { stringify } from 'yaml'
import { registerBuildCommand } from '../../src/cli/commands/build.js'
import { MemoryLogger } from '../../src/util/log.js'
import {
  DEVICE_SERVICE_DEFAULTS,
  MenderClient,
  RealDevice,
  type ImageStore,
  type RunResult
} from '../helpers/real-device.js'

/** The module under test, as the repository holds it. */
export const MODULE_PATH = 'device/app'

/**
 * A real device running this project's `app` module: its own dockerd, its
 * own Mender client whose `app` module is device/app (through a wrapper that
 * gives it the device's engine and a config file of its own).
 */
export class ModuleDevice {
  private constructor(
    readonly device: RealDevice,
    readonly client: MenderClient,
    readonly dir: string,
    /** The module's config file (MENDER_COMPOSE_CONF). */
    readonly conf: string,
    readonly store: string
  ) {}

  static async start(
    storeKind: ImageStore,
    opts: { conf?: string; verifyKey?: string; module?: string; env?: NodeJS.ProcessEnv } = {}
  ): Promise<ModuleDevice> {
    const device = await RealDevice.start(storeKind)
    // not tempDir(): bench/device uses this outside vitest; stop() removes it
    const dir = await mkdtemp('/tmp/mcd-mod-')
    const store = join(dir, 'store')
    const conf = join(dir, 'mender-compose.conf')
    await writeFile(
      conf,
      [
        `STORE_DIR=${store}`,
        `LEGACY_STORE_DIR=${join(dir, 'mender-app')}`,
        'WAIT_TIMEOUT=60',
        opts.conf ?? ''
      ].join('\n')
    )
    const client = await MenderClient.create({
      dir,
      deviceType: 'dev',
      verifyKey: opts.verifyKey,
      env: { ...device.env, ...opts.env, MENDER_COMPOSE_CONF: conf }
    })
    const module = opts.module ?? join(process.cwd(), MODULE_PATH)
    // the exit status of each state goes to the client's log too
    await client.setAppModule(
      `#!/bin/sh\n${module} "$@"\nrc=$?\n[ $rc -eq 0 ] || echo "module state $1 exited $rc" >&2\nexit $rc\n`
    )
    return new ModuleDevice(device, client, dir, conf, store)
  }

  async stop(): Promise<void> {
    await this.device.stop()
    if (process.env.KEEP_TMP !== '1') await rm(this.dir, { recursive: true, force: true })
  }

  /** `mender install`, expected to succeed. */
  async install(artifact: string): Promise<RunResult> {
    const r = await this.client.install(artifact)
    if (r.code !== 0) throw new Error(`mender install ${artifact} exited ${r.code}:\n${r.stderr}`)
    return r
  }

  async commit(): Promise<void> {
    const r = await this.client.commit()
    if (r.code !== 0) throw new Error(`mender commit exited ${r.code}:\n${r.stderr}`)
  }

  /** What `cat /app/v` says in each running container of the project, by service. */
  async contents(project: string, file = '/app/v'): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    for (const name of await this.device.running(project)) {
      const service = (
        await this.device.dockerOk([
          'inspect',
          '--format',
          '{{index .Config.Labels "com.docker.compose.service"}}',
          name
        ])
      ).trim()
      out[service] = (await this.device.readInContainer(name, file)).trim()
    }
    return out
  }

  /** IDs (hex) of every image on the device. */
  async imageIds(): Promise<string[]> {
    const out = await this.device.dockerOk(['image', 'ls', '-q', '--no-trunc'])
    return [...new Set(out.split('\n').filter(Boolean))].map((s) => s.replace(/^sha256:/, ''))
  }

  /** The module's record of a release of `app` (`current` or `new`): "<id> <ref>" lines. */
  async releaseImages(app: string, which: 'current' | 'new'): Promise<string[]> {
    const text = await readFile(join(this.store, app, which, 'images'), 'utf8')
    return text.split('\n').filter(Boolean)
  }
}

export interface ServiceSpec {
  image: string
  healthcheck?: { test: string[]; interval: string; retries: number; start_period?: string }
}

/** A compose project folder: compose.yaml with the services, runnable here. */
export async function composeProject(
  dir: string,
  name: string,
  services: Record<string, ServiceSpec>
): Promise<string> {
  const folder = join(dir, name)
  await mkdir(folder, { recursive: true })
  const file = join(folder, 'compose.yaml')
  await writeFile(
    file,
    stringify({
      services: Object.fromEntries(
        Object.entries(services).map(([k, s]) => [k, { ...DEVICE_SERVICE_DEFAULTS, ...s }])
      )
    })
  )
  return file
}

/**
 * Builds an `app` artifact with the project's own pipeline (`mender-compose
 * build`, dry run), as a user would: full without `previous`, else deltas
 * against the images of the previous compose file.
 */
export async function buildRelease(opts: {
  compose: string
  previous?: string
  name: string
  /** The build's device-image-store. */
  store: ImageStore | 'containerd-registry'
  out: string
  cacheDir: string
  extra?: string[]
}): Promise<string> {
  const output = join(opts.out, `${opts.name}.mender`)
  const argv = [
    'build',
    '--project-directory',
    dirname(resolve(opts.compose)),
    '-f',
    resolve(opts.compose),
    ...(opts.previous ? ['--previous-compose', opts.previous] : []),
    '--platform',
    'linux/amd64',
    '--device-type',
    'dev',
    '--application-name',
    'shop',
    '--artifact-name',
    opts.name,
    '--device-image-store',
    opts.store,
    '--output',
    output,
    '--cache-dir',
    opts.cacheDir,
    '--dry-run',
    ...(opts.extra ?? [])
  ]
  const log = new MemoryLogger()
  const program = new Command('mender-compose').exitOverride()
  registerBuildCommand(program, { log, stdout: () => undefined, verbose: () => false })
  await program.parseAsync(argv, { from: 'user' })
  return output
}
