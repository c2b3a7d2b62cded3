import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UserError } from '../../util/errors.js'
import type { ContentStore } from '../store.js'

/** Copies a local file into the store as blob `digest`, hashing on the way. */
export function copyBlobIntoStore(
  store: ContentStore,
  file: string,
  desc: { digest: string; size?: number },
  onBytes?: (n: number) => void
): Promise<string> {
  return store.ensureBlob(desc, async (partial) => {
    const h = createHash('sha256')
    try {
      await pipeline(
        createReadStream(file, { highWaterMark: 1 << 20 }),
        new Transform({
          transform(chunk: Buffer, _e, cb) {
            h.update(chunk)
            onBytes?.(chunk.length)
            cb(null, chunk)
          }
        }),
        createWriteStream(partial)
      )
    } catch (err) {
      throw new UserError(
        `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`
      )
    }
    const actual = `sha256:${h.digest('hex')}`
    if (actual !== desc.digest) {
      throw new UserError(`${file} should hold ${desc.digest} but hashes to ${actual}`, {
        hint: 'the image folder or archive is corrupt; export it again'
      })
    }
    return actual
  })
}
