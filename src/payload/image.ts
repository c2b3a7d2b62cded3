/**
 * The image facts payload builders need, as the content store (issue 5) keeps
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
}

/** Where the compressed registry blobs of images lie on disk (the content store). */
export interface BlobStore {
  blobPath(digest: string): string
  /** Uncompressed layer tars the store already made (issue 5's ContentStore has them). */
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
 * yields there (registry-and-delta.md §7):
 * - `classic`: Docker ≥ 25 overlay2 store, OCI layout + manifest.json, uncompressed layers by diff ID;
 * - `containerd`: containerd image store, the compressed registry blobs by registry digest;
 * - `legacy`: Docker < 25, `<id>/layer.tar` directories.
 */
export type DeviceStore = 'classic' | 'containerd' | 'legacy'

/** The image ID `docker image inspect --format {{.ID}}` shows on a device with that store. */
export function imageId(image: PayloadImage, store: DeviceStore): string {
  return (store === 'containerd' ? image.manifestDigest : image.configDigest).replace(
    /^sha256:/,
    ''
  )
}
