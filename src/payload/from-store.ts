import type { ResolvedImage } from '../oci/resolved.js'
import type { ContentStore } from '../oci/store.js'
import { UserError } from '../util/errors.js'
import type { ModuleImageOptions } from '../artifact/types.js'
import type { ModulePayload } from './app-payload.js'
import type { PayloadImage } from './image.js'

/**
 * A pulled image (in the content store) as the payload builders take it:
 * the raw manifest and config bytes (their digests are the device's image IDs)
 * read back from the store, which verified them against their digests.
 */
export async function payloadImageFromStore(
  resolved: Pick<
    ResolvedImage,
    'reference' | 'manifestDigest' | 'configDigest' | 'layers' | 'diffIds'
  >,
  store: ContentStore,
  reference = resolved.reference
): Promise<PayloadImage> {
  const read = async (digest: string, what: string): Promise<Buffer> => {
    const bytes = await store.readBlob({ digest })
    if (!bytes)
      throw new UserError(
        `${resolved.reference}: the ${what} ${digest} is not in the content store`,
        {
          hint: 'pull the image into the store before building the payload'
        }
      )
    return bytes
  }
  return {
    reference,
    manifest: await read(resolved.manifestDigest, 'manifest'),
    manifestDigest: resolved.manifestDigest,
    config: await read(resolved.configDigest, 'config'),
    configDigest: resolved.configDigest,
    layers: resolved.layers.map((l) => ({
      digest: l.digest,
      size: l.size,
      mediaType: l.mediaType
    })),
    diffIds: resolved.diffIds
  }
}

/** The `mender-artifact write module-image` options (the artifact writer's) for a module payload. */
export function moduleImageOptions(
  payload: ModulePayload,
  options: { name: string; deviceTypes: string[] }
): ModuleImageOptions {
  return {
    type: payload.type,
    name: options.name,
    deviceTypes: options.deviceTypes,
    files: payload.files,
    metaData: payload.metaData,
    provides: payload.provides,
    depends: payload.depends,
    clearsProvides: payload.clearsProvides,
    noDefaultSoftwareVersion: true,
    noDefaultClearsProvides: true,
    // images are compressed already and the payload files are gzip (app-gen's `be0a3bf`)
    compression: 'none'
  }
}
