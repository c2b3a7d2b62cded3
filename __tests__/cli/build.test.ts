import { Command } from 'commander'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { registerBuildCommand } from '../../src/cli/commands/build.js'
import { cliBuildOptions, defaultCacheDir, type BuildFlags } from '../../src/cli/build-options.js'
import { UsageError } from '../../src/util/errors.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'
import { exampleApp, memoryStages } from '../pipeline/memory-stages.js'

/** Runs `mender-compose build …` in process with in-memory stages; returns stdout and the stages' calls. */
async function build(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = []
  const log = new MemoryLogger()
  const { stages, calls } = memoryStages(exampleApp())
  const program = new Command('mender-compose')
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
  registerBuildCommand(
    program,
    { log, stdout: (s) => out.push(s), verbose: () => false },
    () => stages,
    {
      HOME: '/home/u',
      ...env
    }
  )
  await program.parseAsync(['build', ...argv], { from: 'user' })
  return { stdout: out.join(''), calls, log }
}

const flags = (over: Partial<BuildFlags> = {}): BuildFlags => ({
  file: [],
  deviceType: ['pi4'],
  platform: 'linux/amd64',
  devicePlatform: [],
  module: 'app',
  delta: 'deep',
  deltaEncoder: 'native',
  deviceImageStore: 'classic',
  previousCompose: [],
  softwareFilesystem: 'data-docker',
  provides: [],
  depends: [],
  clearsProvides: [],
  compression: 'gzip',
  upload: true,
  deployDevices: [],
  deployAllDevices: false,
  wait: false,
  waitTimeout: '30m',
  forceInstallation: false,
  maxFailures: '0',
  serviceImage: [],
  dryRun: true,
  json: false,
  artifactName: 'app-2.0',
  ...over
})
const noKey = () => {
  throw new Error('no key')
}

describe('mender-compose build', () => {
  it('maps the issue example onto the shared options and prints JSON', async () => {
    const dir = await tempDir()
    const r = await build(
      [
        '-f',
        'compose.yaml',
        '--previous-compose',
        'old/compose.yaml',
        '--platform',
        'linux/arm64',
        '--device-type',
        'pi4',
        '--artifact-name',
        'app-2.0',
        '--output',
        join(dir, 'app-2.0.mender'),
        '--dry-run',
        '--json'
      ],
      { MENDER_COMPOSE_CACHE_DIR: join(dir, 'cache') }
    )
    expect(r.calls.order).toEqual([
      'plan',
      'fetch linux/arm64',
      'delta linux/arm64',
      'package linux/arm64'
    ])
    expect(r.calls.outputPaths).toEqual([join(dir, 'app-2.0.mender')])
    const json = JSON.parse(r.stdout) as Record<string, unknown>
    expect(json).toMatchObject({
      artifactName: 'app-2.0',
      dryRun: true,
      uploaded: false,
      artifactPath: [join(dir, 'app-2.0.mender')],
      previousRef: 'v1.0.0'
    })
    expect(json.fullSize as number).toBeGreaterThan(json.deltaSize as number)
  })

  it('prints a human result without --json', async () => {
    const r = await build([
      '-f',
      'compose.yaml',
      '--device-type',
      'pi4',
      '--artifact-name',
      'app-2.0',
      '--dry-run',
      '--output',
      '/tmp/x.mender',
      '--platform',
      'linux/arm64'
    ])
    expect(r.stdout).toMatch(/^\/tmp\/x.mender\t\d+(\.\d)? (B|KiB)\tlinux\/arm64\tpi4\n/)
    expect(r.stdout).toMatch(
      /app-2.0: .* of images ship as .* saved\) against v1.0.0\ndry run: nothing uploaded or deployed\n$/
    )
  })

  it('reads the server and token from MENDER_SERVER_URL and MENDER_ACCESS_TOKEN, flags first', () => {
    const env = { MENDER_SERVER_URL: 'https://mender.acme.test/', MENDER_ACCESS_TOKEN: 'pat-env' }
    const o = cliBuildOptions(flags({ dryRun: false }), env, '/w', noKey)
    expect(o.menderServerUrl).toBe('https://mender.acme.test')
    expect(o.credentials).toEqual({ accessToken: 'pat-env' })
    const o2 = cliBuildOptions(
      flags({
        dryRun: false,
        menderServerUrl: 'https://eu.hosted.mender.io',
        menderAccessToken: 'pat-flag'
      }),
      env,
      '/w',
      noKey
    )
    expect(o2).toMatchObject({
      menderServerUrl: 'https://eu.hosted.mender.io',
      credentials: { accessToken: 'pat-flag' }
    })
  })

  it('defaults the cache to $MENDER_COMPOSE_CACHE_DIR, else XDG, else ~/.cache', () => {
    expect(
      defaultCacheDir({ MENDER_COMPOSE_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })
    ).toBe('/c')
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/mender-compose')
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toBe(
      '/h/.cache/mender-compose'
    )
    expect(defaultCacheDir({ HOME: '/h' })).toBe('/h/.cache/mender-compose')
    expect(cliBuildOptions(flags({ cacheDir: 'c' }), {}, '/w', noKey).cacheDir).toBe('/w/c')
  })

  it('builds the same options the action builds for the same values', () => {
    const o = cliBuildOptions(
      flags({
        file: ['a.yaml', 'b.yaml'],
        deviceType: ['raspberrypi4', 'beaglebone'],
        devicePlatform: ['raspberrypi4=linux/arm64/v8', 'beaglebone: linux/arm/v7'],
        provides: ['x.version=1, 2'],
        serviceImage: ['web=oci-archive:build/web.tar'],
        deployGroup: 'prod',
        wait: true,
        waitTimeout: '1h',
        dryRun: false,
        menderAccessToken: 't'
      }),
      {},
      '/w',
      noKey
    )
    expect(o).toMatchObject({
      composeFiles: ['a.yaml', 'b.yaml'],
      projectDirectory: '/w',
      applicationName: 'w',
      targets: [
        { platform: 'linux/arm64', deviceTypes: ['raspberrypi4'] },
        { platform: 'linux/arm/v7', deviceTypes: ['beaglebone'] }
      ],
      provides: { 'x.version': '1, 2' },
      serviceImages: { web: 'oci-archive:build/web.tar' },
      deploy: {
        target: { kind: 'group', group: 'prod' },
        name: 'app-2.0',
        wait: true,
        waitTimeoutMs: 3_600_000
      },
      previous: { kind: 'none' },
      outputDir: '/w'
    })
  })

  it('rejects bad values naming the flag and the accepted values', () => {
    const fail = (over: Partial<BuildFlags>, env: Record<string, string> = {}) => {
      try {
        cliBuildOptions(flags(over), env, '/w', noKey)
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError)
        return (err as Error).message
      }
      throw new Error('expected a UsageError')
    }
    expect(fail({ compression: 'zstd' })).toMatch(
      /^Option '--compression' must be one of none, gzip, zstd_fastest/
    )
    expect(fail({ artifactName: undefined })).toBe("Option '--artifact-name' is required")
    expect(fail({ deviceType: [] })).toBe("Option '--device-type' names no device type")
    expect(fail({ previousRef: 'v1', previousCompose: ['old.yaml'] })).toMatch(
      /^Option '--previous-ref' and Option '--previous-compose' are exclusive/
    )
    expect(fail({ dryRun: false })).toBe(
      "Option '--mender-access-token' (or MENDER_ACCESS_TOKEN) is empty, and uploading or deploying needs it"
    )
    expect(fail({ output: 'x.tar' })).toBe(
      "Option '--output' must name a .mender file, got 'x.tar'"
    )
    expect(fail({ menderUsername: 'me' })).toMatch(/needs MENDER_PASSWORD/)
  })

  it('reads the signing key from a PEM file and refuses anything else', async () => {
    const dir = await tempDir()
    await mkdir(dir, { recursive: true })
    const { generateKeyPairSync } = await import('node:crypto')
    await writeFile(
      join(dir, 'k.pem'),
      generateKeyPairSync('ec', {
        namedCurve: 'prime256v1',
        privateKeyEncoding: { type: 'sec1', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' }
      }).privateKey
    )
    await writeFile(
      join(dir, 'k.pub'),
      '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n'
    )
    const { readFileSync } = await import('node:fs')
    const read = (p: string) => readFileSync(p, 'utf8')
    expect(cliBuildOptions(flags({ signingKey: 'k.pem' }), {}, dir, read).signingKey).toContain(
      'EC PRIVATE KEY'
    )
    expect(() => cliBuildOptions(flags({ signingKey: 'k.pub' }), {}, dir, read)).toThrow(
      `Option '--signing-key' ${join(dir, 'k.pub')} is not a PEM private key`
    )
  })

  it('commander rejects an unknown module choice', async () => {
    await expect(
      build(['--device-type', 'pi4', '--artifact-name', 'a', '--dry-run', '--module', 'docker'])
    ).rejects.toThrow(/Allowed choices are app, docker-compose/)
  })
})
