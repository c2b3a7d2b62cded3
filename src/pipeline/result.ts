import type { LayerMode, LayerPairingNote, PackagedArtifact, PublishResult } from './stages.js'

/** One service of one platform, as the summary and the `json` output show it. */
export interface ServiceReport {
  platform: string
  name: string
  oldReference?: string
  oldDigest?: string
  newReference: string
  newDigest: string
  layers: Record<LayerMode, number>
  fullBytes: number
  shippedBytes: number
  /**
   * Against a current image, per changed layer (not one the current image has
   * as it is): which current layer it was paired with, and why.
   */
  pairings?: LayerPairingRow[]
}

export interface LayerPairingRow extends LayerPairingNote {
  /** Index of the new image's layer. */
  layer: number
  mode: LayerMode
  fullBytes: number
  shippedBytes: number
}

export interface CacheReport {
  /** Whether the action's cache was used this run. */
  enabled: boolean
  primaryKey?: string
  matchedKey?: string
  /** The store was restored with the exact primary key. */
  hit: boolean
  /** Something was fetched that the cache does not hold yet: post should save. */
  dirty: boolean
  blobsFetched: number
  /** Deltas encoded this run: new entries of the store's delta cache. */
  deltasEncoded: number
  /** Deltas taken from the store's delta cache instead of encoding them. */
  deltasFromCache: number
  bytesFetched: number
  blobsReused: number
}

export const PHASES = ['plan', 'fetch', 'delta', 'package', 'publish'] as const
export type Phase = (typeof PHASES)[number]

/** Everything a run did, typed; outputs, the job summary and `--json` are functions of it. */
export interface BuildResult {
  applicationName: string
  artifactName: string
  dryRun: boolean
  previousRef?: string
  previousArtifactName?: string
  services: ServiceReport[]
  artifacts: PackagedArtifact[]
  /** Absent when publishing was skipped (dry run, or neither upload nor deploy asked). */
  published?: PublishResult
  /** Bytes of the new images without deltas, summed over platforms. */
  fullSize: number
  /** Bytes of the images as shipped, summed over platforms. */
  deltaSize: number
  cache: CacheReport
  /** The publish stage's problem, if any: the run failed after producing this result. */
  failure?: string
  /** One line per phase, as logged. */
  phaseLines: Partial<Record<Phase, string>>
  durationsMs: Partial<Record<Phase, number>>
}
