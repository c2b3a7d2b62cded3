import type { ResolvedImage } from '../../oci/resolved.js'
import type { ModulePayload } from '../../payload/index.js'
import type { BaseImage } from '../../github/index.js'
import type { ComposeProject, ComposeService } from '../../compose/index.js'
import type { Logger } from '../../util/log.js'

/** What the real stages hand each other beyond the typed stage results. */
export interface RealStagesOptions {
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

/** One service of one platform, as fetched: the images the payload builder reads from the store. */
export interface FetchedPair {
  /** The reference the compose file names (not the source it came from). */
  nextReference: string
  next: ResolvedImage
  current?: ResolvedImage
}

/**
 * State one run shares between stages: the base image chosen per platform and
 * service in plan, the resolved images fetched, and the payload built.
 */
export class RunState {
  readonly bases = new Map<string, BaseImage>()
  readonly fetched = new Map<string, FetchedPair>()
  readonly payloads = new Map<string, ModulePayload>()
  /** What plan chose the bases from, so fetch can choose again after the cache restore. */
  baseInputs?: {
    services: ComposeService[]
    previous?: { ref: string; project: ComposeProject }
  }
  /** Platforms whose bases came from a recorded release (not a tag resolved now). */
  readonly recordUsed = new Set<string>()
  /**
   * Image resolutions of this run by source and platform: many services on
   * one image resolve it once (one manifest request, one open store file).
   */
  readonly resolutions = new Map<string, Promise<ResolvedImage>>()

  constructor(
    readonly log: Logger,
    readonly opts: RealStagesOptions
  ) {}

  source(reference: string): string {
    return this.opts.sourceFor?.(reference) ?? reference
  }

  static key(platform: string, service: string): string {
    return `${platform}\u0000${service}`
  }
}
