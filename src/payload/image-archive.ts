import type { TarEntry } from './tar-write.js'
import { digestHex, sha256Hex } from './digest.js'
import type { DeviceStore, PayloadImage } from './image.js'

/**
 * What one layer of an `image.img` holds: the whole layer, or a VCDIFF that
 * the device decodes against one layer of its own `docker save` of the current image.
 */
export type LayerContent =
  | { kind: 'full'; path: string }
  | {
      kind: 'delta'
      deltaPath: string
      /** sha256 hex of the device's current layer file the delta decodes against. */
      sourceHex: string
    }

export interface ArchiveLayer {
  /** The name the device's store gives this layer: diff ID, or registry digest (containerd-registry). */
  digest: string
  /** Size of the file the device ends up with (uncompressed except in containerd-registry). */
  size: number
  mediaType: string
  content: LayerContent
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar'

/**
 * `docker.io/library/nginx:1.27` → repository `nginx`, tag `1.27` as Docker
 * names them in RepoTags; no tag is `latest`, as Docker reads it. A digest
 * reference gets no tag (the builders refuse those, see device-references.ts).
 */
export function repoTag(reference: string): { repository: string; tag?: string } {
  const [noDigest = reference, digest] = reference.split('@')
  const m = /^(.*?)(?::([\w][\w.-]{0,127}))?$/.exec(noDigest)
  const tag = m?.[2] ?? (digest === undefined ? 'latest' : undefined)
  const repository = (m?.[1] ?? noDigest)
    .replace(/^docker\.io\/library\//, '')
    .replace(/^docker\.io\//, '')
  return tag === undefined ? { repository } : { repository, tag }
}

/** The layer descriptors Docker ≥ 25's classic store writes: uncompressed tars named by diff ID. */
export function classicLayers(image: PayloadImage, sizes: readonly number[]): ArchiveLayerBase[] {
  return image.diffIds.map((diffId, i) => ({
    digest: diffId,
    size: sizes[i] ?? 0,
    mediaType: OCI_LAYER_TAR
  }))
}

/** The `containerd-registry` mode keeps the registry's compressed blobs and descriptors. */
export function containerdLayers(image: PayloadImage): ArchiveLayerBase[] {
  return image.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType }))
}

export type ArchiveLayerBase = Omit<ArchiveLayer, 'content'>

/**
 * The members of a `docker image save` archive of `image` as a device with
 * `store` would write it (as `docker save` on the device does), with each layer's content
 * either whole or as `.vcdiff` + `.source` (OCI) / `layer.tar.vcdiff` + sums
 * (legacy) — the deep-delta layouts the App Update Module decodes.
 */
export function imageArchiveEntries(
  image: PayloadImage,
  layers: readonly ArchiveLayer[],
  store: DeviceStore
): TarEntry[] {
  return store === 'legacy' ? legacyEntries(image, layers) : ociEntries(image, layers, store)
}

/**
 * The OCI manifest of an image over the layer files we write: what the
 * classic store regenerates on `docker save`, and what a containerd store
 * keeps (its image ID is this manifest's digest) for the uncompressed layers
 * the `containerd` mode ships. Deterministic, so the next build computes the
 * same image ID for a current image from its config and layers alone.
 */
export function shippedManifest(
  image: PayloadImage,
  layers: readonly ArchiveLayerBase[]
): { bytes: Uint8Array; digest: string } {
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: image.configDigest, size: image.config.length },
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size }))
    })
  )
  return { bytes, digest: `sha256:${sha256Hex(bytes)}` }
}

function ociEntries(
  image: PayloadImage,
  layers: readonly ArchiveLayer[],
  store: Exclude<DeviceStore, 'legacy'>
): TarEntry[] {
  const { repository, tag } = repoTag(image.reference)
  let manifestBytes: Uint8Array
  let manifestDigest: string
  if (store === 'containerd-registry') {
    // the store keeps the manifest as pulled: its digest is the image ID
    manifestBytes = image.manifest
    manifestDigest = image.manifestDigest
  } else {
    // an OCI manifest over the uncompressed layers (the classic store regenerates one)
    const m = shippedManifest(image, layers)
    manifestBytes = m.bytes
    manifestDigest = m.digest
  }
  const annotations: Record<string, string> = { 'io.containerd.image.name': image.reference }
  if (tag !== undefined) annotations['org.opencontainers.image.ref.name'] = tag
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      { mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifestBytes.length, annotations }
    ]
  }
  const blob = (digest: string): string => `blobs/sha256/${digestHex(digest)}`
  const dockerManifest = [
    {
      Config: blob(image.configDigest),
      RepoTags: tag === undefined ? [] : [`${repository}:${tag}`],
      Layers: layers.map((l) => blob(l.digest)),
      LayerSources: Object.fromEntries(
        layers.map((l) => [l.digest, { mediaType: l.mediaType, size: l.size, digest: l.digest }])
      )
    }
  ]
  const entries: TarEntry[] = [
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
    { name: blob(image.configDigest), type: 'file', data: image.config },
    { name: blob(manifestDigest), type: 'file', data: manifestBytes }
  ]
  const seen = new Set<string>()
  for (const layer of layers) {
    if (seen.has(layer.digest)) continue // a repeated layer is stored once
    seen.add(layer.digest)
    const name = blob(layer.digest)
    if (layer.content.kind === 'full') {
      entries.push({ name, type: 'file', path: layer.content.path })
    } else {
      entries.push({ name: `${name}.vcdiff`, type: 'file', path: layer.content.deltaPath })
      entries.push({
        name: `${name}.source`,
        type: 'file',
        data: `blobs/sha256/${layer.content.sourceHex}`
      })
    }
  }
  entries.push({ name: 'index.json', type: 'file', data: JSON.stringify(index) })
  entries.push({ name: 'manifest.json', type: 'file', data: JSON.stringify(dockerManifest) })
  entries.push({ name: 'oci-layout', type: 'file', data: '{"imageLayoutVersion":"1.0.0"}' })
  if (store === 'classic' && tag !== undefined) {
    const top = layers.at(-1)
    entries.push({
      name: 'repositories',
      type: 'file',
      data: JSON.stringify({ [repository]: { [tag]: top ? digestHex(top.digest) : '' } })
    })
  }
  return entries
}

/** Legacy v1 layer IDs: chained so the same diff ID under another parent gets another directory. */
export function legacyLayerIds(diffIds: readonly string[]): string[] {
  const ids: string[] = []
  let parent = ''
  for (const diffId of diffIds) {
    parent = sha256Hex(`${parent}\n${diffId}`)
    ids.push(parent)
  }
  return ids
}

function legacyEntries(image: PayloadImage, layers: readonly ArchiveLayer[]): TarEntry[] {
  const { repository, tag } = repoTag(image.reference)
  const ids = legacyLayerIds(layers.map((l) => l.digest))
  const configName = `${digestHex(image.configDigest)}.json`
  const entries: TarEntry[] = [{ name: configName, type: 'file', data: image.config }]
  layers.forEach((layer, i) => {
    const id = ids[i]!
    const v1 = { id, ...(i > 0 ? { parent: ids[i - 1] } : {}), created: '1970-01-01T00:00:00Z' }
    entries.push({ name: `${id}/`, type: 'directory' })
    entries.push({ name: `${id}/VERSION`, type: 'file', data: '1.0' })
    entries.push({ name: `${id}/json`, type: 'file', data: JSON.stringify(v1) })
    if (layer.content.kind === 'full') {
      entries.push({ name: `${id}/layer.tar`, type: 'file', path: layer.content.path })
    } else {
      entries.push({ name: `${id}/layer.tar.vcdiff`, type: 'file', path: layer.content.deltaPath })
      entries.push({
        name: `${id}/layer.tar.current.sha256sum`,
        type: 'file',
        data: `${layer.content.sourceHex}\n`
      })
      entries.push({
        name: `${id}/layer.tar.new.sha256sum`,
        type: 'file',
        data: `${digestHex(layer.digest)}\n`
      })
    }
  })
  const manifest = [
    {
      Config: configName,
      RepoTags: tag === undefined ? [] : [`${repository}:${tag}`],
      Layers: ids.map((id) => `${id}/layer.tar`)
    }
  ]
  entries.push({ name: 'manifest.json', type: 'file', data: JSON.stringify(manifest) })
  if (tag !== undefined)
    entries.push({
      name: 'repositories',
      type: 'file',
      data: JSON.stringify({ [repository]: { [tag]: ids.at(-1) ?? '' } })
    })
  return entries
}
