import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
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
 * `dest`, streaming. Only files and folders are written: links and devices
 * are refused, since an image archive has no business holding them.
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
  } catch (err) {
    if (failure instanceof UserError) throw failure
    if (err instanceof UserError) throw err
    throw new UserError(`cannot unpack the image archive ${archive}: ${(err as Error).message}`, {
      cause: err
    })
  }
}
