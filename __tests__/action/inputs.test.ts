import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { getInputs, InputNames, type InputName } from '../../src/action/inputs.js'
import { inputSource } from './input-source.js'
import { UsageError } from '../../src/util/errors.js'

// a real key: the inputs check it can sign before any work starts
const PEM = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' }
}).privateKey.trim()

function source(inputs: Partial<Record<InputName, string>>, env: Record<string, string> = {}) {
  return inputSource(inputs, {
    GITHUB_WORKSPACE: '/ws',
    GITHUB_REPOSITORY: 'acme/Fleet_App',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_TEMP: '/tmp/runner',
    ...env
  })
}

const base = { 'device-types': 'raspberrypi4', 'dry-run': 'true' } as const
const read = (inputs: Partial<Record<InputName, string>>, env?: Record<string, string>) =>
  getInputs(source({ ...base, ...inputs }, env).src)
const failure = (inputs: Partial<Record<InputName, string>>) => {
  try {
    read(inputs)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('getInputs', () => {
  it('fills every option from defaults with only device-types given', () => {
    const i = read({})
    expect(i.build).toMatchObject({
      composeFiles: [],
      projectDirectory: '/ws',
      applicationName: 'fleet_app',
      artifactName: 'fleet_app-main-0123456',
      targets: [{ platform: 'linux/amd64', deviceTypes: ['raspberrypi4'] }],
      module: 'app',
      delta: 'deep',
      deltaEncoder: 'native',
      deviceImageStore: 'classic',
      previous: { kind: 'auto' },
      softwareFilesystem: 'data-docker',
      compression: 'gzip',
      menderServerUrl: 'https://hosted.mender.io',
      upload: true,
      dryRun: true,
      cacheDir: '/tmp/runner/mender-compose-cache',
      serviceImages: {}
    })
    expect(i.build.deploy).toBeUndefined()
    expect(i).toMatchObject({ cache: true, jobSummary: true, logLevel: 'info' })
  })

  it('caps the cache at 2GiB by default, reads cache-max-size units, and names a bad value', () => {
    expect(read({}).build.cacheMaxBytes).toBe(2 * 1024 ** 3)
    expect(read({ 'cache-max-size': '800MB' }).build.cacheMaxBytes).toBe(800e6)
    expect(read({ 'cache-max-size': '1.5GiB' }).build.cacheMaxBytes).toBe(1.5 * 1024 ** 3)
    expect(read({ 'cache-max-size': '0' }).build.cacheMaxBytes).toBe(0)
    expect(failure({ 'cache-max-size': 'lots' })).toMatch(/'cache-max-size'.*2GiB.*got 'lots'/)
  })

  it('names the artifact after the tag on tag pushes', () => {
    expect(read({}, { GITHUB_REF: 'refs/tags/v2.0.0' }).build.artifactName).toBe('v2.0.0')
    expect(read({ 'artifact-name': 'custom-1' }).build.artifactName).toBe('custom-1')
    expect(read({}, { GITHUB_REF: 'refs/pull/42/merge' }).build.artifactName).toBe(
      'fleet_app-pr-42-0123456'
    )
    expect(read({}, { GITHUB_REF: 'refs/heads/feature/new ui' }).build.artifactName).toBe(
      'fleet_app-feature-new-ui-0123456'
    )
  })

  it('reads previous-artifact-name, and marks a default artifact name as such', () => {
    expect(read({ 'previous-artifact-name': ' v1.0.0 ' }).build).toMatchObject({
      previousArtifactName: 'v1.0.0',
      artifactNameIsDefault: true
    })
    const custom = read({ 'artifact-name': 'custom-1' }).build
    expect(custom.artifactNameIsDefault).toBe(false)
    expect(custom.previousArtifactName).toBeUndefined()
    expect(failure({ 'previous-artifact-name': 'two words' })).toMatch(/previous-artifact-name/)
  })

  it('reads list inputs from lines and commas, ignoring comments and blanks', () => {
    const i = read({
      'compose-file': 'compose.yaml\n\n# prod overrides\ncompose.prod.yaml, compose.pi.yaml',
      'device-types': 'pi4, pi5\nbeaglebone',
      'clears-provides': 'data-docker.app.*'
    })
    expect(i.build.composeFiles).toEqual(['compose.yaml', 'compose.prod.yaml', 'compose.pi.yaml'])
    expect(i.build.targets[0]!.deviceTypes).toEqual(['pi4', 'pi5', 'beaglebone'])
    expect(i.build.clearsProvides).toEqual(['data-docker.app.*'])
  })

  it('groups device types by platform from device-platforms, normalising platforms', () => {
    const i = read({
      'device-types': 'raspberrypi4\nbeaglebone\nqemux86-64\npi5',
      platform: 'linux/x86_64',
      'device-platforms':
        'raspberrypi4: linux/arm64/v8\nbeaglebone: linux/arm/v7\npi5=linux/aarch64'
    })
    expect(i.build.targets).toEqual([
      { platform: 'linux/arm64', deviceTypes: ['raspberrypi4', 'pi5'] },
      { platform: 'linux/arm/v7', deviceTypes: ['beaglebone'] },
      { platform: 'linux/amd64', deviceTypes: ['qemux86-64'] }
    ])
  })

  it('rejects a device-platforms entry for a device type not in device-types', () => {
    expect(failure({ 'device-platforms': 'pi5: linux/arm64' })).toBe(
      "Input 'device-platforms' names 'pi5', which Input 'device-types' does not list"
    )
  })

  it('rejects a malformed platform naming the input', () => {
    expect(failure({ platform: 'linux/v7' })).toBe(
      "Input 'platform' has 'linux/v7', which is not a platform: unknown architecture 'v7'"
    )
    expect(failure({ 'device-platforms': 'raspberrypi4 linux/arm64' })).toBe(
      "Input 'device-platforms' has 'raspberrypi4 linux/arm64', which is not of the form 'device-type: os/arch[/variant]'"
    )
  })

  it('reads service-images overrides and rejects unknown transports', () => {
    const i = read({
      'service-images':
        'web=oci-archive:build/web.tar\napi=docker-daemon:api:dev\ndb=registry:5000/db:1'
    })
    expect(i.build.serviceImages).toEqual({
      web: 'oci-archive:build/web.tar',
      api: 'docker-daemon:api:dev',
      db: 'registry:5000/db:1'
    })
    expect(failure({ 'service-images': 'web=ftp://host/web.tar' })).toMatch(
      /^Input 'service-images' gives service 'web' the source 'ftp:\/\/host\/web.tar' with an unknown transport 'ftp:\/\/'/
    )
    expect(failure({ 'service-images': 'web oci:x' })).toMatch(/not of the form 'service=source'/)
    expect(failure({ 'service-images': 'web=oci:a\nweb=oci:b' })).toBe(
      "Input 'service-images' names 'web' twice"
    )
  })

  it.each([
    ['dry-run', 'yes', "Input 'dry-run' must be true or false, got 'yes'"],
    ['upload', '1', "Input 'upload' must be true or false, got '1'"],
    ['cache', 'on', "Input 'cache' must be true or false, got 'on'"],
    ['module', 'docker', "Input 'module' must be one of app, docker-compose, got 'docker'"],
    ['delta', 'shallow', "Input 'delta' must be one of deep, off, got 'shallow'"],
    [
      'delta-encoder',
      'xdelta',
      "Input 'delta-encoder' must be one of native, best, lzma, got 'xdelta'"
    ],
    [
      'device-image-store',
      'overlay',
      "Input 'device-image-store' must be one of classic, containerd, containerd-registry, got 'overlay'"
    ],
    [
      'compression',
      'zstd',
      "Input 'compression' must be one of none, gzip, zstd_fastest, zstd_fast, zstd_better, zstd_best, got 'zstd'"
    ],
    ['log-level', 'trace', "Input 'log-level' must be one of debug, info, warn, got 'trace'"],
    [
      'wait-timeout',
      '10 minutes',
      "Input 'wait-timeout' must be a duration such as 90s, 30m, 2h or 1h30m, got '10 minutes'"
    ],
    [
      'mender-server-url',
      'hosted.mender.io',
      "Input 'mender-server-url' must be an http(s) URL such as https://hosted.mender.io, got 'hosted.mender.io'"
    ],
    ['device-types', '', "Input 'device-types' names no device type"],
    [
      'provides',
      'no separator',
      "Input 'provides' has 'no separator', which is not of the form 'key: value'"
    ]
  ] as [InputName, string, string][])('%s=%j fails naming the input', (name, value, message) => {
    expect(failure({ [name]: value })).toBe(message)
  })

  it('accepts the YAML boolean spellings core.getBooleanInput accepts', () => {
    expect(read({ 'dry-run': 'True', cache: 'FALSE' })).toMatchObject({
      cache: false,
      build: { dryRun: true }
    })
  })

  it('parses durations', () => {
    const timeout = (v: string) =>
      read({ 'deploy-group': 'prod', wait: 'true', 'wait-timeout': v }).build.deploy!.waitTimeoutMs
    expect(timeout('90s')).toBe(90_000)
    expect(timeout('1h30m')).toBe(5_400_000)
    expect(timeout('600')).toBe(600_000)
  })

  it('reads provides and depends as key: value or key=value, lines only', () => {
    const i = read({
      provides: 'data-docker.fleet.version: 2.0, final\nrootfs-image.checksum=abc',
      depends: 'device-rootfs.version: 5'
    })
    expect(i.build.provides).toEqual({
      'data-docker.fleet.version': '2.0, final',
      'rootfs-image.checksum': 'abc'
    })
    expect(i.build.depends).toEqual({ 'device-rootfs.version': '5' })
  })

  it('builds the deployment target; the three targets are exclusive', () => {
    expect(read({ 'deploy-group': 'prod' }).build.deploy).toEqual({
      target: { kind: 'group', group: 'prod' },
      name: 'fleet_app-main-0123456',
      wait: false,
      waitTimeoutMs: 1_800_000,
      rollout: { forceInstallation: false, maxFailures: 0 }
    })
    expect(read({ 'deploy-devices': 'a1,b2', 'deployment-name': 'x' }).build.deploy).toMatchObject({
      target: { kind: 'devices', devices: ['a1', 'b2'] },
      name: 'x'
    })
    expect(read({ 'deploy-all-devices': 'true' }).build.deploy?.target).toEqual({ kind: 'all' })
    expect(failure({ 'deploy-group': 'prod', 'deploy-all-devices': 'true' })).toBe(
      "Input 'deploy-group' and Input 'deploy-all-devices' are exclusive: give one deployment target"
    )
    expect(failure({ wait: 'true' })).toBe("Input 'wait' needs a deployment target")
  })

  it('needs credentials to upload or deploy unless dry-run', () => {
    expect(failure({ 'dry-run': 'false' })).toBe(
      "Input 'mender-access-token' is empty, and uploading or deploying needs it"
    )
    expect(read({ 'dry-run': 'false', upload: 'false' }).build.upload).toBe(false)
    expect(
      read({ 'dry-run': 'false', 'mender-username': 'ci@acme', 'mender-password': 'pw-123456' })
        .build.credentials
    ).toEqual({ username: 'ci@acme', password: 'pw-123456' })
    expect(failure({ 'mender-username': 'ci@acme' })).toBe(
      "Input 'mender-username' and Input 'mender-password' go together"
    )
  })

  it('masks every secret, and a PEM key line by line, before validating anything else', () => {
    const { src, masked } = source({
      ...base,
      'mender-access-token': 'pat-abcdefgh12345',
      'github-token': 'ghs_0123456789',
      'signing-key': PEM,
      module: 'bad' // fails after masking
    })
    expect(() => getInputs(src)).toThrow(/Input 'module'/)
    expect(masked).toContain('pat-abcdefgh12345')
    expect(masked).toContain('ghs_0123456789')
    expect(masked).toContain(PEM)
    expect(masked).toContain(PEM.split('\n')[1])
    expect(masked).not.toContain('-----BEGIN PRIVATE KEY-----')
  })

  it('rejects a signing key that is not a PEM private key', () => {
    expect(failure({ 'signing-key': 'ssh-rsa AAAA' })).toBe(
      "Input 'signing-key' is not a PEM private key"
    )
  })

  it('resolves cache-dir against the workspace', () => {
    expect(read({ 'cache-dir': '.cache/mc' }).build.cacheDir).toBe('/ws/.cache/mc')
    expect(read({ 'cache-dir': '/var/mc' }).build.cacheDir).toBe('/var/mc')
  })

  it('hands compose the job environment without inputs and runtime tokens', () => {
    const env = read(
      {},
      {
        REGISTRY: 'ghcr.io/acme',
        'INPUT_MENDER-ACCESS-TOKEN': 'pat-x',
        ACTIONS_RUNTIME_TOKEN: 'rt',
        GITHUB_TOKEN: 'gh'
      }
    ).build.composeEnv
    expect(env.REGISTRY).toBe('ghcr.io/acme')
    expect(Object.values(env)).not.toContain('pat-x')
    expect(Object.values(env)).not.toContain('rt')
    expect(Object.values(env)).not.toContain('gh')
  })

  it('takes previous-ref as the baseline', () => {
    expect(read({ 'previous-ref': 'v1.0.0' }).build.previous).toEqual({
      kind: 'ref',
      ref: 'v1.0.0'
    })
  })

  it('exports one name per input, all kebab-case', () => {
    for (const name of Object.values(InputNames)) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/)
  })
})
