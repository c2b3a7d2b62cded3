import type { Credentials } from '../../mender/index.js'
import {
  ContentStore,
  RegistryClient,
  dockerCredentials,
  openImageSource,
  parsePlatform,
  registryTimeoutsFromEnv,
  type ResolvedImage
} from '../../oci/index.js'
import type { Logger } from '../../util/log.js'
import type { BuildOptions } from '../options.js'

/** What the fronts give the production stages beyond the build options. */
export interface StagesOptions {
  /**
   * Where the image a compose file names really comes from. Identity by
   * default (the registry); the demo maps the example's references to OCI
   * layouts it wrote, so it needs no registry and no network.
   */
  sourceFor?: (reference: string) => string
  /** Hides a secret from the log (the action passes core.setSecret). */
  mask?: (secret: string) => void
  /** Delta encodes at once on the worker pool (default: the CPUs). */
  deltaConcurrency?: number
}

/**
 * The resources one run's stages share: the content store and one registry
 * client (its connections and tokens serve every resolve and pull of the
 * run). Opened on first use with the run's options; it holds no stage data,
 * which travels in the stage results.
 */
export class Session {
  private opened?: Promise<{ store: ContentStore; client: RegistryClient }>
  private readonly resolutions = new Map<string, Promise<ResolvedImage>>()

  constructor(
    readonly log: Logger,
    readonly opts: StagesOptions = {}
  ) {}

  /** The source of an image the compose file names (see StagesOptions.sourceFor). */
  source(reference: string): string {
    return this.opts.sourceFor?.(reference) ?? reference
  }

  open(options: BuildOptions): Promise<{ store: ContentStore; client: RegistryClient }> {
    this.opened ??= ContentStore.open(options.cacheDir, { log: this.log }).then((store) => ({
      store,
      client: new RegistryClient({
        log: this.log,
        credentials: dockerCredentials({ env: options.composeEnv, log: this.log }),
        timeouts: registryTimeoutsFromEnv(options.composeEnv)
      })
    }))
    return this.opened
  }

  /**
   * Digests, config and layers of `source` for `platform`, through the run's
   * client and store; once per source and platform in a run (many services on
   * one image resolve it once). A failure is not kept.
   */
  resolve(options: BuildOptions, source: string, platform: string): Promise<ResolvedImage> {
    const key = `${platform} ${source}`
    let p = this.resolutions.get(key)
    if (!p) {
      p = this.resolveNow(options, source, platform)
      p.catch(() => this.resolutions.delete(key))
      this.resolutions.set(key, p)
    }
    return p
  }

  private async resolveNow(
    options: BuildOptions,
    source: string,
    platform: string
  ): Promise<ResolvedImage> {
    const deps = await this.open(options)
    const src = await openImageSource(source, deps)
    try {
      return await src.resolve(parsePlatform(platform))
    } finally {
      await src.close()
    }
  }

  async close(): Promise<void> {
    const opened = await this.opened?.catch(() => undefined)
    this.opened = undefined
    this.resolutions.clear()
    await opened?.client.close()
  }
}

/** The Mender credentials the options hold, or undefined. */
export function menderCredentials(options: BuildOptions): Credentials | undefined {
  const c = options.credentials
  if (c.accessToken) return { token: c.accessToken }
  if (c.username && c.password) return { username: c.username, password: c.password }
  return undefined
}
