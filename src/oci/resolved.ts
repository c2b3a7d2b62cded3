import type { Descriptor, ImageConfig } from './manifest.js'
import type { Platform } from './platform.js'

export type SourceKind = 'registry' | 'oci' | 'oci-archive' | 'docker-archive' | 'docker-daemon'

/** What `resolveImage` returns: every digest a later step (delta, metadata) needs. */
export interface ResolvedImage {
  /** The normalised reference, e.g. docker.io/library/nginx:latest or oci:/path:tag. */
  reference: string
  source: SourceKind
  /** Digest of the index/manifest list the reference points to, when it is one. */
  indexDigest?: string
  /** Digest of the platform's image manifest (its exact bytes). */
  manifestDigest: string
  manifestMediaType: string
  configDigest: string
  config: ImageConfig
  layers: Descriptor[]
  /** config.rootfs.diff_ids: the uncompressed layers, in order. */
  diffIds: string[]
  platform: Platform
}

/** A place images come from. Blobs land in the content store; `fetchBlob` returns the path. */
export interface ImageSource {
  readonly kind: SourceKind
  readonly reference: string
  resolve(platform: Platform): Promise<ResolvedImage>
  fetchBlob(desc: Descriptor, onBytes?: (n: number) => void): Promise<string>
  close(): Promise<void>
}
