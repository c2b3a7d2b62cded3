import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as tar from 'tar-stream'
import { UserError } from '../util/errors.js'

/**
 * The members of a tar stream (USTAR, GNU or PAX, as tar-stream parses them),
 * one at a time; each must be consumed before the next is produced. Errors of
 * the source (read errors, bad compression) surface from the iteration.
 */
export interface TarMember {
  header: tar.Header
  /** The content; must be consumed before the next member is read. */
  body: AsyncIterable<Buffer>
}

export async function* tarEntries(source: Readable, what: string): AsyncGenerator<TarMember> {
  const extract = tar.extract()
  const piping = pipeline(source, extract)
  let failure: unknown
  piping.catch((err: unknown) => {
    failure = err
  })
  try {
    for await (const entry of extract)
      yield { header: entry.header, body: guarded(entry as unknown as AsyncIterable<Buffer>, what) }
  } catch (err) {
    throw wrapTarError(failure ?? err, what)
  }
  try {
    await piping
  } catch (err) {
    throw wrapTarError(err, what)
  }
}

/** A member's content, with read/decompression errors turned into UserErrors naming the tar. */
async function* guarded(body: AsyncIterable<Buffer>, what: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body) yield chunk
  } catch (err) {
    throw wrapTarError(err, what)
  }
}

function wrapTarError(err: unknown, what: string): unknown {
  if (err instanceof UserError) return err
  return new UserError(
    `invalid artifact: ${what} is truncated or not a readable tar: ${(err as Error).message}`,
    {
      cause: err
    }
  )
}

/** A small member's content, refusing more than `limit` bytes. */
export async function readEntry(
  entry: AsyncIterable<Buffer>,
  limit: number,
  what: string
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let n = 0
  for await (const chunk of entry) {
    n += chunk.length
    if (n > limit) throw new UserError(`invalid artifact: ${what} is larger than ${limit} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
