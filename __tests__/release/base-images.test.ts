import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ComposeService } from '../../src/compose/load.js'
import {
  chooseBaseImages,
  type BaseImageInputs,
  type ImageResolver
} from '../../src/release/base-images.js'
import { findBaseline } from '../../src/github/baseline.js'
import { githubClient } from '../../src/github/client.js'
import { loadPreviousCompose } from '../../src/github/previous-release.js'
import { readMetadataFromArtifact } from '../../src/release/metadata.js'
import type { Logger, SourceLocation } from '../../src/util/log.js'
import { fleetRepo, payload, SHA } from '../fakes/github-api/fleet-repo.js'
import { FAKE_TOKEN, startFakeGitHub, type FakeGitHub } from '../fakes/github-api/server.js'
import { readArtifact } from '../../src/artifact/index.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { digest, fleetMetadata, writeAppArtifact } from './fixtures.js'

const d = digest

class TestLogger implements Logger {
  lines: { level: string; message: string; where?: SourceLocation }[] = []
  debug(m: string) {
    this.lines.push({ level: 'debug', message: m })
  }
  info(m: string) {
    this.lines.push({ level: 'info', message: m })
  }
  warn(m: string, where?: SourceLocation) {
    this.lines.push({ level: 'warn', message: m, ...(where && { where }) })
  }
  of(level: string) {
    return this.lines.filter((l) => l.level === level).map((l) => l.message)
  }
}

/**
 * A registry as it is *now*, for the resolver stand-in (src/oci's resolveImage
 * is injected through the same interface). Records what was asked.
 */
function registryNow(
  images: Record<string, { manifest: string; config: string; diffIds: string[] }>
) {
  const asked: string[] = []
  const resolver: ImageResolver = {
    async resolve(ref, platform) {
      asked.push(`${ref} ${platform}`)
      const at = ref.indexOf('@')
      const hit = images[ref] ?? (at >= 0 ? images[ref.slice(at + 1)] : undefined)
      if (!hit) throw new Error(`manifest unknown: ${ref}`)
      return { manifestDigest: hit.manifest, configDigest: hit.config, diffIds: hit.diffIds }
    }
  }
  return { resolver, asked }
}

const svc = (name: string, image: string, platform?: string): ComposeService => ({
  name,
  image,
  file: '/w/compose.yaml',
  line: 3,
  ...(platform && { platform })
})

const OLD_WEB = { manifest: d('0'), config: d('1'), diffIds: [d('2'), d('3')] }
const MOVED_WEB = { manifest: d('9'), config: d('8'), diffIds: [d('2'), d('7')] }

const previousMeta = fleetMetadata('fleet-1.1.0', {
  web: {
    reference: 'ghcr.io/acme/web:1.1.0',
    manifestDigest: OLD_WEB.manifest,
    configDigest: OLD_WEB.config,
    diffIds: OLD_WEB.diffIds
  },
  db: {
    reference: 'postgres:16.1',
    manifestDigest: d('4'),
    configDigest: d('5'),
    diffIds: [d('6')]
  }
})

/** The chain for application "fleet" on linux/arm64, as the tests below mostly want it. */
const choose = (i: Omit<BaseImageInputs, 'application' | 'platform'> & { application?: string }) =>
  chooseBaseImages({ application: 'fleet', platform: 'linux/arm64', ...i })

describe('the digest-source chain', () => {
  const current = [
    svc('db', 'postgres:16.2'),
    svc('web', 'ghcr.io/acme/web:1.2.0'),
    svc('mqtt', 'eclipse-mosquitto:2.0.18')
  ]
  const previous = [svc('db', 'postgres:16.1'), svc('web', 'ghcr.io/acme/web:1.1.0')]

  it('(1) Mender metadata first: cache and registry are not asked', async () => {
    const { resolver, asked } = registryNow({})
    let cacheAsked = false
    const log = new TestLogger()
    const bases = await choose({
      services: current,
      previousServices: previous,
      menderMetadata: async () => previousMeta,
      cacheMetadata: async () => {
        cacheAsked = true
        return undefined
      },
      resolver,
      log
    })
    expect(bases.map((b) => [b.service, b.source, b.manifestDigest])).toEqual([
      ['db', 'mender-metadata', d('4')],
      ['web', 'mender-metadata', OLD_WEB.manifest],
      ['mqtt', 'none', undefined]
    ])
    expect(cacheAsked).toBe(false)
    expect(asked).toEqual([])
    expect(log.of('info')).toContain(
      `base image for service "web": ${OLD_WEB.manifest} (ghcr.io/acme/web:1.1.0), from the previous artifact metadata on the Mender server`
    )
    expect(log.of('info')).toContain(
      'base image for service "mqtt": none, full image: a new service (not in the previous artifact)'
    )
  })

  it('a containerd-store device holds images as the record says; older records and no record: as pulled', async () => {
    const { resolver } = registryNow({ 'ghcr.io/acme/web:1.1.0': OLD_WEB })
    const log = new TestLogger()
    const recorded = {
      ...previousMeta,
      services: previousMeta.services.map((s) =>
        s.service === 'web' ? { ...s, deviceLayers: 'uncompressed' as const } : s
      )
    }
    const fromRecord = await choose({
      services: current.slice(0, 2),
      previousServices: previous,
      menderMetadata: async () => recorded,
      resolver,
      log
    })
    expect(fromRecord.map((b) => [b.service, b.held])).toEqual([
      ['db', 'registry'],
      ['web', 'uncompressed']
    ])
    const fromTag = await choose({
      services: [svc('web', 'ghcr.io/acme/web:1.2.0')],
      previousServices: previous,
      resolver,
      log
    })
    expect(fromTag[0]).toMatchObject({ source: 'resolved-tag', held: 'registry' })
  })

  it('(2) the cache when the Mender server has none or fails', async () => {
    const { resolver } = registryNow({})
    const log = new TestLogger()
    const bases = await choose({
      services: current.slice(0, 2),
      previousServices: previous,
      menderMetadata: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1')
      },
      cacheMetadata: async () => previousMeta,
      resolver,
      log
    })
    expect(bases.map((b) => b.source)).toEqual(['cache-metadata', 'cache-metadata'])
    expect(log.of('warn')[0]).toMatch(/Mender server: connect ECONNREFUSED/)
  })

  it('metadata of another application is ignored', async () => {
    const { resolver } = registryNow({ 'ghcr.io/acme/web:1.1.0': MOVED_WEB })
    const log = new TestLogger()
    const bases = await choose({
      application: 'other',
      services: [svc('web', 'ghcr.io/acme/web:1.2.0')],
      previousServices: previous,
      menderMetadata: async () => previousMeta,
      resolver,
      log
    })
    expect(bases[0]?.source).toBe('resolved-tag')
    expect(log.of('warn')[0]).toMatch(/for application "fleet", not "other"/)
  })

  it('(3) digest-pinned references of the old compose file: exact, no warning', async () => {
    const pinned = `ghcr.io/acme/web@${OLD_WEB.manifest}`
    const { resolver, asked } = registryNow({ [OLD_WEB.manifest]: OLD_WEB })
    const log = new TestLogger()
    const bases = await choose({
      services: [svc('web', 'ghcr.io/acme/web:1.2.0')],
      previousServices: [svc('web', pinned)],
      resolver,
      log
    })
    expect(bases[0]).toMatchObject({ source: 'pinned-reference', manifestDigest: OLD_WEB.manifest })
    expect(asked).toEqual([`${pinned} linux/arm64`])
    expect(log.of('warn')).toEqual([])
  })

  it('(4) old tags resolved now, with a warning naming the file and line', async () => {
    const { resolver } = registryNow({ 'ghcr.io/acme/web:1.1.0': OLD_WEB })
    const log = new TestLogger()
    const bases = await choose({
      services: [svc('web', 'ghcr.io/acme/web:1.2.0')],
      previousServices: previous,
      resolver,
      log
    })
    expect(bases[0]?.source).toBe('resolved-tag')
    const warn = log.lines.find((l) => l.level === 'warn')
    expect(warn?.message).toMatch(
      /old tag "ghcr.io\/acme\/web:1.1.0" resolved now; if that tag moved/
    )
    expect(warn?.where).toMatchObject({ file: '/w/compose.yaml', line: 3 })
  })

  it('per-service platforms are resolved for that platform; a platform change has no base', async () => {
    const { resolver, asked } = registryNow({ 'postgres:16.1': OLD_WEB })
    const bases = await choose({
      services: [svc('db', 'postgres:16.2', 'linux/arm/v7'), svc('web', 'ghcr.io/acme/web:1.2.0')],
      previousServices: [
        svc('db', 'postgres:16.1', 'linux/arm/v7'),
        svc('web', 'web:1', 'linux/amd64')
      ],
      resolver,
      log: new TestLogger()
    })
    expect(asked).toEqual(['postgres:16.1 linux/arm/v7'])
    expect(bases[1]).toMatchObject({
      source: 'none',
      reason: 'the platform changed from linux/amd64'
    })
  })

  it('no previous release: every service is a full image', async () => {
    const { resolver } = registryNow({})
    const log = new TestLogger()
    const bases = await choose({
      services: current,
      previousServices: undefined,
      resolver,
      log
    })
    expect(bases.every((b) => b.source === 'none')).toBe(true)
    expect(log.of('info')).toContain(
      'base image for service "web": none, full image: no previous release'
    )
  })

  it('an old image that no longer resolves is a full image with a warning, not a failure', async () => {
    const { resolver } = registryNow({})
    const log = new TestLogger()
    const bases = await choose({
      services: [svc('web', 'ghcr.io/acme/web:1.2.0')],
      previousServices: previous,
      resolver,
      log
    })
    expect(bases[0]?.source).toBe('none')
    expect(log.of('warn').join('\n')).toMatch(
      /cannot resolve the previous image .*manifest unknown/
    )
  })
})

describeWithTools(['mender-artifact'], 'the old tag has moved since the previous release', () => {
  let gh: FakeGitHub
  beforeAll(async () => {
    gh = await startFakeGitHub([fleetRepo()])
  })
  afterAll(() => gh.close())

  it('with the previous artifact metadata available, the base is the old digest, not the moved tag', async () => {
    const api = githubClient({ token: FAKE_TOKEN, baseUrl: gh.url })
    const log = new TestLogger()
    const repo = { owner: 'acme', repo: 'fleet-app' }
    // Release v1.2.0 is being built; the previous published release is v1.1.0 (commit 3),
    // whose compose file says ghcr.io/acme/web:${WEB_TAG} with WEB_TAG=1.1.0 in .env.
    const baseline = await findBaseline({
      eventName: 'release',
      payload: payload('release'),
      sha: SHA['5'],
      repo,
      api,
      log
    })
    expect(baseline?.ref).toBe('v1.1.0')
    const workspace = await tempDir('mc-ws-')
    const old = await loadPreviousCompose({
      ref: baseline?.ref ?? '',
      workspace,
      files: ['deploy/compose.yaml'],
      env: {},
      repo,
      api,
      log
    })
    expect(old?.services.find((s) => s.name === 'web')?.image).toBe('ghcr.io/acme/web:1.1.0')

    // The previous artifact, built by the real mender-artifact with our record in its meta-data.
    const artifact = await writeAppArtifact(await tempDir(), 'fleet-1.1.0', previousMeta)

    // Since then someone re-pushed ghcr.io/acme/web:1.1.0: the tag names other layers now.
    const { resolver, asked } = registryNow({
      'ghcr.io/acme/web:1.1.0': MOVED_WEB,
      'postgres:16.1': OLD_WEB
    })
    const current = [svc('web', 'ghcr.io/acme/web:1.2.0'), svc('db', 'postgres:16.1')]
    const inputs = {
      application: 'fleet',
      platform: 'linux/arm64',
      services: current,
      previousServices: old?.services,
      resolver,
      log
    }
    const withMeta = await chooseBaseImages({
      ...inputs,
      menderMetadata: () => readMetadataFromArtifact(artifact, readArtifact)
    })
    const web = withMeta.find((b) => b.service === 'web')
    expect(web).toMatchObject({
      source: 'mender-metadata',
      manifestDigest: OLD_WEB.manifest,
      diffIds: OLD_WEB.diffIds
    })
    expect(web?.manifestDigest).not.toBe(MOVED_WEB.manifest)
    expect(asked).toEqual([])
    expect(log.of('info')).toContain(
      'previous release metadata from the previous artifact on the Mender server (artifact fleet-1.1.0)'
    )

    // Without that metadata the same inputs fall to resolving the tag now: the moved image, with a warning.
    const withoutMeta = await chooseBaseImages(inputs)
    expect(withoutMeta.find((b) => b.service === 'web')).toMatchObject({
      source: 'resolved-tag',
      manifestDigest: MOVED_WEB.manifest
    })
    expect(log.of('warn').some((m) => m.includes('if that tag moved since the release'))).toBe(true)
  })
})
