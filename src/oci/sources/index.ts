import { rm } from 'node:fs/promises'
import { resolve as resolvePath } from 'node:path'
import { UsageError } from '../../util/errors.js'
import { parseReference } from '../reference.js'
import type { RegistryClient } from '../registry-client.js'
import type { ImageSource } from '../resolved.js'
import type { ContentStore } from '../store.js'
import { OciLayoutSource } from './oci-layout.js'
import { RegistrySource } from './registry.js'

/** `PATH[:TAG]`: the last `:` splits a tag only when what follows looks like one (no `/`). */
function splitPathTag(rest: string): [string, string | undefined] {
  const i = rest.lastIndexOf(':')
  if (i > 0 && !rest.slice(i + 1).includes('/'))
    return [rest.slice(0, i), rest.slice(i + 1) || undefined]
  return [rest, undefined]
}

/**
 * The source an image string names (the archive readers, and tar-stream with
 * them, load only when an archive is named: a registry pull starts faster): `oci:PATH[:TAG]`, `oci-archive:FILE[:TAG]`,
 * `docker-archive:FILE[:REF]`, `docker-daemon:REF`, `docker://REF` or a plain
 * registry reference.
 */
export async function openImageSource(
  image: string,
  deps: { client: RegistryClient; store: ContentStore }
): Promise<ImageSource> {
  const colon = image.indexOf(':')
  const transport = colon > 0 ? image.slice(0, colon) : ''
  const rest = image.slice(colon + 1)
  switch (transport) {
    case 'oci': {
      const [path, tag] = splitPathTag(rest)
      return new OciLayoutSource(path, tag, deps.store)
    }
    case 'oci-archive': {
      const [file, tag] = splitPathTag(rest)
      const dir = deps.store.tempPath('oci-archive')
      const { extractImageArchive } = await import('./extract.js')
      await extractImageArchive(file, dir).catch(async (err: unknown) => {
        await rm(dir, { recursive: true, force: true })
        throw err
      })
      const src = new OciLayoutSource(
        dir,
        tag,
        deps.store,
        'oci-archive',
        `oci-archive:${resolvePath(file)}${tag ? `:${tag}` : ''}`
      )
      src.close = async () => rm(dir, { recursive: true, force: true })
      return src
    }
    case 'docker-archive': {
      // a REF after the file contains ':' itself (name:tag), so split at the archive name
      const m = /^(.*?\.(?:tar|tar\.gz|tgz))(?::(.+))?$/.exec(rest)
      const { DockerArchiveSource } = await import('./docker-archive.js')
      return new DockerArchiveSource(m ? m[1]! : rest, m?.[2], deps.store)
    }
    case 'docker-daemon':
      if (!rest)
        throw new UsageError('docker-daemon: needs an image reference, e.g. docker-daemon:app:1.0')
      return (await import('./docker-daemon.js')).dockerDaemonSource(rest, deps.store)
    default: {
      const ref = parseReference(
        image.startsWith('docker://') ? image.slice('docker://'.length) : image
      )
      return new RegistrySource(ref, deps.client, deps.store)
    }
  }
}
