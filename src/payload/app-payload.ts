import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../util/log.js'
import {
  deviceImageId,
  finishDeepDelta,
  planDeepDeltaWork,
  type LayerOutcome
} from './deep-delta.js'
import { encodeAll, type DeltaEngine } from '../delta/engine.js'
import type { LayerMode } from '../delta/layer-pairing.js'
import { imageArchiveEntries } from './image-archive.js'
import type { BlobStore, DeviceStore, PayloadImage } from './image.js'
import { LayerCache } from './layers.js'
import { manifestEntries, manifestsFrom, type ManifestsSource } from './manifests.js'
import { checkDeviceReferences, deviceReferenceProblem } from './device-references.js'
import { checkAppName, imagesValue, softwareProvides } from './provides.js'
import { writeTar, type TarEntry } from './tar-write.js'

export interface AppService {
  name: string
  next: PayloadImage
  /** The image the device runs now for this service; absent for a new service or a first release. */
  current?: PayloadImage
}

export interface AppPayloadOptions extends ManifestsSource {
  applicationName: string
  platform: string
  /** Artifact name; the default software version. */
  artifactName: string
  softwareVersion?: string
  /** e.g. `data-docker`; default `rootfs-image` as app-gen does. */
  softwareFilesystem?: string
  /** The version the device has now, for the delta's depends. */
  previousVersion?: string
  /**
   * The images value the base release provides, from its record; false when
   * its record predates that key (the delta then depends on the version
   * only). Absent: computed from the services' current images.
   */
  previousImages?: string | false
  services: readonly AppService[]
  /** Per-layer deltas against the current images (default true); false ships full images. */
  deepDelta?: boolean
  /** The device's image store (default classic); `legacy` for Docker < 25. */
  deviceStore?: DeviceStore
  blobs: BlobStore
  engine: DeltaEngine
  /** Where images.tar.gz and manifests.tar.gz are written. */
  outDir: string
  /** Scratch space: uncompressed layers, deltas. */
  workDir: string
  log: Logger
}

export interface ImageReport {
  id: string
  services: string[]
  reference: string
  /** reused: the device has the image; delta: some layer ships as a delta. */
  mode: LayerMode
  layers: LayerOutcome[]
}

/** What the artifact writer needs for an `app` payload (writeArtifact). */
export interface ModulePayload {
  type: string
  files: string[]
  metaData: Record<string, unknown>
  provides: Record<string, string>
  clearsProvides: string[]
  depends: Record<string, string>
  images: ImageReport[]
}

/**
 * Builds the App Update Module payload (its images and manifests archives): one
 * `images/<new id>/` directory per distinct new image with the url and sums
 * files and an `image.img` that is either a `docker save`-style archive or,
 * when the device has a current image, a deep delta against it. Unchanged
 * images become deep deltas of identical layers: config, manifest and a few
 * dozen bytes per layer.
 */
export async function buildAppPayload(options: AppPayloadOptions): Promise<ModulePayload> {
  checkAppName(options.applicationName, 'application name')
  checkDeviceReferences(
    options.services.map((s) => ({ name: s.name, reference: s.next.reference }))
  )
  const store = options.deviceStore ?? 'classic'
  // before any layer work: an unshippable manifest is an error in the compose file
  const shipped = await manifestsFrom(
    options,
    options.applicationName,
    Object.fromEntries(options.services.map((s) => [s.name, s.next.reference]))
  )
  const deep = options.deepDelta ?? true
  const cache = new LayerCache(join(options.workDir, 'layers'), options.blobs)
  const ctx = {
    store,
    blobs: options.blobs,
    cache,
    engine: options.engine,
    workDir: options.workDir,
    log: options.log
  }
  const id = (image: PayloadImage, asCurrent = false): Promise<string> =>
    deviceImageId(image, store, options.blobs, cache, asCurrent)
  const byId = new Map<string, { services: AppService[] }>()
  for (const svc of options.services) {
    const nextId = await id(svc.next)
    const group = byId.get(nextId)
    if (group) group.services.push(svc)
    else byId.set(nextId, { services: [svc] })
  }
  const entries: TarEntry[] = [{ name: 'images/', type: 'directory' }]
  const reports: ImageReport[] = []
  const allIds = new Set<string>()
  // plan every image first, then encode all their layer pairs at once, so the
  // engine's pool runs the changed layers of different services side by side
  const groups = await Promise.all(
    [...byId].map(async ([nextId, { services }]) => {
      const svc = services[0]!
      const currentId = svc.current ? await id(svc.current, true) : undefined
      const unchanged = currentId === nextId
      const current = deep || unchanged ? svc.current : undefined
      return { id: nextId, services, svc, unchanged, current, currentId }
    })
  )
  // planned side by side: reading the layers' member lists is I/O and tar parsing
  const works = await Promise.all(groups.map((g) => planDeepDeltaWork(g.svc.next, g.current, ctx)))
  const results = await encodeAll(
    options.engine,
    works.flatMap((w) => w.jobs.map((j) => j.job))
  )
  let taken = 0
  for (const [k, group] of groups.entries()) {
    const { id, services, svc, unchanged, current } = group
    const work = works[k]!
    const mine = results.slice(taken, (taken += work.jobs.length))
    if (current && group.currentId) allIds.add(group.currentId)
    allIds.add(id)
    const { layers, outcomes } = await finishDeepDelta(work, mine, ctx)
    const delta = outcomes.some((o) => o.choice !== 'full') && current !== undefined
    const imgPath = join(options.workDir, 'images', `${id}.img`)
    await writeTar(imgPath, imageArchiveEntries(svc.next, layers, store))
    const dir = `images/${id}/`
    const currentId = delta ? group.currentId! : id
    const currentRef = delta ? currentReference(current!, svc.next, currentId) : svc.next.reference
    entries.push(
      { name: dir, type: 'directory' },
      { name: `${dir}url-new.txt`, type: 'file', data: `${svc.next.reference}\n` },
      { name: `${dir}url-current.txt`, type: 'file', data: `${currentRef}\n` },
      { name: `${dir}sums-new.txt`, type: 'file', data: `${id}\n` },
      { name: `${dir}sums-current.txt`, type: 'file', data: `${currentId}\n` },
      { name: `${dir}image.img`, type: 'file', path: imgPath }
    )
    if (delta) {
      entries.push({ name: `${dir}deep_delta`, type: 'file', data: '' })
    }
    reports.push({
      id,
      services: services.map((s) => s.name),
      reference: svc.next.reference,
      mode: unchanged ? 'reused' : delta ? 'delta' : 'full',
      layers: outcomes
    })
  }
  const imagesPath = join(options.outDir, 'images.tar.gz')
  const manifestsPath = join(options.outDir, 'manifests.tar.gz')
  try {
    await writeTar(imagesPath, entries, { gzip: true })
  } finally {
    await rm(join(options.workDir, 'images'), { recursive: true, force: true })
  }
  await writeTar(manifestsPath, manifestEntries(shipped), { gzip: true })
  const sw = softwareProvides({
    name: options.applicationName,
    version: options.softwareVersion ?? options.artifactName,
    filesystem: options.softwareFilesystem,
    imageIds: byId.keys()
  })
  // a delta installs only on the images it was computed against: the base's images value
  // (recorded, else from the current images as the device names them), and its version if named
  const baseImages =
    options.previousImages ??
    imagesValue(
      await Promise.all(options.services.flatMap((s) => (s.current ? [id(s.current, true)] : [])))
    )
  const depends = {
    ...(baseImages !== false && { [sw.imagesKey]: baseImages }),
    ...(options.previousVersion && { [sw.versionKey]: options.previousVersion })
  }
  const anyDelta = reports.some((r) => r.mode !== 'full')
  const metaData = {
    application_name: options.applicationName,
    images: [...allIds].sort(),
    orchestrator: 'docker-compose',
    platform: options.platform,
    version: '1.0',
    xdelta_args: xdeltaDecodeArgs(store)
  }
  options.log.info(
    `app payload: ${reports.length} image(s), images.tar.gz ${(await stat(imagesPath)).size} B`
  )
  return {
    type: 'app',
    files: [imagesPath, manifestsPath],
    metaData,
    provides: sw.provides,
    clearsProvides: sw.clearsProvides,
    depends: anyDelta ? depends : {},
    images: reports
  }
}

/**
 * The `xdelta3` arguments (before `<source> <delta> <output>`) that decode
 * this payload's deltas on the device, carried in the meta-data as
 * `xdelta_args` so the device module takes them from the artifact rather than
 * from a device-wide setting (the archived module ignores the key). Deltas
 * are made against uncompressed layer tars, so a source layer the device
 * holds gzipped (an image pulled from a registry) must be decompressed by
 * xdelta3 itself: no `-D`. Only `containerd-registry` deltas are made against
 * the compressed registry blobs, where `-D` keeps xdelta3 from decompressing.
 */
export function xdeltaDecodeArgs(store: DeviceStore): string {
  return store === 'containerd-registry' ? '-d -D -s' : '-d -s'
}

/**
 * What the device passes to `docker image save` for the current image. The
 * device tells a delta from a full image only by url-current ≠ url-new, so
 * when both releases use the same reference (an unchanged service, or a moved
 * tag) the current image is named by its ID, which `docker image save` accepts;
 * so is a current image the previous release named by digest.
 */
export function currentReference(
  current: PayloadImage,
  next: PayloadImage,
  currentId: string
): string {
  // a digest reference is not resolvable after `docker load` (device-references.ts);
  // an older release may still have used one
  return current.reference !== next.reference &&
    deviceReferenceProblem(current.reference) === undefined
    ? current.reference
    : `sha256:${currentId}`
}
