import { downloadBlob } from '../blob-download.js'
import { walkImage } from '../image-walk.js'
import type { Descriptor } from '../manifest.js'
import { formatPlatform, type Platform } from '../platform.js'
import { formatReference, referenceTarget, type ImageReference } from '../reference.js'
import type { RegistryClient } from '../registry-client.js'
import type { ImageSource, ResolvedImage } from '../resolved.js'
import type { ContentStore } from '../store.js'

/**
 * Images from a registry. Tags are resolved with HEAD (free of Docker Hub's
 * pull quota); manifests and configs already in the store by digest are not
 * fetched again, so a warm resolve of a digest reference needs no network.
 */
export class RegistrySource implements ImageSource {
  readonly kind = 'registry' as const
  readonly reference: string

  constructor(
    private readonly ref: ImageReference,
    private readonly client: RegistryClient,
    private readonly store: ContentStore
  ) {
    this.reference = formatReference(ref)
  }

  private async manifestByDigest(
    digest: string,
    mediaType?: string
  ): Promise<{ bytes: Buffer; mediaType?: string }> {
    const cached = await this.store.readBlob({ digest })
    const typeKey = `manifest-type:${digest}`
    if (cached) {
      const t = await this.store.getResolved<string>(typeKey)
      return { bytes: cached, mediaType: t?.value ?? mediaType }
    }
    const m = await this.client.getManifest(this.ref, digest)
    await this.store.putBlobBytes(m.digest, m.bytes)
    await this.store.putResolved(typeKey, m.mediaType)
    return { bytes: m.bytes, mediaType: m.mediaType }
  }

  async resolve(platform: Platform): Promise<ResolvedImage> {
    let digest = this.ref.digest
    let root: { bytes: Buffer; mediaType?: string; digest: string }
    if (!digest) {
      const head = await this.client.headManifest(this.ref, referenceTarget(this.ref))
      digest = head.digest
    }
    if (digest) {
      root = { ...(await this.manifestByDigest(digest)), digest }
    } else {
      // no Docker-Content-Digest on HEAD: GET and hash the bytes
      const m = await this.client.getManifest(this.ref, referenceTarget(this.ref))
      await this.store.putBlobBytes(m.digest, m.bytes)
      await this.store.putResolved(`manifest-type:${m.digest}`, m.mediaType)
      root = { bytes: m.bytes, mediaType: m.mediaType, digest: m.digest }
    }
    const resolved = await walkImage(
      {
        kind: 'registry',
        reference: this.reference,
        manifest: (d) => this.manifestByDigest(d.digest, d.mediaType),
        config: async (d) => {
          await this.fetchBlob(d)
          return (await this.store.readBlob(d))!
        }
      },
      root,
      platform
    )
    await this.store.putResolved(`ref:${this.reference}|${formatPlatform(platform)}`, {
      indexDigest: resolved.indexDigest,
      manifestDigest: resolved.manifestDigest
    })
    return resolved
  }

  fetchBlob(desc: Descriptor, onBytes?: (n: number) => void): Promise<string> {
    return this.store.ensureBlob(desc, (partial) =>
      downloadBlob(this.client, this.ref, desc.digest, desc.size, partial, {
        ...(onBytes ? { onBytes } : {})
      })
    )
  }

  async close(): Promise<void> {}
}
