import type { CacheRestore } from '../cache/actions-cache.js'
import type { ComposeProject, ComposeService } from '../compose/index.js'
import type { LayerMode } from '../delta/layer-pairing.js'
import type { PairingReason } from '../delta/similarity/pairing-report.js'
import type { ModulePayload } from '../payload/index.js'
import type { PreviousRelease } from '../release/index.js'
import type { BuildOptions, BuildTarget } from './options.js'

export type { PreviousRelease } from '../release/index.js'
export type { LayerMode } from '../delta/layer-pairing.js'

/**
 * The five stages, as typed functions of typed data. None reads the
 * environment or action inputs: everything arrives in `options` or in the
 * previous stage's result. The production stages (stages/index.ts) wire the
 * domain modules: compose + release → plan, oci → fetch, delta + payload →
 * delta, artifact → package, mender → publish. The orchestrator
 * (run-pipeline.ts) only calls them in order, so any of them can be swapped
 * for a test double.
 */

/** An image as the plan knows it: the reference, and which platforms its index offers. */
export interface PlannedImage {
  /** What the compose file (or a `service-images` override) names. */
  reference: string
  /** Index digest, or the manifest digest of a single-platform image. */
  digest: string
  /**
   * Normalised platforms the image offers. A single-platform image lists its
   * one platform (from its config).
   */
  platforms: string[]
  /** Per platform, the manifest digest the index points to. */
  manifests: Record<string, string>
  /**
   * As a base: per platform, how a containerd-store device holds it (the
   * release record's `deviceLayers`; `registry` when no record says).
   */
  held?: Record<string, 'uncompressed' | 'registry'>
}

export interface PlannedService {
  name: string
  image: PlannedImage
  /** The same service in the previous release; absent for a new service or no previous release. */
  previous?: PlannedImage
}

export interface Plan {
  applicationName: string
  artifactName: string
  targets: BuildTarget[]
  /** Each service's new image and, in `previous`, its base: what its devices run now. */
  services: PlannedService[]
  previous?: PreviousRelease
  /** What the bases were chosen from, so they can be chosen again after the cache restore. */
  baseInputs?: BaseInputs
  /** The compose project as loaded (merged, interpolated): the composition the manifests ship. */
  compose?: ComposeProject
}

export interface BaseInputs {
  /** The services of the compose files being built. */
  services: ComposeService[]
  /** The services of the previous release's compose files. */
  previousServices?: ComposeService[]
  /** Platforms whose bases a release record fixed: nothing a cache restores can beat them. */
  recordedPlatforms: string[]
}

export type PlanStage = (input: { options: BuildOptions }) => Promise<Plan>

/**
 * After the cache restore: the bases chosen again where the restored store
 * holds a release record plan did not see (the exact images the devices got
 * beat a tag resolved now). Returns the plan to fetch; the input is not changed.
 */
export type RebaseStage = (input: { options: BuildOptions; plan: Plan }) => Promise<Plan>

/** A layer of a fetched image: compressed blob digest and uncompressed diff ID, both on disk. */
export interface FetchedLayer {
  digest: string
  diffId: string
  /** Compressed size (what a registry pull moves). */
  size: number
  mediaType: string
}

export interface FetchedImage {
  reference: string
  manifestDigest: string
  configDigest: string
  layers: FetchedLayer[]
  /** The config's diff IDs, bottom first (one per layer in a well-formed image). */
  diffIds: string[]
  /** As a base: how a containerd-store device holds it (see PlannedImage.held). */
  held?: 'uncompressed' | 'registry'
}

export interface FetchedService {
  name: string
  /** The new image, pulled by the digest the plan resolved. */
  image: FetchedImage
  /** The base, pulled by the digest the plan chose. */
  previous?: FetchedImage
}

export interface FetchResult {
  platform: string
  services: FetchedService[]
  /** Blobs downloaded in this run (not already in the store). */
  blobsFetched: number
  bytesFetched: number
  /** Blobs found in the store (restored cache or earlier run). */
  blobsReused: number
}

export type FetchStage = (input: {
  options: BuildOptions
  plan: Plan
  target: BuildTarget
}) => Promise<FetchResult>

export interface LayerPayload {
  digest: string
  mode: LayerMode
  /** Uncompressed bytes of the layer as a full copy would ship. */
  fullBytes: number
  /** Bytes shipped: 0 for reused, the VCDIFF size for delta, the layer for full. */
  shippedBytes: number
  /** Against a current image: which of its layers this one was paired with, and why. */
  pairing?: LayerPairingNote
}

/** A layer's pairing as reports show it: `detail` is one line for people. */
export interface LayerPairingNote {
  reason: PairingReason
  /** Index of the current layer. */
  source?: number
  detail: string
}

export interface ServicePayload {
  name: string
  layers: LayerPayload[]
  fullBytes: number
  shippedBytes: number
}

export interface DeltaResult {
  platform: string
  services: ServicePayload[]
  /** Folder holding the payload files the package stage writes into the artifact. */
  payloadDir: string
  /** The module payload: its files (in payloadDir), meta-data, provides and depends. */
  payload: ModulePayload
  /** Deltas encoded this run (new in the store's delta cache) and taken from that cache. */
  deltasEncoded?: number
  deltasFromCache?: number
}

export type DeltaStage = (input: {
  options: BuildOptions
  plan: Plan
  target: BuildTarget
  fetched: FetchResult
}) => Promise<DeltaResult>

export interface PackagedArtifact {
  platform: string
  deviceTypes: string[]
  name: string
  path: string
  size: number
  sha256: string
  /** The release record (ArtifactMetadata) written next to the artifact. */
  metadataPath: string
  signed: boolean
  provides: Record<string, string>
  depends: Record<string, string>
  clearsProvides: string[]
}

export type PackageStage = (input: {
  options: BuildOptions
  plan: Plan
  target: BuildTarget
  /** The images shipped, recorded in the artifact's release metadata. */
  fetched: FetchResult
  delta: DeltaResult
  /** Where to write the artifact (the orchestrator picks one path per platform). */
  outputPath: string
}) => Promise<PackagedArtifact>

export interface PublishedArtifact {
  platform: string
  /** Mender artifact ID. */
  id: string
  /** False when an artifact with this name and device type already existed. */
  uploaded: boolean
}

export interface DeploymentReport {
  id: string
  url: string
  /**
   * `created` (this run made it) or `existing` (an identical active one was
   * there) when not waited for; after a wait, the server's status, e.g.
   * `finished`, `inprogress`.
   */
  status: string
  /** Device counts by status (e.g. success, failure, pending), when known. */
  counts?: Record<string, number>
}

export interface PublishResult {
  artifacts: PublishedArtifact[]
  deployment?: DeploymentReport
  /**
   * Set when the deployment went wrong after the facts above were known
   * (devices failed, paused, wait timed out): the fronts report everything,
   * then fail with this message.
   */
  problem?: string
}

export type PublishStage = (input: {
  options: BuildOptions
  plan: Plan
  artifacts: PackagedArtifact[]
}) => Promise<PublishResult>

export interface Stages {
  plan: PlanStage
  rebase?: RebaseStage
  fetch: FetchStage
  delta: DeltaStage
  package: PackageStage
  publish: PublishStage
  /** Releases what the stages held open for the run (connections); called once at the end. */
  close?(): Promise<void>
}

/**
 * Cache hooks around fetch. The action restores the store with
 * @actions/cache; the CLI keeps a persistent folder and passes none.
 */
export interface CacheHooks {
  /** Undefined when no cache service is available here (not an error). */
  restore(input: { plan: Plan; options: BuildOptions }): Promise<CacheRestore | undefined>
}

export type { CacheRestore } from '../cache/actions-cache.js'
