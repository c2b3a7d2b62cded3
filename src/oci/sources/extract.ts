import { createReadStream, createWriteStream } from 'node:fs'
import { link, mkdir } from 'node:fs/promises'
import { dirname, join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { extract } from 'tar-stream'
import { UserError } from '../../util/errors.js'

/** A tar entry name that stays inside its folder, or an error naming the archive. */
export function safeEntryPath(root: string, name: string, archive: string): string {
  const clean = normalize(name.replace(/^\.\/+/, ''))
  if (
    clean.startsWith('/') ||
    clean === '..' ||
    clean.startsWith(`..${sep}`) ||
    clean.includes(`${sep}..${sep}`)
  ) {
    throw new UserError(
      `${archive}: the entry "${name}" escapes the archive folder; refusing to read it`
    )
  }
  return join(root, clean)
}

/**
 * Unpacks an image archive (oci-archive or docker save; gzip detected) into
 * `dest`, streaming. Files and folders are written; a symlink or hard link
 * (`docker save` and skopeo write `<id>/layer.tar` as a link to a layer file)
 * is accepted only when it names a regular file of the same archive, and is
 * made as a hard link to that file: no symlink is ever created, so nothing
 * can point outside `dest`. Devices and links to anything else are refused.
 */
export async function extractImageArchive(archive: string, dest: string): Promise<void> {
  await mkdir(dest, { recursive: true })
  const head = await new Promise<Buffer>((resolve, reject) => {
    const s = createReadStream(archive, { start: 0, end: 1 })
    const chunks: Buffer[] = []
    s.on('data', (c) => chunks.push(c as Buffer))
    s.on('end', () => resolve(Buffer.concat(chunks)))
    s.on('error', (err: NodeJS.ErrnoException) =>
      reject(new UserError(`cannot read the image archive ${archive}: ${err.code ?? err.message}`))
    )
  })
  const gz = head[0] === 0x1f && head[1] === 0x8b
  const ex = extract()
  let failure: unknown
  const files = new Set<string>()
  const links: { path: string; target: string; name: string }[] = []
  ex.on('entry', (h, stream, next) => {
    stream.on('error', () => {})
    void (async () => {
      try {
        const path = safeEntryPath(dest, h.name, archive)
        if (h.type === 'directory') {
          await mkdir(path, { recursive: true })
          stream.resume()
        } else if (h.type === 'file' || h.type === 'contiguous-file') {
          await mkdir(dirname(path), { recursive: true })
          await pipeline(stream, createWriteStream(path))
          files.add(path)
        } else if ((h.type === 'symlink' || h.type === 'link') && h.linkname) {
          // a symlink's target is relative to its folder, a hard link's to the archive root
          const rel = h.type === 'symlink' ? join(dirname(h.name), h.linkname) : h.linkname
          if (h.linkname.startsWith('/'))
            throw new UserError(
              `${archive}: the entry "${h.name}" links to the absolute path ${h.linkname}; refusing to read it`
            )
          links.push({ path, target: safeEntryPath(dest, rel, archive), name: h.name })
          stream.resume()
        } else {
          throw new UserError(
            `${archive}: the entry "${h.name}" is a ${h.type}; image archives hold only files and folders`
          )
        }
        next()
      } catch (err) {
        failure ??= err
        stream.resume()
        ex.destroy(err as Error)
      }
    })()
  })
  // the entry handler's error is kept in `failure`; streamx would otherwise re-emit it uncaught
  ex.on('error', () => {})
  const input = createReadStream(archive)
  try {
    await (gz ? pipeline(input, createGunzip(), ex) : pipeline(input, ex))
    if (failure) throw failure
    for (const l of links) {
      if (!files.has(l.target))
        throw new UserError(
          `${archive}: the entry "${l.name}" is a link to something that is not a file of the archive; image archives hold only files and folders`
        )
      await mkdir(dirname(l.path), { recursive: true })
      await link(l.target, l.path)
    }
  } catch (err) {
    if (failure instanceof UserError) throw failure
    if (err instanceof UserError) throw err
    throw new UserError(`cannot unpack the image archive ${archive}: ${(err as Error).message}`, {
      cause: err
    })
  }
}
