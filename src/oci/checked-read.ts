import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { CorruptEntry, dropEntry, entryDigest } from './store.js'

/**
 * Reads a content-store entry for an output (an image layout, an archive, an
 * artifact) and hashes it on the way: the store trusts an entry whose size,
 * mtime and inode did not change, but bytes that leave the process are
 * checked against their name. A mismatch drops the entry (the next run
 * fetches it again) and fails the stream with a CorruptEntry.
 */
export function checkedReadStream(path: string, digest = entryDigest(path)): Readable {
  const source = createReadStream(path, { highWaterMark: 1 << 20 })
  if (!digest) return source
  const hash = createHash('sha256')
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      done(null, chunk)
    },
    flush(done) {
      const actual = `sha256:${hash.digest('hex')}`
      if (actual === digest) return done()
      dropEntry(path).then(
        () => done(corrupt(path, digest, actual)),
        () => done(corrupt(path, digest, actual))
      )
    }
  })
  source.on('error', (err) => check.destroy(err))
  return source.pipe(check)
}

/** Hashes a file already placed in an output (a hard link of a store entry). */
export async function checkOutputFile(
  output: string,
  storePath: string,
  digest: string
): Promise<void> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(output, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer)
  const actual = `sha256:${hash.digest('hex')}`
  if (actual === digest) return
  await dropEntry(storePath)
  throw corrupt(storePath, digest, actual)
}

function corrupt(path: string, digest: string, actual: string): CorruptEntry {
  return new CorruptEntry(
    `content store entry ${path} should hold ${digest} but hashes to ${actual} (changed in place on disk); it was dropped and is fetched again on the next run`
  )
}
