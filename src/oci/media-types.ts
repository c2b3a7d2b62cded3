/** Media types a pull-only client meets (image-spec media-types.md, distribution manifest-v2-2.md). */
export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerTar: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  schema1: 'application/vnd.docker.distribution.manifest.v1+json',
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws'
} as const

/** Sent on every manifest HEAD and GET: distribution 2.8 answers 404 for a type not listed. */
export const MANIFEST_ACCEPT = [
  MediaType.ociIndex,
  MediaType.dockerList,
  MediaType.ociManifest,
  MediaType.dockerManifest
].join(', ')

export function isIndexType(t: string | undefined): boolean {
  return t === MediaType.ociIndex || t === MediaType.dockerList
}

export function isManifestType(t: string | undefined): boolean {
  return t === MediaType.ociManifest || t === MediaType.dockerManifest
}

export type LayerCompression = 'gzip' | 'zstd' | 'none'

/** How a layer blob is compressed, from its media type; undefined for a type we cannot unpack. */
export function layerCompression(mediaType: string): LayerCompression | undefined {
  const t = mediaType.replace('.nondistributable', '')
  if (t.endsWith('+gzip') || t.endsWith('.tar.gzip') || t === MediaType.dockerForeignLayer)
    return 'gzip'
  if (t.endsWith('+zstd')) return 'zstd'
  if (t.endsWith('.tar') || t === MediaType.dockerLayerTar) return 'none'
  return undefined
}
