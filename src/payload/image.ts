/**
 * The image facts payload builders need, as the content store keeps
 * them: the raw config and manifest bytes (their digests are the image IDs on
 * the device), the registry layer descriptors, and where each blob lies on disk.
 */
export interface LayerDescriptor {
  digest: string
  size: number
  mediaType: string
}

export interface PayloadImage {
  /** The reference written to url-*.txt and RepoTags, e.g. `docker.io/library/nginx:1.27`. */
  reference: string
  /** Raw bytes of the single-platform manifest as pulled (its digest is the containerd image ID). */
  manifest: Uint8Array
  manifestDigest: string
  /** Raw config bytes (its digest is the classic-store image ID). */
  config: Uint8Array
  configDigest: string
  layers: LayerDescriptor[]
  diffIds: string[]
  /**
   * For a current image on a containerd-store device: how the device holds it
   * (default `uncompressed`, what the `containerd` mode ships).
   */
  held?: HeldLayers
}

/** Where the compressed registry blobs of images lie on disk (the content store). */
export interface BlobStore {
  blobPath(digest: string): string
  /** Uncompressed layer tars the store already made (the ContentStore has them). */
  layerTarPath?(diffId: string): string
  hasLayerTar?(diffId: string, opts?: { forOutput?: boolean }): Promise<boolean>
  /** Drops a blob found corrupt, so the next run fetches it again. */
  forgetBlob?(digest: string, why: string): Promise<void>
  /** Small records kept with the store (ContentStore's resolved-reference records). */
  getResolved?<T>(key: string): Promise<{ value: T } | undefined>
  putResolved?<T>(key: string, value: T): Promise<void>
}

/**
 * How the device's Docker keeps images, which decides what `docker image save`
 * yields there and what we ship:
 * - `classic`: Docker ≥ 25 overlay2 store, OCI layout + manifest.json, uncompressed layers by diff ID;
 * - `containerd`: containerd image store, given images whose layers are the
 *   uncompressed tars (digest = diff ID), so that both sides of every later
 *   delta are plain tars; the image ID is the digest of that manifest;
 * - `containerd-registry`: containerd image store keeping the registry's
 *   manifests and compressed blobs byte for byte (deltas against the gzip bytes);
 * - `legacy`: Docker < 25, `<id>/layer.tar` directories.
 */
export type DeviceStore = 'classic' | 'containerd' | 'containerd-registry' | 'legacy'

/**
 * How a device holds an image it already has (a delta's base): `registry`
 * when it came as the registry serves it (pulled, or shipped by an older
 * release or in `containerd-registry` mode: compressed blobs under the
 * registry's manifest), `uncompressed` when it came from an artifact that
 * ships uncompressed layers. Only the containerd store tells them apart.
 */
export type HeldLayers = 'registry' | 'uncompressed'

/** The image ID `docker image inspect --format {{.ID}}` shows for an image held as the registry serves it. */
export function imageId(image: PayloadImage, store: DeviceStore): string {
  return (
    store === 'containerd' || store === 'containerd-registry'
      ? image.manifestDigest
      : image.configDigest
  ).replace(/^sha256:/, '')
}
