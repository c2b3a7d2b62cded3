import { execFileSync } from 'node:child_process'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import { formatBytes } from '../../src/util/format.js'
import { freePort } from '../helpers/ports.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { basicAuth, makeImage, Pusher, type TestImage } from '../oci/fixtures.js'
import { startFaultProxy, type FaultProxy } from '../oci/fault-proxy.js'
import { errorLine, faultCase, runCli } from './table.js'

const USER = 'alice'
const PASSWORD = 'faults-Registry-s3cret'
const BASIC = basicAuth(USER, PASSWORD).slice('Basic '.length)

/** Small timeouts so hangs cost seconds; the defaults are minutes. */
const FAST = {
  MENDER_COMPOSE_REGISTRY_IDLE_TIMEOUT: '700ms',
  MENDER_COMPOSE_REGISTRY_CONNECT_TIMEOUT: '2s',
  MENDER_COMPOSE_REGISTRY_TIMEOUT: '4s'
}

/** Registry faults: a real distribution registry behind a fault-injecting proxy, pulled by the CLI. */
export function registryCases(): void {
  let dir: string
  let reg: RunningRegistry
  let proxy: FaultProxy
  let img: TestImage
  let n = 0
  let env: Record<string, string>

  beforeAll(async () => {
    dir = await tempDir('faults-registry-')
    await writeFile(
      join(dir, 'htpasswd'),
      execFileSync('htpasswd', ['-Bbn', USER, PASSWORD], { encoding: 'utf8' })
    )
    reg = await startRegistry(dir, {
      auth: `  htpasswd:\n    realm: faults\n    path: ${join(dir, 'htpasswd')}\n`
    })
    proxy = await startFaultProxy(reg.url, basicAuth(USER, PASSWORD))
    img = await makeImage({ layerSizes: [300_000, 20_000], seed: 'faults' })
    await new Pusher(reg.url, async () => basicAuth(USER, PASSWORD)).image('app/one', 'v1', img)
    const config = join(dir, 'docker')
    await mkdir(config)
    await writeFile(
      join(config, 'config.json'),
      JSON.stringify({ auths: { [proxy.host]: { auth: BASIC } } })
    )
    env = { HOME: dir, DOCKER_CONFIG: config, ...FAST }
  }, 60_000)
  afterAll(async () => {
    await proxy?.stop()
    await reg?.stop()
  })

  /** `image pull` through the proxy into a fresh store, so every blob travels. */
  const pull = (ref = `${proxy.host}/app/one:v1`, extra: Record<string, string> = {}) => {
    const k = ++n
    return runCli(
      [
        'image',
        'pull',
        ref,
        '--output',
        join(dir, `out-${k}`),
        '--store',
        join(dir, `store-${k}`),
        '--platform',
        'linux/amd64'
      ],
      { env: { ...env, ...extra } }
    )
  }
  const layer = () => new RegExp(`blobs/${img.layers[0]!.digest}`)
  const pulledDigest = (stdout: string) => expect(stdout.trim()).toBe(img.manifestDigest)

  faultCase('registry: connection refused', 'clear error', async () => {
    const port = await freePort()
    const r = await pull(`127.0.0.1:${port}/app/one:v1`)
    const line = errorLine(r)
    expect(line).toContain(`127.0.0.1:${port}`)
    expect(line).toMatch(/ECONNREFUSED/)
    expect(line).toMatch(/check the network, the proxy settings/)
    expect(r.seconds).toBeLessThan(5 + 3) // 5 s, plus the start of a TypeScript child
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    return 'clear error'
  })

  faultCase('registry: unknown host', 'clear error', async () => {
    const r = await pull('no-such-registry.invalid/app/one:v1')
    const line = errorLine(r)
    expect(line).toContain('no-such-registry.invalid')
    expect(line).toMatch(/ENOTFOUND|EAI_AGAIN/)
    expect(line).toMatch(/host name/)
    expect(r.seconds).toBeLessThan(5 + 3)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    return 'clear error'
  })

  faultCase('registry: never answers', 'clear error', async () => {
    proxy.add(/\/v2\//, ...Array.from({ length: 20 }, () => ({ kind: 'hang' as const })))
    const before = proxy.seen.length
    try {
      const r = await pull()
      const line = errorLine(r)
      expect(line).toContain(proxy.host)
      expect(line).toMatch(/no data for 700 ms/)
      // one retry layer: at most the 5 attempts of one operation, no nested ping loop
      expect(proxy.seen.length - before).toBeLessThanOrEqual(5)
      expect(r.seconds).toBeLessThan(4 + 0.7 + 3)
      return 'clear error'
    } finally {
      proxy.clear()
    }
  })

  faultCase('registry: 503 always', 'clear error', async () => {
    proxy.add(
      /manifests/,
      ...Array.from({ length: 20 }, () => ({ kind: 'status' as const, status: 503 }))
    )
    const before = proxy.seen.length
    try {
      const r = await pull()
      const line = errorLine(r)
      expect(line).toMatch(/manifest v1 failed; the last attempt: .*answered 503/)
      expect(
        proxy.seen.filter((s, i) => i >= before && /manifests/.test(s.path)).length
      ).toBeLessThanOrEqual(5)
      expect(r.stderr.match(/^warning: retrying/gm)?.length ?? 0).toBeLessThanOrEqual(4)
      return 'clear error'
    } finally {
      proxy.clear()
    }
  })

  faultCase('registry: 429 with Retry-After, then served', 'works', async () => {
    proxy.add(/manifests/, { kind: 'status', status: 429, headers: { 'retry-after': '1' } })
    const r = await pull()
    expect(r.code).toBe(0)
    pulledDigest(r.stdout)
    expect(r.stderr).toMatch(/warning: retrying manifest v1 .* in 1000 ms .*answered 429/)
    return 'works'
  })

  faultCase('registry: 5xx on a blob, then served', 'works', async () => {
    proxy.add(layer(), { kind: 'status', status: 502 }, { kind: 'status', status: 500 })
    const r = await pull()
    expect(r.code).toBe(0)
    pulledDigest(r.stdout)
    expect(r.stderr.match(/^warning: retrying/gm)).toHaveLength(2)
    return 'works'
  })

  faultCase('registry: error body echoes the Basic credentials', 'clear error', async () => {
    // the GET of the manifest by digest (the tag is resolved with HEAD, which has no body)
    proxy.add(/manifests\/sha256/, { kind: 'echo-auth', status: 400 })
    const r = await pull()
    const line = errorLine(r)
    expect(line).toContain('answered 400')
    expect(line).toContain('***')
    for (const secret of [BASIC, PASSWORD, `${USER}:${PASSWORD}`])
      expect(r.stderr + r.stdout).not.toContain(secret)
    return 'clear error'
  })

  faultCase('registry: wrong bytes in a layer, once', 'works', async () => {
    proxy.add(layer(), { kind: 'corrupt' })
    const r = await pull()
    expect(r.code).toBe(0)
    pulledDigest(r.stdout)
    return 'works'
  })

  faultCase('registry: layer body cut at half, once (Range resume)', 'works', async () => {
    const size = img.layers[0]!.bytes.length
    proxy.add(layer(), { kind: 'cut', afterBytes: Math.floor(size / 2) })
    const before = proxy.seen.length
    const r = await pull()
    expect(r.code).toBe(0)
    pulledDigest(r.stdout)
    expect(proxy.seen.slice(before).some((s) => s.range === `bytes=${Math.floor(size / 2)}-`)).toBe(
      true
    )
    // progress counts each byte once: the layer's size, not size and a half
    expect(r.stderr).toContain(`: ${formatBytes(size)} in `)
    return 'works'
  })

  faultCase('registry: layer body cut every time', 'clear error', async () => {
    const size = img.layers[0]!.bytes.length
    proxy.add(
      layer(),
      ...Array.from({ length: 10 }, () => ({ kind: 'cut' as const, afterBytes: 1000 }))
    )
    try {
      const r = await pull()
      const line = errorLine(r)
      expect(line).toContain(`${proxy.host}/app/one`)
      expect(line).toContain(img.layers[0]!.digest)
      expect(line).toMatch(new RegExp(`last attempt: .*of ${size} bytes`))
      return 'clear error'
    } finally {
      proxy.clear()
    }
  })

  faultCase('registry: layer body stalls', 'clear error', async () => {
    proxy.add(
      layer(),
      ...Array.from({ length: 10 }, () => ({ kind: 'stall' as const, afterBytes: 1000 }))
    )
    try {
      const r = await pull()
      const line = errorLine(r)
      expect(line).toContain(img.layers[0]!.digest)
      expect(line).toMatch(/last attempt: .*bytes arrived, then: .*700 ms/)
      expect(r.seconds).toBeLessThan(4 + 0.7 + 3)
      return 'clear error'
    } finally {
      proxy.clear()
    }
  })

  faultCase('registry: cross-host redirect drops Basic credentials', 'works', async () => {
    proxy.add(layer(), { kind: 'redirect' })
    const seen = proxy.storageSeen.length
    const r = await pull()
    expect(r.code).toBe(0)
    pulledDigest(r.stdout)
    expect(proxy.storageSeen.length).toBeGreaterThan(seen)
    expect(proxy.storageSeen.slice(seen).every((s) => s.authorization === undefined)).toBe(true)
    return 'works'
  })

  faultCase('registry: killed mid-pull (SIGKILL), then pulled again', 'works', async () => {
    const store = join(dir, 'store-killed')
    const args = [
      'image',
      'pull',
      `${proxy.host}/app/one:v1`,
      '--store',
      store,
      '--platform',
      'linux/amd64'
    ]
    proxy.add(layer(), { kind: 'stall', afterBytes: 100_000 })
    const killed = await runCli([...args, '--output', join(dir, 'killed-1')], {
      env: { ...env, MENDER_COMPOSE_REGISTRY_IDLE_TIMEOUT: '60s' },
      onSpawn: (child, out) => {
        const t = setInterval(() => {
          if (/pulling .*layer 1\/2/.test(out())) {
            clearInterval(t)
            setTimeout(() => child.kill('SIGKILL'), 500)
          }
        }, 50)
      }
    })
    proxy.clear()
    expect(killed.signal).toBe('SIGKILL')
    const r = await runCli([...args, '--output', join(dir, 'killed-2')], { env })
    expect(r.code).toBe(0)
    pulledDigest(r.stdout)
    // the dead process's partial file does not stay behind
    expect((await readdir(join(store, 'tmp'))).filter((f) => f.endsWith('.partial'))).toEqual([])
    return 'works'
  })
}
