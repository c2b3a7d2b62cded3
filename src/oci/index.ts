import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from '../util/log.js'
import { dockerCredentials, type Credential } from './credentials.js'
import { parsePlatform, type Platform } from './platform.js'
import { pullImage, type PulledImage } from './pull.js'
import { RegistryClient } from './registry-client.js'
import { registryTimeoutsFromEnv } from './registry-timeouts.js'
import type { ResolvedImage } from './resolved.js'
import { openImageSource } from './sources/index.js'
import { ContentStore } from './store.js'

export * from './reference.js'
export * from './platform.js'
export * from './media-types.js'
export * from './manifest.js'
export * from './credentials.js'
export * from './registry-client.js'
export * from './store.js'
export * from './resolved.js'
export * from './pull.js'
export * from './export.js'
export { openImageSource } from './sources/index.js'
export { registryTimeoutsFromEnv } from './registry-timeouts.js'

/** $MENDER_COMPOSE_STORE, else $XDG_CACHE_HOME (or ~/.cache)/mender-compose/store. */
export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MENDER_COMPOSE_STORE) return env.MENDER_COMPOSE_STORE
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mender-compose', 'store')
}

export interface ImageOptions {
  /** Content store folder (created when missing); default: defaultStoreDir(). */
  storeDir?: string
  log?: Logger
  insecureRegistries?: string[]
  ca?: string | string[]
  /** Explicit credentials per registry domain; the Docker config is read otherwise. */
  credentials?: Record<string, Credential>
  env?: NodeJS.ProcessEnv
  concurrency?: number
  maxStoreBytes?: number
  client?: RegistryClient
}

async function withSource<T>(
  image: string,
  opts: ImageOptions,
  fn: (
    deps: { client: RegistryClient; store: ContentStore },
    src: Awaited<ReturnType<typeof openImageSource>>
  ) => Promise<T>
): Promise<T> {
  const store = await ContentStore.open(opts.storeDir ?? defaultStoreDir(opts.env), {
    log: opts.log,
    maxBytes: opts.maxStoreBytes
  })
  const client =
    opts.client ??
    new RegistryClient({
      log: opts.log,
      insecureRegistries: opts.insecureRegistries,
      ca: opts.ca,
      credentials: dockerCredentials({ env: opts.env, explicit: opts.credentials, log: opts.log }),
      timeouts: registryTimeoutsFromEnv(opts.env ?? process.env)
    })
  try {
    const src = await openImageSource(image, { client, store })
    try {
      return await fn({ client, store }, src)
    } finally {
      await src.close()
    }
  } finally {
    if (!opts.client) await client.close()
  }
}

function toPlatform(p: Platform | string): Platform {
  return typeof p === 'string' ? parsePlatform(p) : p
}

/** The digests, config and layers of `image` for `platform`: what every later step needs. */
export async function resolveImage(
  image: string,
  platform: Platform | string,
  opts: ImageOptions = {}
): Promise<ResolvedImage> {
  return withSource(image, opts, (_deps, src) => src.resolve(toPlatform(platform)))
}

/** Resolve and fetch into the store (blobs + uncompressed layer tars), then `then` while the source is open. */
export async function pullToStore<T = PulledImage>(
  image: string,
  platform: Platform | string,
  opts: ImageOptions & { layerTars?: boolean },
  then?: (pulled: PulledImage, store: ContentStore) => Promise<T>
): Promise<T> {
  return withSource(image, opts, async ({ store }, src) => {
    const pulled = await pullImage(src, toPlatform(platform), {
      store,
      log: opts.log,
      concurrency: opts.concurrency,
      layerTars: opts.layerTars
    })
    if (opts.maxStoreBytes !== undefined) await store.evict()
    return then ? then(pulled, store) : (pulled as T)
  })
}
