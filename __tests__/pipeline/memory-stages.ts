import type { BuildOptions } from '../../src/pipeline/options.js'
import type {
  FetchedImage,
  LayerPayload,
  Plan,
  PlannedImage,
  Stages
} from '../../src/pipeline/stages.js'

/**
 * Small in-memory implementations of OUR stage interfaces (test doubles of
 * the pipeline's own seams, not of a third-party system). Each layer is a
 * string; a layer shared with the previous image is reused, a changed layer
 * ships as a "delta" of half its size, a new one in full.
 */
export interface MemService {
  name: string
  reference: string
  platforms: string[]
  layers: string[]
  previous?: { reference: string; platforms: string[]; layers: string[] }
}

export interface MemApp {
  services: MemService[]
  previous?: { ref: string; platforms: string[]; artifactName?: string }
  /** Digests already in the store before fetch. */
  store?: Set<string>
  existingOnServer?: Set<string>
}

export const digestOf = (s: string) =>
  `sha256:${Buffer.from(s).toString('hex').padEnd(64, '0').slice(0, 64)}`

function planned(reference: string, platforms: string[]): PlannedImage {
  return {
    reference,
    digest: digestOf(`index:${reference}`),
    platforms,
    manifests: Object.fromEntries(platforms.map((p) => [p, digestOf(`${reference}@${p}`)]))
  }
}

function fetchedImage(reference: string, platform: string, layers: string[]): FetchedImage {
  return {
    reference,
    manifestDigest: digestOf(`${reference}@${platform}`),
    configDigest: digestOf(`config:${reference}`),
    layers: layers.map((l) => ({
      digest: digestOf(`${platform}:${l}`),
      diffId: digestOf(`diff:${platform}:${l}`),
      size: l.length * 100,
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip'
    })),
    diffIds: layers.map((l) => digestOf(`diff:${platform}:${l}`))
  }
}

export interface Calls {
  order: string[]
  outputPaths: string[]
  published: string[][]
}

export function memoryStages(app: MemApp): { stages: Stages; calls: Calls } {
  const calls: Calls = { order: [], outputPaths: [], published: [] }
  const store = app.store ?? new Set<string>()
  const stages: Stages = {
    async plan({ options }: { options: BuildOptions }): Promise<Plan> {
      calls.order.push('plan')
      return {
        applicationName: options.applicationName,
        artifactName: options.artifactName,
        targets: options.targets,
        services: app.services.map((s) => ({
          name: s.name,
          image: planned(s.reference, s.platforms),
          ...(s.previous ? { previous: planned(s.previous.reference, s.previous.platforms) } : {})
        })),
        ...(app.previous ? { previous: app.previous } : {})
      }
    },
    async fetch({ target }) {
      calls.order.push(`fetch ${target.platform}`)
      let blobsFetched = 0
      let bytesFetched = 0
      let blobsReused = 0
      const services = app.services.map((s) => {
        const image = fetchedImage(s.reference, target.platform, s.layers)
        const previous = s.previous
          ? fetchedImage(s.previous.reference, target.platform, s.previous.layers)
          : undefined
        for (const l of [...image.layers, ...(previous?.layers ?? [])]) {
          if (store.has(l.digest)) blobsReused++
          else {
            store.add(l.digest)
            blobsFetched++
            bytesFetched += l.size
          }
        }
        return { name: s.name, image, ...(previous ? { previous } : {}) }
      })
      return { platform: target.platform, services, blobsFetched, bytesFetched, blobsReused }
    },
    async delta({ target, fetched }) {
      calls.order.push(`delta ${target.platform}`)
      const services = fetched.services.map((s) => {
        const old = new Set(s.previous?.layers.map((l) => l.digest) ?? [])
        const layers: LayerPayload[] = s.image.layers.map((l, i) => {
          const full = l.size * 3
          if (old.has(l.digest))
            return { digest: l.digest, mode: 'reused', fullBytes: full, shippedBytes: 0 }
          if (s.previous && s.previous.layers[i])
            return {
              digest: l.digest,
              mode: 'delta',
              fullBytes: full,
              shippedBytes: Math.round(full / 2)
            }
          return { digest: l.digest, mode: 'full', fullBytes: full, shippedBytes: full }
        })
        return {
          name: s.name,
          layers,
          fullBytes: layers.reduce((n, l) => n + l.fullBytes, 0),
          shippedBytes: layers.reduce((n, l) => n + l.shippedBytes, 0)
        }
      })
      const payload = {
        type: 'app',
        files: [],
        metaData: {},
        provides: {},
        depends: {},
        clearsProvides: [],
        images: []
      }
      return {
        platform: target.platform,
        services,
        payloadDir: `/payload/${target.platform}`,
        payload
      }
    },
    async package({ options, target, delta, outputPath }) {
      calls.order.push(`package ${target.platform}`)
      calls.outputPaths.push(outputPath)
      const size = 1000 + delta.services.reduce((n, s) => n + s.shippedBytes, 0)
      return {
        platform: target.platform,
        deviceTypes: target.deviceTypes,
        name: options.artifactName,
        path: outputPath,
        size,
        sha256: 'ab'.repeat(32),
        metadataPath: outputPath.replace(/\.mender$/, '.json'),
        signed: options.signingKey !== undefined,
        provides: {
          [`${options.softwareFilesystem}.${options.applicationName}.version`]: options.artifactName
        },
        depends: options.depends,
        clearsProvides: options.clearsProvides
      }
    },
    async publish({ options, artifacts }) {
      calls.order.push('publish')
      calls.published.push(artifacts.map((a) => `${a.name}@${a.platform}`))
      const existing = app.existingOnServer ?? new Set<string>()
      const out = artifacts.map((a) => {
        const key = `${a.name}@${a.platform}`
        const uploaded = !existing.has(key)
        existing.add(key)
        return { platform: a.platform, id: `id-${a.platform.replace(/\//g, '-')}`, uploaded }
      })
      return {
        artifacts: out,
        ...(options.deploy
          ? {
              deployment: {
                id: 'dep-1',
                url: `${options.menderServerUrl}/ui/deployments/dep-1`,
                status: 'created' as const
              }
            }
          : {})
      }
    }
  }
  return { stages, calls }
}

export function baseOptions(over: Partial<BuildOptions> = {}): BuildOptions {
  return {
    composeFiles: ['compose.yaml'],
    projectDirectory: '/ws',
    composeEnv: {},
    applicationName: 'shop',
    artifactName: 'shop-2.0',
    targets: [{ platform: 'linux/arm64', deviceTypes: ['raspberrypi4'] }],
    module: 'app',
    delta: 'deep',
    deltaEncoder: 'native',
    deviceImageStore: 'classic',
    previous: { kind: 'auto' },
    softwareFilesystem: 'data-docker',
    provides: {},
    depends: {},
    clearsProvides: [],
    compression: 'gzip',
    menderServerUrl: 'https://mender.example',
    credentials: { accessToken: 'pat' },
    upload: true,
    serviceImages: {},
    cacheDir: '/cache',
    outputDir: '/out',
    dryRun: false,
    ...over
  }
}

/** The three-service example app, v1 → v2 (web changes its top layer, api a new layer, db unchanged). */
export function exampleApp(platforms = ['linux/arm64']): MemApp {
  return {
    previous: { ref: 'v1.0.0', platforms: [...platforms], artifactName: 'shop-1.0' },
    services: [
      {
        name: 'web',
        reference: 'registry.example/web:2',
        platforms,
        layers: ['base', 'web-v2'],
        previous: { reference: 'registry.example/web:1', platforms, layers: ['base', 'web-v1'] }
      },
      {
        name: 'api',
        reference: 'registry.example/api:2',
        platforms,
        layers: ['base', 'api', 'api-extra'],
        previous: { reference: 'registry.example/api:1', platforms, layers: ['base', 'api'] }
      },
      {
        name: 'db',
        reference: 'registry.example/db:16',
        platforms,
        layers: ['base', 'db'],
        previous: { reference: 'registry.example/db:16', platforms, layers: ['base', 'db'] }
      }
    ]
  }
}
