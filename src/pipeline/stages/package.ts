import { rm } from 'node:fs/promises'
import { parseCompression, writeArtifact } from '../../artifact/index.js'
import { moduleImageOptions, type ModulePayload } from '../../payload/index.js'
import { sha256File } from '../../payload/digest.js'
import {
  embedInMetaData,
  writeMetadataFile,
  writeReleaseRecords,
  type ArtifactMetadata
} from '../../release/index.js'
import type { BuildOptions } from '../options.js'
import type { FetchResult, PackageStage } from '../stages.js'
import type { Session } from './session.js'

/** The metadata path beside an artifact: `x.mender` → `x.json`. */
export function metadataPathFor(artifactPath: string): string {
  return artifactPath.replace(/(\.mender)?$/, '.json')
}

/**
 * package: the artifact writer over the delta stage's payload, with the
 * release record (the exact images shipped) in the meta-data and as JSON
 * beside the artifact; signed when a key is given. The record is also kept in
 * the layer store for the next release's delta base.
 */
export function packageStage(session: Session): PackageStage {
  return async ({ options, target, fetched, delta, outputPath }) => {
    const payload = delta.payload
    const provides = { ...payload.provides, ...options.provides }
    // the record keeps the provides: a delta against this release depends on them
    const meta = { ...releaseMetadata(options, target.platform, fetched, payload), provides }
    const base = moduleImageOptions(payload, {
      name: options.artifactName,
      deviceTypes: target.deviceTypes
    })
    const { compression, level } = parseCompression(options.compression)
    const depends = { ...payload.depends, ...options.depends }
    const clearsProvides = [...payload.clearsProvides, ...options.clearsProvides]
    const written = await writeArtifact(
      {
        ...base,
        metaData: embedInMetaData(base.metaData ?? {}, meta),
        provides,
        depends,
        clearsProvides,
        compression,
        ...(level !== undefined ? { compressionLevel: level } : {}),
        ...(options.signingKey ? { signingKey: { pem: options.signingKey } } : {})
      },
      outputPath,
      // generated files whose times and owner say nothing: fixed, so a build
      // of the same release writes the same artifact
      { log: session.log, fixedTimestamp: 0 }
    )
    await rm(delta.payloadDir, { recursive: true, force: true })
    const metadataPath = metadataPathFor(outputPath)
    await writeMetadataFile(metadataPath, meta)
    await writeReleaseRecords(options, meta)
    return {
      platform: target.platform,
      deviceTypes: target.deviceTypes,
      name: options.artifactName,
      path: outputPath,
      size: written.size,
      sha256: await sha256File(outputPath),
      metadataPath,
      signed: written.signed,
      provides,
      depends,
      clearsProvides
    }
  }
}

/** How a device holds the images of the release being built (see ServiceImageRecord). */
function deviceLayers(options: BuildOptions): 'uncompressed' | 'registry' {
  return options.module === 'app' && options.deviceImageStore === 'containerd-registry'
    ? 'registry'
    : 'uncompressed'
}

function releaseMetadata(
  options: BuildOptions,
  platform: string,
  fetched: FetchResult,
  payload: Pick<ModulePayload, 'images'>
): ArtifactMetadata {
  const services = fetched.services.map((s) => {
    const id = payload.images.find((i) => i.services.includes(s.name))?.id
    return {
      service: s.name,
      reference: s.image.reference,
      manifestDigest: s.image.manifestDigest,
      configDigest: s.image.configDigest,
      diffIds: s.image.diffIds,
      deviceLayers: deviceLayers(options),
      ...(id ? { deviceImageId: `sha256:${id}` } : {})
    }
  })
  return {
    formatVersion: 1,
    application: options.applicationName,
    platform,
    artifactName: options.artifactName,
    services
  }
}
