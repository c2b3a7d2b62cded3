import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../util/log.js'
import { deepDeltaLayers } from './deep-delta.js'
import type { DeltaEngine } from '../delta/engine.js'
import { imageArchiveEntries } from './image-archive.js'
import { imageId, type BlobStore, type PayloadImage } from './image.js'
import { LayerCache } from './layers.js'
import { manifestEntries, manifestsFrom, type ManifestsSource } from './manifests.js'
import { checkDeviceReferences } from './device-references.js'
import { checkAppName, softwareProvides } from './provides.js'
import { writeTar, type TarEntry } from './tar-write.js'
import type { ModulePayload } from './app-payload.js'

export interface ComposeModuleOptions extends ManifestsSource {
  projectName: string
  artifactName: string
  softwareVersion?: string
  /** The docs recommend `data-docker`; default `rootfs-image` as mender-artifact does. */
  softwareFilesystem?: string
  images: readonly PayloadImage[]
  blobs: BlobStore
  outDir: string
  workDir: string
  log: Logger
}

/** The archive name the generator gives an image: its reference with `/`, `:`, `@` as `_`. */
export function archiveName(reference: string): string {
  return `${reference.replace(/[/:@]/g, '_')}.tar`
}

/**
 * Builds the payload of mender-container-modules' `docker-compose` module
 * (the docker-compose Update Module): `images.tar.gz` with one docker-archive per
 * image (full images; the module has no deltas) and an uncompressed
 * `manifests.tar`.
 */
export async function buildComposeModulePayload(
  options: ComposeModuleOptions
): Promise<ModulePayload> {
  checkAppName(options.projectName, 'project name')
  checkDeviceReferences(options.images.map((i) => ({ reference: i.reference })))
  const shipped = await manifestsFrom(options, options.projectName)
  const cache = new LayerCache(join(options.workDir, 'layers'), options.blobs)
  const ctx = {
    store: 'classic' as const,
    blobs: options.blobs,
    cache,
    engine: noDeltas,
    workDir: options.workDir,
    log: options.log
  }
  const entries: TarEntry[] = [{ name: 'images/', type: 'directory' }]
  const seen = new Set<string>()
  for (const image of options.images) {
    const name = archiveName(image.reference)
    if (seen.has(name)) continue
    seen.add(name)
    const { layers } = await deepDeltaLayers(image, undefined, ctx)
    const path = join(options.workDir, 'archives', name)
    await writeTar(path, imageArchiveEntries(image, layers, 'classic'))
    entries.push({ name: `images/${name}`, type: 'file', path })
  }
  const imagesPath = join(options.outDir, 'images.tar.gz')
  const manifestsPath = join(options.outDir, 'manifests.tar')
  try {
    await writeTar(imagesPath, entries, { gzip: true })
  } finally {
    await rm(join(options.workDir, 'archives'), { recursive: true, force: true })
  }
  await writeTar(manifestsPath, manifestEntries(shipped))
  const sw = softwareProvides({
    name: `mender-docker-compose.${options.projectName}`,
    version: options.softwareVersion ?? options.artifactName,
    filesystem: options.softwareFilesystem,
    imageIds: options.images.map((i) => imageId(i, 'classic'))
  })
  return {
    type: 'docker-compose',
    files: [imagesPath, manifestsPath],
    metaData: { project_name: options.projectName, version: '1' },
    provides: sw.provides,
    clearsProvides: sw.clearsProvides,
    depends: {},
    images: []
  }
}

/** The docker-compose module installs full images only. */
const noDeltas: DeltaEngine = {
  encode: () => Promise.reject(new Error('the docker-compose module has no deltas')),
  decode: () => Promise.reject(new Error('the docker-compose module has no deltas'))
}
