import { describe, expect, it } from 'vitest'
import { parseChallenges, pickChallenge } from '../../src/oci/challenge.js'
import { credentialKey, decodeAuth, keyHostname } from '../../src/oci/credentials.js'
import { selectPlatform, parseManifest, type ImageIndex } from '../../src/oci/manifest.js'
import { normalizePlatform, parsePlatform, platformMatches } from '../../src/oci/platform.js'
import { isLoopbackRegistry, registryRetryVerdict } from '../../src/oci/registry-client.js'
import { TokenCache, tokenExpiry } from '../../src/oci/token-cache.js'
import { HttpError } from '../../src/util/http-errors.js'

describe('platform normalisation (containerd rules)', () => {
  it.each([
    ['linux/x86_64', 'linux/amd64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm64/8', 'linux/arm64'],
    ['linux/arm64/v9.0', 'linux/arm64/v9'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/7', 'linux/arm/v7'],
    ['linux/armhf', 'linux/arm/v7'],
    ['linux/armel', 'linux/arm/v6'],
    ['linux/arm/6', 'linux/arm/v6'],
    ['linux/i386', 'linux/386'],
    ['Linux/AMD64', 'linux/amd64'],
    ['macos/arm64', 'darwin/arm64']
  ])('%s → %s', (input, out) => {
    const n = normalizePlatform(parsePlatform(input))
    expect(`${n.os}/${n.architecture}${n.variant ? `/${n.variant}` : ''}`).toBe(out)
  })
  it('matches exactly after normalising; no fallback to older variants', () => {
    expect(
      platformMatches(parsePlatform('linux/arm64'), {
        os: 'linux',
        architecture: 'arm64',
        variant: 'v8'
      })
    ).toBe(true)
    expect(
      platformMatches(parsePlatform('linux/arm/v7'), {
        os: 'linux',
        architecture: 'arm',
        variant: 'v6'
      })
    ).toBe(false)
    expect(
      platformMatches(parsePlatform('linux/amd64'), { os: 'windows', architecture: 'amd64' })
    ).toBe(false)
    expect(() => parsePlatform('linux//v7')).toThrow(/not a platform: an empty part/)
    expect(parsePlatform('arm64')).toEqual({ os: 'linux', architecture: 'arm64' })
  })
  it('skips unknown media types and attestations, and lists what exists', () => {
    const d = (c: string) => `sha256:${c.repeat(64)}`
    const index: ImageIndex = {
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.example.unknown',
          digest: d('1'),
          size: 1,
          platform: { os: 'linux', architecture: 's390x' }
        },
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: d('2'),
          size: 1,
          platform: { os: 'unknown', architecture: 'unknown' }
        },
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: d('3'),
          size: 1,
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' }
        }
      ]
    }
    expect(selectPlatform(index, parsePlatform('linux/arm'), 'x').digest).toBe(d('3'))
    expect(() => selectPlatform(index, parsePlatform('linux/s390x'), 'img')).toThrow(
      /img has no image for platform linux\/s390x/
    )
    try {
      selectPlatform(index, parsePlatform('linux/amd64'), 'img')
    } catch (e) {
      expect((e as { hint: string }).hint).toBe('the image has: linux/arm/v7')
    }
  })
})

describe('manifest parsing', () => {
  it('refuses schema 1 with a clear message and a contradicting mediaType', () => {
    const s1 = Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'x', fsLayers: [] }))
    expect(() =>
      parseManifest(s1, 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'r')
    ).toThrow(/schema 1 manifest, which is deprecated/)
    const m = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: []
      })
    )
    expect(() =>
      parseManifest(m, 'application/vnd.oci.image.manifest.v1+json; charset=utf-8', 'r')
    ).toThrow(/says mediaType .* but was served as/)
    expect(() => parseManifest(Buffer.from('{}'), 'text/html', 'r')).toThrow(
      /unsupported manifest type text\/html/
    )
  })
})

describe('WWW-Authenticate parsing', () => {
  it('keeps quoted commas and reads several challenges', () => {
    const c = parseChallenges(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"'
    )
    expect(c).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:samalba/my-app:pull,push'
        }
      }
    ])
    const many = parseChallenges(
      'Negotiate abc==, Basic realm="x, y", Bearer realm="r",error="insufficient_scope"'
    )
    expect(many.map((x) => x.scheme)).toEqual(['negotiate', 'basic', 'bearer'])
    expect(many[1]!.params.realm).toBe('x, y')
    expect(pickChallenge(many)!.scheme).toBe('basic')
    expect(parseChallenges(['Basic realm="test-realm"'])[0]!.params.realm).toBe('test-realm')
  })
})

describe('token cache and expiry', () => {
  it('defaults to 60 s, keeps a margin, and expires', () => {
    expect(tokenExpiry({}, 1_000_000)).toBe(1_000_000 + 30_000)
    expect(tokenExpiry({ expires_in: 300 }, 1_000_000)).toBe(1_000_000 + 270_000)
    let now = 0
    const cache = new TokenCache(() => now)
    const k = TokenCache.key('r', 's', ['b', 'a'], 'id')
    expect(k).toBe(TokenCache.key('r', 's', ['a', 'b'], 'id'))
    cache.set(k, { token: 't', expiresAt: 100 })
    expect(cache.get(k)).toBe('t')
    now = 100
    expect(cache.get(k)).toBeUndefined()
  })
})

describe('credentials and hosts', () => {
  it('maps Docker Hub to its key and reads legacy URL keys', () => {
    expect(credentialKey('docker.io')).toBe('https://index.docker.io/v1/')
    expect(credentialKey('ghcr.io')).toBe('ghcr.io')
    expect(keyHostname('https://registry.example.com/v1/')).toBe('registry.example.com')
    expect(decodeAuth(Buffer.from('u:p:a\0\0').toString('base64'))).toEqual({
      username: 'u',
      password: 'p:a'
    })
  })
  it('plain HTTP only for loopback', () => {
    for (const h of [
      'localhost:5000',
      '127.0.0.1:5000',
      '127.1.2.3',
      '[::1]:5000',
      'foo.localhost'
    ])
      expect(isLoopbackRegistry(h)).toBe(true)
    for (const h of ['10.0.0.1:5000', 'example.com', 'localhost.example.com:80', '[::2]:5000'])
      expect(isLoopbackRegistry(h)).toBe(false)
  })
  it('retry verdicts: 429 honours Retry-After and ratelimit-reset; 4xx final', () => {
    const e = (status: number, headers: Record<string, string> = {}) =>
      new HttpError(status, 'GET', 'http://x', headers, '')
    expect(registryRetryVerdict(e(429, { 'retry-after': '3' }))).toBe(3000)
    expect(registryRetryVerdict(e(429, { 'ratelimit-reset': '7' }))).toBe(7000)
    expect(registryRetryVerdict(e(503))).toBe(true)
    expect(registryRetryVerdict(e(404))).toBe(false)
    expect(registryRetryVerdict(e(401))).toBe(false)
  })
})
