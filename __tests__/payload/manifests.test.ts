import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadComposeProject } from '../../src/compose/index.js'
import { manifestEntries, resolvedManifests } from '../../src/payload/index.js'
import { writeTar } from '../../src/payload/tar-write.js'
import { UserError } from '../../src/util/errors.js'
import { silentLogger } from '../../src/util/log.js'
import { COMPOSE_BIN } from '../helpers/real-device.js'
import { tempDir } from '../helpers/tmp.js'

const run = promisify(execFile)

/** A compose model as parsed from YAML or JSON, read loosely by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Model = Record<string, any>

/** The compose plugin of the engine the device tests run (scripts/test-tools.sh). */
const COMPOSE = COMPOSE_BIN

async function project(files: Record<string, string>): Promise<string> {
  const dir = join(await tempDir(), 'repo')
  for (const [f, text] of Object.entries(files)) {
    await mkdir(join(dir, f, '..'), { recursive: true })
    await writeFile(join(dir, f), text)
  }
  return dir
}

/** A repository with its compose files in deploy/: include, extends, override, profiles, `$$`. */
const REPO = {
  'deploy/compose.yaml': [
    'include:',
    '  - sub/compose.yaml',
    'services:',
    '  web:',
    '    image: busybox:${TAG:-1.36}',
    '    build: ./src',
    '    command: ["sh", "-c", "echo $$HOME and $${X}"]',
    '    env_file: [web.env, {path: missing.env, required: false}]',
    '    network_mode: none',
    '    volumes:',
    '      - ./data:/data',
    '      - type: bind',
    '        source: ../shared',
    '        target: /shared',
    '    configs: [nginx]',
    '    secrets: [key]',
    '    labels:',
    '      price: "$$5"',
    '  dbg:',
    '    image: busybox',
    '    profiles: [debug]',
    '    network_mode: none',
    '  off:',
    '    image: busybox',
    '    profiles: [never]',
    '  base:',
    '    image: alpine:3.19',
    '    extends: {file: common.yaml, service: common}',
    'configs:',
    '  nginx: {file: ./conf/nginx.conf}',
    'secrets:',
    '  key: {file: key.txt}'
  ].join('\n'),
  'deploy/common.yaml': [
    'services:',
    '  common:',
    '    env_file: conf/common.env',
    '    network_mode: none',
    '    environment: {A: "1"}'
  ].join('\n'),
  'deploy/sub/compose.yaml': [
    'services:',
    '  worker:',
    '    image: registry.example.com/team/worker:2',
    '    network_mode: none',
    '    volumes: ["./cache:/cache"]',
    '    env_file: w.env'
  ].join('\n'),
  'deploy/compose.prod.yaml': [
    'services:',
    '  web:',
    '    environment:',
    '      MODE: ${MODE}',
    '      PRICE: "$${PRICE}"'
  ].join('\n'),
  'deploy/.env': 'TAG=1.37\nCOMPOSE_PROFILES=debug\n',
  'deploy/sub/w.env': 'W=1\n',
  'deploy/web.env': 'X=1\n',
  'deploy/conf/common.env': 'C=1\n',
  'deploy/conf/nginx.conf': 'events {}\n',
  'deploy/key.txt': 'k\n',
  'deploy/unrelated.txt': 'not shipped\n'
}
const FILES = ['deploy/compose.yaml', 'deploy/compose.prod.yaml']

async function shipped(repo: string, env: Record<string, string> = { MODE: 'prod' }) {
  const loaded = await loadComposeProject({
    files: FILES,
    workingDirectory: repo,
    env,
    log: silentLogger
  })
  return { loaded, manifests: await resolvedManifests(loaded, { applicationName: 'shop' }) }
}

/** The manifests folder as a module unpacks it. */
async function unpack(repo: string, m: Awaited<ReturnType<typeof shipped>>['manifests']) {
  const out = join(repo, '..', 'm.tar.gz')
  await writeTar(out, manifestEntries(m), { gzip: true })
  const dir = join(repo, '..', 'device')
  await mkdir(dir, { recursive: true })
  await run('tar', ['-xzf', out, '-C', dir])
  return { tar: out, dir: join(dir, 'manifests') }
}

describe('manifests: one resolved compose.yaml at the root of the folder', () => {
  it('merges every -f file, include and extends, applies profiles and interpolates', async () => {
    const repo = await project(REPO)
    const { loaded, manifests } = await shipped(repo)
    expect(loaded.projectDirectory).toBe(join(repo, 'deploy'))
    const model = parse(manifests.compose) as Model
    expect(model.name).toBe('shop')
    expect(Object.keys(model.services).sort()).toEqual(['base', 'dbg', 'web', 'worker'])
    const web = model.services.web
    expect(web.image).toBe('busybox:1.37')
    expect(model.services.dbg.image).toBe('busybox:latest')
    expect(model.services.dbg.profiles).toBeUndefined()
    expect(web.build).toBeUndefined()
    expect(web.environment).toEqual({ MODE: 'prod', PRICE: '$${PRICE}' })
    expect(web.command).toEqual(['sh', '-c', 'echo $$HOME and $${X}'])
    expect(web.labels.price).toBe('$$5')
    expect(web.env_file).toEqual(['./web.env'])
    expect(web.volumes[0]).toBe('./data:/data')
    expect(web.volumes[1].source).toBe('../shared')
    expect(model.services.worker.volumes).toEqual(['./sub/cache:/cache'])
    expect(model.services.worker.env_file).toEqual(['./sub/w.env'])
    expect(model.services.base.env_file).toEqual(['./conf/common.env'])
    expect(model.configs.nginx.file).toBe('./conf/nginx.conf')
    expect(model.secrets.key.file).toBe('./key.txt')
    expect(manifests.files.map((f) => f.name)).toEqual([
      'conf/common.env',
      'conf/nginx.conf',
      'key.txt',
      'sub/w.env',
      'web.env'
    ])
    const { tar } = await unpack(repo, manifests)
    const { stdout } = await run('tar', ['-tzf', tar])
    expect(stdout.split('\n')).toEqual(
      expect.arrayContaining(['manifests/compose.yaml', 'manifests/sub/w.env'])
    )
    // .env names COMPOSE_* settings that would change what the device's compose reads
    expect(stdout.split('\n')).not.toContain('manifests/.env')
    expect(stdout).not.toMatch(/unrelated|compose\.prod/)
  })

  it('refuses a file read from outside the project folder, naming file and line', async () => {
    const repo = await project({
      'app/compose.yaml': 'services:\n  web:\n    image: w:1\n    env_file: ../outside.env\n',
      'outside.env': 'X=1\n'
    })
    const loaded = await loadComposeProject({
      files: ['app/compose.yaml'],
      workingDirectory: repo,
      env: {},
      log: silentLogger
    })
    const err = await resolvedManifests(loaded, { applicationName: 'a' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toBe(
      `${join(repo, 'app/compose.yaml')}:4: services.web.env_file refers to ../outside.env, which is outside the project folder ${join(repo, 'app')}`
    )
  })

  it('refuses an absolute config path and a missing required file', async () => {
    const dir = await project({
      'compose.yaml': 'services:\n  a:\n    image: a:1\nconfigs:\n  c: {file: /etc/hostname}\n'
    })
    const load = (d: string) =>
      loadComposeProject({ files: ['compose.yaml'], workingDirectory: d, env: {} })
    await expect(resolvedManifests(await load(dir), { applicationName: 'a' })).rejects.toThrow(
      /compose\.yaml:5: configs\.c\.file refers to \/etc\/hostname, which is outside the project folder/
    )
    const dir2 = await project({
      'compose.yaml': 'services:\n  a:\n    image: a:1\n    env_file: gone.env\n'
    })
    await expect(resolvedManifests(await load(dir2), { applicationName: 'a' })).rejects.toThrow(
      /compose\.yaml:4: services\.a\.env_file refers to gone\.env, which does not exist or is not a file/
    )
  })

  it('reads every document of a multi-document compose file, with !reset tags', async () => {
    const dir = await project({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: web:1',
        '    env_file: web.env',
        '    ports: ["80:80"]',
        '---',
        'services:',
        '  web:',
        '    ports: !reset []',
        'configs:',
        '  nginx: {file: ./conf/nginx.conf}'
      ].join('\n'),
      'web.env': 'A=1\n',
      'conf/nginx.conf': 'events {}\n'
    })
    const loaded = await loadComposeProject({
      files: ['compose.yaml'],
      workingDirectory: dir,
      env: {}
    })
    const m = await resolvedManifests(loaded, { applicationName: 'a' })
    expect(m.files.map((f) => f.name)).toEqual(['conf/nginx.conf', 'web.env'])
    const model = parse(m.compose) as Model
    expect(model.services.web.ports).toBeUndefined()
    expect(model.configs.nginx.file).toBe('./conf/nginx.conf')
  })

  it('without -f, lists the names it looked for', async () => {
    const dir = await project({ 'README.md': 'x' })
    await expect(loadComposeProject({ workingDirectory: dir, env: {} })).rejects.toThrow(
      `no compose file in ${dir} or any folder above it: looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml`
    )
  })
})

const describeCompose = existsSync(COMPOSE) || process.env.CI === 'true' ? describe : describe.skip
if (!existsSync(COMPOSE))
  process.stderr.write(`\n!!! SKIPPING the docker compose comparison: ${COMPOSE} missing\n\n`)

describeCompose('manifests: the device reads our compose.yaml as the model that was built', () => {
  /** `docker compose config` as JSON, with the folders named by placeholders. */
  async function config(args: string[], cwd: string, dirs: Record<string, string>) {
    const { stdout } = await run(COMPOSE, [...args, 'config', '--format', 'json'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, MODE: 'prod' }
    })
    let text = stdout
    for (const [dir, name] of Object.entries(dirs).sort(([a], [b]) => b.length - a.length))
      text = text.split(dir).join(name)
    return JSON.parse(text) as Model
  }

  it('both modules: docker compose config of the shipped folder equals that of the repository', async () => {
    const repo = await project(REPO)
    const { manifests } = await shipped(repo)
    const { dir } = await unpack(repo, manifests)
    const built = await config(['-p', 'shop', ...FILES.flatMap((f) => ['-f', f])], repo, {
      [join(repo, 'deploy')]: '<project>',
      [repo]: '<parent>'
    })
    const places = { [dir]: '<project>', [dirname(dir)]: '<parent>' }
    // the App Update Module: --project-directory <manifests> --project-name <app>
    const app = await config(['--project-directory', dir, '-p', 'shop'], '/', places)
    // the docker-compose module: cd <manifests> && docker compose --project-name <project>
    const dc = await config(['-p', 'shop'], dir, places)
    // what we change on purpose: the shipped tag is explicit, profiles are applied
    built.services.dbg.image = 'busybox:latest'
    delete built.services.dbg.profiles
    delete built.services.web.build
    expect(app).toEqual(built)
    expect(dc).toEqual(built)
    expect(app.services.web.environment).toEqual({ MODE: 'prod', PRICE: '$${PRICE}', X: '1' })
  })

  it('numbers, dates and strings read back as Compose read them: mode 0440 stays 0440 (288)', async () => {
    const repo = await project({
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: app:1',
        '    network_mode: none',
        '    configs: [{source: c, target: /etc/c, mode: 0440}, {source: c, target: /c2, mode: "0440"}]',
        '    secrets: [{source: s, target: /run/secrets/s, mode: 0o400}]',
        '    environment:',
        '      OCT: 0755',
        '      UND: 1_000',
        '      BIN: 0b101',
        '      BIG: 12345678901234567890',
        '      DATE: 2024-06-01',
        '      Q_UND: "1_000"',
        '      Q_BIN: "0b101"',
        '      Q_DATE: "2024-06-01"',
        '      Q_OCT: "0755"',
        '      Q_NULL: "~"',
        '      ON: on',
        '    labels: {date: 2024-06-01T10:20:30Z, count: 1_000}',
        'configs:',
        '  c: {file: c.txt}',
        'secrets:',
        '  s: {file: s.txt}'
      ].join('\n'),
      'c.txt': 'c\n',
      's.txt': 's\n'
    })
    const loaded = await loadComposeProject({
      files: ['compose.yaml'],
      workingDirectory: repo,
      env: {},
      log: silentLogger
    })
    const manifests = await resolvedManifests(loaded, { applicationName: 'a' })
    const { dir } = await unpack(repo, manifests)
    const built = await config(['-p', 'a'], repo, { [repo]: '<project>' })
    const device = await config(['-p', 'a'], dir, { [dir]: '<project>' })
    expect(device).toEqual(built)
    // written in decimal, as `docker compose config` writes it
    expect(manifests.compose).toMatch(/target: \/etc\/c\n\s+mode: 288\n/)
    expect(device.services.app.configs.map((c: Model) => c.mode)).toEqual([288, 440])
    expect(device.services.app.secrets[0].mode).toBe(256)
    expect(device.services.app.environment).toMatchObject({
      OCT: '493',
      UND: '1000',
      BIG: '12345678901234567890',
      DATE: '2024-06-01 00:00:00 +0000 UTC',
      Q_UND: '1_000',
      Q_DATE: '2024-06-01',
      Q_NULL: '~'
    })
  })

  it('an env_file with required: no (or "off") that is missing is left out, as Compose does', async () => {
    const repo = await project({
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: app:1',
        '    network_mode: none',
        '    env_file:',
        '      - {path: missing.env, required: no}',
        '      - {path: gone.env, required: "off"}',
        '      - {path: here.env, required: yes}'
      ].join('\n'),
      'here.env': 'H=1\n'
    })
    const loaded = await loadComposeProject({
      files: ['compose.yaml'],
      workingDirectory: repo,
      env: {},
      log: silentLogger
    })
    const manifests = await resolvedManifests(loaded, { applicationName: 'a' })
    expect(manifests.files.map((f) => f.name)).toEqual(['here.env'])
    const { dir } = await unpack(repo, manifests)
    const built = await config(['-p', 'a'], repo, { [repo]: '<project>' })
    const device = await config(['-p', 'a'], dir, { [dir]: '<project>' })
    expect(device).toEqual(built)
    expect(device.services.app.environment).toEqual({ H: '1' })
  })

  it('a device environment does not change it: no second interpolation, no COMPOSE_FILE', async () => {
    const repo = await project(REPO)
    const { manifests } = await shipped(repo)
    const { dir } = await unpack(repo, manifests)
    const { stdout } = await run(COMPOSE, ['-p', 'shop', 'config', '--format', 'json'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        TAG: '9.9',
        X: 'device',
        PRICE: 'device',
        COMPOSE_PROFILES: 'never',
        MODE: 'dev'
      }
    })
    const m = JSON.parse(stdout) as Model
    expect(m.services.web.image).toBe('busybox:1.37')
    expect(m.services.web.environment.MODE).toBe('prod')
    expect(m.services.web.command).toEqual(['sh', '-c', 'echo $$HOME and $${X}'])
    expect(Object.keys(m.services).sort()).toEqual(['base', 'dbg', 'web', 'worker'])
  })
})
