import { createWriteStream } from 'node:fs'
import { copyFile, link, mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { checkOutputFile, checkedReadStream } from './checked-read.js'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { writeAtomically } from '../util/atomic.js'
import { UserError } from '../util/errors.js'
import { silentLogger, type Logger } from '../util/log.js'
import { MediaType } from './media-types.js'
import type { PulledImage } from './pull.js'
import type { ContentStore } from './store.js'

/** Errors where a hard link cannot be made but a copy can: another file system, no link support. */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP'])

/** Hard-links `from` to `to` (no bytes copied); copies when linking is impossible. True if copied. */
async function linkOrCopy(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to)
    return false
  } catch (err) {
    if (!NO_LINK.has((err as NodeJS.ErrnoException).code ?? '')) throw err
    await copyFile(from, to)
    return true
  }
}

/**
 * Writes an OCI image layout (`oci-layout`, `index.json`, `blobs/`) for the
 * platform manifest: the manifest's original bytes, so its digest is kept.
 * Blobs are hard-linked from the store when possible; the folder appears
 * complete or not at all.
 */
export async function writeOciLayout(
  store: ContentStore,
  image: PulledImage,
  dir: string,
  tag?: string,
  log: Logger = silentLogger
): Promise<void> {
  const r = image.resolved
  try {
    await stat(join(dir, 'index.json'))
    throw new UserError(`${dir} already holds an OCI layout`, {
      hint: 'choose an empty or new --output folder'
    })
  } catch (err) {
    if (err instanceof UserError) throw err
  }
  const manifest = await store.readBlob({ digest: r.manifestDigest })
  if (!manifest)
    throw new UserError(
      `the manifest ${r.manifestDigest} is missing from the content store; pull again`
    )
  await writeAtomically(dir, async (tmp) => {
    const blobs = join(tmp, 'blobs', 'sha256')
    await mkdir(blobs, { recursive: true })
    const digests = [r.manifestDigest, r.configDigest, ...r.layers.map((l) => l.digest)]
    const copied = await Promise.all(
      [...new Set(digests)].map(async (d) => {
        const copied = await linkOrCopy(store.blobPath(d), join(blobs, d.slice(7)))
        // what leaves the store is hashed, whatever its marker says
        await checkOutputFile(join(blobs, d.slice(7)), store.blobPath(d), d)
        return copied
      })
    )
    if (copied.some(Boolean))
      log.info(
        `${dir}: the content store ${store.root} is on another file system (or forbids hard links), so the blobs were copied, not linked`
      )
    await writeFile(join(tmp, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
    const desc = {
      mediaType:
        r.manifestMediaType === MediaType.dockerManifest
          ? MediaType.dockerManifest
          : MediaType.ociManifest,
      digest: r.manifestDigest,
      size: manifest.length,
      platform: r.platform,
      ...(tag ? { annotations: { 'org.opencontainers.image.ref.name': tag } } : {})
    }
    await writeFile(
      join(tmp, 'index.json'),
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [desc] })
    )
  })
}

/**
 * Writes a `docker save`-style archive (manifest.json, repositories, config
 * JSON and one uncompressed layer.tar per layer), loadable by `docker load`
 * and `skopeo copy docker-archive:`. Needs the layer tars (pull with layerTars).
 */
export async function writeDockerArchive(
  store: ContentStore,
  image: PulledImage,
  file: string,
  repoTag?: string
): Promise<void> {
  const r = image.resolved
  if (image.layerTarPaths.length !== r.layers.length)
    throw new Error('writeDockerArchive needs the uncompressed layer tars')
  const config = await store.readBlob({ digest: r.configDigest })
  if (!config)
    throw new UserError(
      `the config ${r.configDigest} is missing from the content store; pull again`
    )
  const configName = `${r.configDigest.slice(7)}.json`
  const layerNames = r.diffIds.map((d) => `${d.slice(7)}/layer.tar`)
  const manifest = [{ Config: configName, RepoTags: repoTag ? [repoTag] : [], Layers: layerNames }]
  // tar-stream only for this output: an OCI pull never loads it
  const { pack } = await import('tar-stream')
  await writeAtomically(file, async (tmp) => {
    const p = pack()
    const out = pipeline(p, createWriteStream(tmp))
    const add = (name: string, data: Buffer): void => {
      p.entry({ name, size: data.length, mtime: new Date(0), mode: 0o644 }, data)
    }
    add(configName, config)
    const seen = new Set<string>()
    for (const [i, name] of layerNames.entries()) {
      if (seen.has(name)) continue
      seen.add(name)
      const path = image.layerTarPaths[i]!
      const size = (await stat(path)).size
      await new Promise<void>((resolve, reject) => {
        const entry = p.entry({ name, size, mtime: new Date(0), mode: 0o644 }, (err) =>
          err ? reject(err) : resolve()
        )
        pipeline(checkedReadStream(path, r.diffIds[i]), entry).catch(reject)
      })
    }
    add('manifest.json', Buffer.from(JSON.stringify(manifest)))
    if (repoTag) {
      const i = repoTag.lastIndexOf(':')
      add(
        'repositories',
        Buffer.from(
          JSON.stringify({
            [repoTag.slice(0, i)]: { [repoTag.slice(i + 1)]: r.diffIds.at(-1)?.slice(7) ?? '' }
          })
        )
      )
    }
    p.finalize()
    await out
  }).catch(async (err: unknown) => {
    await rm(file, { force: true }).catch(() => {})
    throw err
  })
}
