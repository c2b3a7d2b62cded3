import { readFile } from 'node:fs/promises'
import { join, resolve as resolvePath } from 'node:path'
import { UserError } from '../../util/errors.js'
import { walkImage } from '../image-walk.js'
import { sha256Digest, type Descriptor } from '../manifest.js'
import { MediaType } from '../media-types.js'
import type { Platform } from '../platform.js'
import type { ImageSource, ResolvedImage, SourceKind } from '../resolved.js'
import type { ContentStore } from '../store.js'
import { validateDigest } from '../reference.js'
import { copyBlobIntoStore } from './local-blob.js'

const REF_NAME = 'org.opencontainers.image.ref.name'

/** `oci:PATH[:TAG]`: an OCI image layout folder (index.json + blobs/). */
export class OciLayoutSource implements ImageSource {
  readonly reference: string

  constructor(
    private readonly dir: string,
    private readonly tag: string | undefined,
    private readonly store: ContentStore,
    readonly kind: SourceKind = 'oci',
    reference?: string
  ) {
    this.reference = reference ?? `oci:${resolvePath(dir)}${tag ? `:${tag}` : ''}`
  }

  private blobFile(digest: string): string {
    validateDigest(digest)
    const [alg, hex] = digest.split(':') as [string, string]
    return join(this.dir, 'blobs', alg, hex)
  }

  private async readVerified(desc: Descriptor): Promise<Buffer> {
    await this.fetchBlob(desc)
    return (await this.store.readBlob(desc))!
  }

  async resolve(platform: Platform): Promise<ResolvedImage> {
    let indexText: string
    try {
      indexText = await readFile(join(this.dir, 'index.json'), 'utf8')
    } catch (err) {
      throw new UserError(
        `${this.reference}: no OCI image layout here (${(err as NodeJS.ErrnoException).code ?? 'unreadable'} index.json)`,
        {
          hint: 'point oci: at a folder made by skopeo copy … oci:DIR or umoci'
        }
      )
    }
    const index = JSON.parse(indexText) as { manifests?: Descriptor[] }
    const entries = index.manifests ?? []
    let entry: Descriptor | undefined
    if (this.tag) {
      entry = entries.find((m) => m.annotations?.[REF_NAME] === this.tag)
      if (!entry) {
        const tags = entries.map((m) => m.annotations?.[REF_NAME]).filter(Boolean)
        throw new UserError(`${this.reference}: no image tagged "${this.tag}"`, {
          hint: tags.length
            ? `the layout has: ${tags.join(', ')}`
            : 'the layout has no tagged images'
        })
      }
    } else if (entries.length === 1) {
      entry = entries[0]
    } else {
      // index.json itself as a multi-platform index
      return walkImage(
        this.walker(),
        {
          bytes: Buffer.from(indexText),
          mediaType: MediaType.ociIndex,
          digest: sha256Digest(indexText)
        },
        platform
      )
    }
    if (!entry) throw new UserError(`${this.reference}: index.json lists no images`)
    const bytes = await this.readVerified(entry)
    return walkImage(
      this.walker(),
      { bytes, mediaType: entry.mediaType, digest: entry.digest },
      platform
    )
  }

  private walker() {
    return {
      kind: this.kind,
      reference: this.reference,
      manifest: async (d: Descriptor) => ({
        bytes: await this.readVerified(d),
        mediaType: d.mediaType
      }),
      config: (d: Descriptor) => this.readVerified(d)
    }
  }

  fetchBlob(desc: Descriptor, onBytes?: (n: number) => void): Promise<string> {
    return copyBlobIntoStore(this.store, this.blobFile(desc.digest), desc, onBytes)
  }

  async close(): Promise<void> {}
}
