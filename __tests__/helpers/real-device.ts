import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, openSync, readFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'
import { describe } from 'vitest'

/**
 * A real device for the tests: a Docker Engine 26 daemon of its own (data
 * root, exec root, socket) with the Compose v2 plugin, on the classic
 * (overlay2) or the containerd image store, and Debian's Mender client 3.4 in
 * standalone mode with a data folder of its own. scripts/test-tools.sh
 * unpacks the engine into MC_TOOLS (default /opt/mc-tools).
 */

export const TOOLS = process.env.MC_TOOLS ?? '/opt/mc-tools'
const ROOT = join(TOOLS, 'root')
export const ENGINE_PATH = [
  '/usr/sbin',
  '/sbin',
  join(ROOT, 'usr/bin'),
  join(ROOT, 'usr/sbin'),
  process.env.PATH ?? '/usr/bin:/bin'
].join(':')
export const COMPOSE_PLUGIN_DIR = join(ROOT, 'usr/libexec/docker/cli-plugins')
/** The compose binary itself, for `docker-compose config` without a daemon. */
export const COMPOSE_BIN = join(COMPOSE_PLUGIN_DIR, 'docker-compose')
const DOCKERD = join(ROOT, 'usr/sbin/dockerd')
const DOCKER = join(ROOT, 'usr/bin/docker')
export const BUSYBOX = '/bin/busybox'
export const MODULES_DIR = '/usr/share/mender/modules/v3'
const DISPATCHER_MARK = '# mender-compose test dispatcher'

export type ImageStore = 'classic' | 'containerd'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/** What is missing for a real device here, or [] when everything is. */
export function missingDeviceParts(): string[] {
  const missing: string[] = []
  for (const [what, path] of [
    ['dockerd (Docker Engine 26 from trixie)', DOCKERD],
    ['docker CLI 26', DOCKER],
    ['compose plugin', COMPOSE_BIN],
    ['busybox-static', BUSYBOX],
    ['mender-client', '/usr/bin/mender']
  ] as const)
    if (!existsSync(path)) missing.push(`${what} (${path})`)
  if (spawnSync('sh', ['-c', 'command -v runc'], { stdio: 'ignore' }).status !== 0)
    missing.push('runc')
  return missing
}

/**
 * A describe block that runs on the real device. Missing parts skip it with
 * one loud line, except under CI=true where they fail it: CI never counts a
 * skipped real-device suite as a pass. An engine that cannot start (no overlay
 * support) fails in startDevice with the daemon's log.
 */
export function describeOnRealDevice(name: string, fn: () => void): void {
  const missing = missingDeviceParts()
  if (missing.length === 0) {
    describe(name, fn)
    return
  }
  const how = 'run scripts/test-tools.sh (as root)'
  if (process.env.CI === 'true') {
    describe(name, () => {
      throw new Error(`CI=true but the real device is incomplete: ${missing.join(', ')}: ${how}`)
    })
    return
  }
  process.stderr.write(
    `\n!!! SKIPPING "${name}": real device incomplete: ${missing.join(', ')}. ${how}\n\n`
  )
  describe.skip(name, fn)
}

function runCmd(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string | Buffer; timeoutMs?: number } = {}
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      {
        env: opts.env,
        cwd: opts.cwd,
        maxBuffer: 256 << 20,
        timeout: opts.timeoutMs ?? 180_000,
        encoding: 'utf8'
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        resolve({ code, stdout, stderr })
      }
    )
    if (opts.input !== undefined) child.stdin?.end(opts.input)
  })
}

export class RealDevice {
  private constructor(
    /** The device's own folder (short: unix socket paths are limited to 108 bytes). */
    readonly dir: string,
    readonly store: ImageStore,
    /** Environment that reaches this device's engine: DOCKER_HOST, DOCKER_CONFIG, PATH. */
    readonly env: NodeJS.ProcessEnv,
    private readonly daemon: ChildProcess
  ) {}

  static async start(store: ImageStore): Promise<RealDevice> {
    const missing = missingDeviceParts()
    if (missing.length > 0) throw new Error(`real device incomplete: ${missing.join(', ')}`)
    const dir = await mkdtemp('/tmp/mcd-')
    await mkdir(join(dir, 'config'), { recursive: true })
    const daemonJson = {
      iptables: false,
      bridge: 'none',
      'ip-forward': false,
      'ip-masq': false,
      ...(store === 'classic'
        ? { 'storage-driver': 'overlay2' }
        : { features: { 'containerd-snapshotter': true } })
    }
    await writeFile(join(dir, 'daemon.json'), JSON.stringify(daemonJson))
    await writeFile(
      join(dir, 'config', 'config.json'),
      JSON.stringify({ cliPluginsExtraDirs: [COMPOSE_PLUGIN_DIR] })
    )
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: ENGINE_PATH,
      DOCKER_HOST: `unix://${dir}/d.sock`,
      DOCKER_CONFIG: join(dir, 'config')
    }
    delete env.DOCKER_CONTEXT
    const log = openSync(join(dir, 'dockerd.log'), 'a')
    const daemon = spawn(
      DOCKERD,
      [
        '--config-file',
        join(dir, 'daemon.json'),
        '--data-root',
        join(dir, 'data'),
        '--exec-root',
        join(dir, 'x'),
        '-H',
        `unix://${dir}/d.sock`,
        '--pidfile',
        join(dir, 'd.pid')
      ],
      { env, stdio: ['ignore', log, log] }
    )
    const device = new RealDevice(dir, store, env, daemon)
    const deadline = Date.now() + 60_000
    for (;;) {
      if (daemon.exitCode !== null) break
      const r = await runCmd(DOCKER, ['info', '--format', '{{.Driver}}'], {
        env,
        timeoutMs: 10_000
      })
      // the API can answer before the storage driver is set up: wait for it
      if (r.code === 0 && r.stdout.trim() !== '') return device
      if (Date.now() > deadline) break
      await new Promise((r) => setTimeout(r, 250))
    }
    const tail = readFileSync(join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-20).join('\n')
    await device.stop()
    throw new Error(`dockerd (${store} store) did not start; its log ends:\n${tail}`)
  }

  /** `docker ARGS` on this device. */
  docker(args: string[], opts: { input?: string | Buffer; cwd?: string } = {}): Promise<RunResult> {
    return runCmd(DOCKER, args, { env: this.env, ...opts })
  }

  /** `docker ARGS`, its stdout; a non-zero exit throws with stderr. */
  async dockerOk(args: string[], opts: { input?: string | Buffer; cwd?: string } = {}) {
    const r = await this.docker(args, opts)
    if (r.code !== 0)
      throw new Error(`docker ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`)
    return r.stdout
  }

  /** Any command with this device's engine environment. */
  run(cmd: string, args: string[], opts: { cwd?: string; input?: string | Buffer } = {}) {
    return runCmd(cmd, args, { env: this.env, ...opts })
  }

  /** What `cat PATH` prints inside a running container. */
  async readInContainer(container: string, path: string): Promise<string> {
    return this.dockerOk(['exec', container, 'cat', path])
  }

  /** Names of the running containers of a compose project. */
  async running(project: string): Promise<string[]> {
    const out = await this.dockerOk([
      'ps',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      'status=running',
      '--format',
      '{{.Names}}'
    ])
    return out.split('\n').filter(Boolean).sort()
  }

  /** Removes every container, ends the daemon, unmounts what it left and deletes the folder. */
  async stop(): Promise<void> {
    if (this.daemon.exitCode === null) {
      const ids = await runCmd(DOCKER, ['ps', '-aq'], { env: this.env, timeoutMs: 10_000 })
      const list = ids.stdout.split('\n').filter(Boolean)
      if (ids.code === 0 && list.length > 0)
        await runCmd(DOCKER, ['rm', '-f', ...list], { env: this.env, timeoutMs: 60_000 })
      const exited = new Promise<void>((r) => this.daemon.once('exit', () => r()))
      this.daemon.kill('SIGTERM')
      const t = setTimeout(() => this.daemon.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(t)
    }
    unmountUnder(this.dir)
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined)
  }
}

function unmountUnder(dir: string): void {
  let mounts: string[]
  try {
    mounts = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[4] ?? '')
      .filter((m) => m.startsWith(dir + '/'))
  } catch {
    return
  }
  for (const m of mounts.sort((a, b) => b.length - a.length))
    spawnSync('umount', ['-l', m], { stdio: 'ignore' })
}

/**
 * The Mender client of a device, standalone mode, its own data folder. The
 * client reads Update Modules only from /usr/share/mender/modules/v3, so the
 * `app` module there is a dispatcher that runs `<DATADIR>/app-module`: each
 * test installs the module it tests (or a stand-in) for its own client.
 */
export class MenderClient {
  private constructor(
    readonly datadir: string,
    readonly conf: string,
    /** Environment the client (and so every module it runs) sees. */
    readonly env: NodeJS.ProcessEnv
  ) {}

  static async create(opts: {
    dir: string
    deviceType: string
    env?: NodeJS.ProcessEnv
    verifyKey?: string
    /** Script installed as this client's `app` module. */
    appModule?: string
  }): Promise<MenderClient> {
    await installDispatcher()
    await ensureArtifactInfo()
    const datadir = join(opts.dir, 'mender')
    await mkdir(datadir, { recursive: true })
    await writeFile(join(datadir, 'device_type'), `device_type=${opts.deviceType}\n`)
    const conf = join(opts.dir, 'mender.conf')
    const config: Record<string, string> = {}
    if (opts.verifyKey) config.ArtifactVerifyKey = opts.verifyKey
    await writeFile(conf, JSON.stringify(config))
    const client = new MenderClient(datadir, conf, { ...(opts.env ?? process.env) })
    if (opts.appModule) await client.setAppModule(opts.appModule)
    return client
  }

  /** Installs SCRIPT (text) as this client's `app` module. */
  async setAppModule(script: string): Promise<void> {
    const p = join(this.datadir, 'app-module')
    await writeFile(p, script)
    await chmod(p, 0o755)
  }

  run(args: string[], timeoutMs = 600_000): Promise<RunResult> {
    return runCmd(
      'mender',
      ['--no-syslog', '-c', this.conf, '-b', '/nonexistent', '-d', this.datadir, ...args],
      { env: this.env, timeoutMs }
    )
  }

  install(artifact: string) {
    return this.run(['install', artifact])
  }
  commit() {
    return this.run(['commit'])
  }
  rollback() {
    return this.run(['rollback'])
  }

  async showProvides(): Promise<Record<string, string>> {
    const r = await this.run(['show-provides'])
    if (r.code !== 0) throw new Error(`mender show-provides exited ${r.code}: ${r.stderr}`)
    const out: Record<string, string> = {}
    for (const line of r.stdout.split('\n')) {
      const i = line.indexOf('=')
      if (i > 0) out[line.slice(0, i)] = line.slice(i + 1)
    }
    return out
  }
}

/**
 * A stand-in `app` module that records each state it is called in (one line
 * `STATE` a call, to `<DATADIR>/app-module.log`) and does nothing else: for
 * tests of what the client decides before and around a module.
 */
export const RECORDING_APP_MODULE = `#!/bin/sh
tree="$2"
log="\${tree%/modules/v3/payloads/*}/app-module.log"
echo "$1" >> "$log"
case "$1" in
  SupportsRollback) echo Yes ;;
  NeedsArtifactReboot) echo No ;;
esac
exit 0
`

async function installDispatcher(): Promise<void> {
  const path = join(MODULES_DIR, 'app')
  const script = `#!/bin/sh
${DISPATCHER_MARK}: runs the module under test of the client whose data
# folder holds this payload (<DATADIR>/modules/v3/payloads/NNNN/tree).
tree="$2"
datadir="\${tree%/modules/v3/payloads/*}"
if [ -x "$datadir/app-module" ]; then exec "$datadir/app-module" "$@"; fi
echo "no app module under test in $datadir" >&2
exit 1
`
  if (existsSync(path)) {
    const now = await readFile(path, 'utf8')
    if (now === script) return
    if (!now.includes(DISPATCHER_MARK))
      throw new Error(
        `${path} exists and is not the test dispatcher: the tests will not replace a real module`
      )
  }
  await mkdir(MODULES_DIR, { recursive: true })
  const tmp = `${path}.tmp-${process.pid}`
  await writeFile(tmp, script)
  await chmod(tmp, 0o755)
  await rename(tmp, path)
}

async function ensureArtifactInfo(): Promise<void> {
  const p = '/etc/mender/artifact_info'
  if (existsSync(p)) return
  await mkdir('/etc/mender', { recursive: true })
  await writeFile(p, 'artifact_name=factory-image\n', { flag: 'wx' }).catch(() => undefined)
}

// ---------------------------------------------------------------- images

const sha = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

type Entry =
  | { name: string; file: Buffer | string; mode?: number }
  | { name: string; link: string }
  | { name: string; dir: true }

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack()
  const chunks: Buffer[] = []
  p.on('data', (c: unknown) => chunks.push(c as Buffer))
  const done = new Promise<void>((r) => p.on('end', () => r()))
  const mtime = new Date(0)
  for (const e of entries) {
    if ('dir' in e) p.entry({ name: e.name, type: 'directory', mode: 0o755, mtime })
    else if ('link' in e)
      p.entry({ name: e.name, type: 'symlink', linkname: e.link, mode: 0o777, mtime })
    else p.entry({ name: e.name, mode: e.mode ?? 0o644, mtime }, Buffer.from(e.file))
  }
  p.finalize()
  await done
  return Buffer.concat(chunks)
}

/** A layer holding a static busybox with `sh`, `sleep`, `cat` links: what makes an image runnable. */
export async function busyboxLayerTar(): Promise<Buffer> {
  return tarOf([
    { name: 'bin', dir: true },
    { name: 'bin/busybox', file: readFileSync(BUSYBOX), mode: 0o755 },
    ...['sh', 'sleep', 'cat', 'ls', 'test', 'true', 'false', 'echo'].map((n) => ({
      name: `bin/${n}`,
      link: 'busybox'
    }))
  ])
}

/** A layer of plain files, name → content (folders are implied). */
export async function filesLayerTar(files: Record<string, Buffer | string>): Promise<Buffer> {
  const dirs = new Set<string>()
  for (const name of Object.keys(files)) {
    const parts = name.split('/')
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
  }
  return tarOf([
    ...[...dirs].sort().map((d) => ({ name: d, dir: true as const })),
    ...Object.entries(files).map(([name, file]) => ({ name, file }))
  ])
}

export interface RunnableImage {
  manifest: Buffer
  manifestDigest: string
  manifestMediaType: string
  config: { digest: string; bytes: Buffer; mediaType: string }
  layers: { digest: string; bytes: Buffer; diffId: string; tar: Buffer; mediaType: string }[]
  platform: { os: string; architecture: string }
}

/**
 * An OCI image that runs on the device: busybox first, then one layer per
 * entry of `layers` (each name → content), `Cmd` sleeping so compose's
 * `up --wait` sees it running. Same inputs, same digests. Push it with the
 * Pusher of __tests__/oci/fixtures.ts.
 */
export async function runnableImage(
  layers: Record<string, Buffer | string>[],
  opts: { cmd?: string[]; healthcheck?: string[] } = {}
): Promise<RunnableImage> {
  const tars = [await busyboxLayerTar(), ...(await Promise.all(layers.map(filesLayerTar)))]
  const built = tars.map((tar) => {
    const gz = gzipSync(tar, { level: 6 })
    return {
      tar,
      bytes: gz,
      digest: sha(gz),
      diffId: sha(tar),
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip'
    }
  })
  const platform = { os: 'linux', architecture: 'amd64' }
  const configBytes = Buffer.from(
    JSON.stringify({
      ...platform,
      config: {
        Cmd: opts.cmd ?? ['/bin/sleep', '3600'],
        ...(opts.healthcheck
          ? { Healthcheck: { Test: opts.healthcheck, Interval: 1e9, Retries: 3 } }
          : {})
      },
      rootfs: { type: 'layers', diff_ids: built.map((l) => l.diffId) }
    })
  )
  const config = {
    digest: sha(configBytes),
    bytes: configBytes,
    mediaType: 'application/vnd.oci.image.config.v1+json'
  }
  const manifestMediaType = 'application/vnd.oci.image.manifest.v1+json'
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: { mediaType: config.mediaType, digest: config.digest, size: configBytes.length },
      layers: built.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.bytes.length }))
    })
  )
  return {
    manifest,
    manifestDigest: sha(manifest),
    manifestMediaType,
    config,
    layers: built,
    platform
  }
}

/** A docker-compose service block that runs here (no bridge network on this machine). */
export const DEVICE_SERVICE_DEFAULTS = { network_mode: 'none' } as const
