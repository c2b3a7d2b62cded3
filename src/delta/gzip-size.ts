import { createReadStream } from 'node:fs'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'

/** The payload's gzip level (GNU `tar czf`, as the archived generator uses). */
export const PAYLOAD_GZIP_LEVEL = 6

/** Bytes `path` takes after gzip at the payload's level, streamed (nothing is kept). */
export async function gzipSize(path: string, level = PAYLOAD_GZIP_LEVEL): Promise<number> {
  let n = 0
  await pipeline(
    createReadStream(path),
    createGzip({ level }),
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        n += chunk.length
        cb()
      }
    })
  )
  return n
}
