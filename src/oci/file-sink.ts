import type { FileHandle } from 'node:fs/promises'
import type { Readable } from 'node:stream'

/** Bytes gathered before one `writev`: fewer thread-pool round trips than one write per socket read. */
const BATCH_BYTES = 1 << 20
/** The body is paused while a write is in flight and this much more is waiting (bounds memory). */
const MAX_PENDING = 2 << 20

/**
 * Streams `body` into `file` at its current position, calling `onChunk` on
 * each chunk first (hashing, size checks: a throw stops everything). Chunks
 * are written in batches with `writev` and never copied; reading pauses when
 * the disk falls behind. Resolves with the bytes written once the body ended;
 * a body that closes early resolves with what arrived (the caller checks the
 * size); a body error rejects after what arrived before it is written.
 */
export function drainToFile(
  body: Readable,
  file: FileHandle,
  onChunk: (chunk: Buffer) => void
): Promise<number> {
  return new Promise((resolve, reject) => {
    let pending: Buffer[] = []
    let pendingBytes = 0
    let written = 0
    let writing = false
    let ended = false
    let failed = false
    let bodyError: unknown

    const fail = (err: unknown): void => {
      if (failed) return
      failed = true
      body.destroy()
      reject(err)
    }
    const flush = (): void => {
      if (failed || writing) return
      if (pendingBytes === 0) {
        if (ended && bodyError !== undefined) reject(bodyError)
        else if (ended) resolve(written)
        return
      }
      const bufs = pending
      const n = pendingBytes
      pending = []
      pendingBytes = 0
      writing = true
      writeAll(file, bufs, n).then(() => {
        writing = false
        written += n
        if (body.isPaused() && !ended) body.resume()
        flush()
      }, fail)
    }

    body.on('data', (chunk: Buffer) => {
      if (failed) return
      try {
        onChunk(chunk)
      } catch (err) {
        fail(err)
        return
      }
      pending.push(chunk)
      pendingBytes += chunk.length
      if (pendingBytes >= BATCH_BYTES) flush()
      if (writing && pendingBytes >= MAX_PENDING) body.pause()
    })
    const end = (): void => {
      if (ended) return
      ended = true
      flush()
    }
    body.once('end', end)
    // a cut connection may close without 'end' or 'error': the caller sees the short size
    body.once('close', end)
    // a broken connection: what arrived is written first, so a retry resumes after it
    body.once('error', (err) => {
      bodyError ??= err
      end()
    })
  })
}

/** `writev` until every byte is on disk (a short write continues where it stopped). */
async function writeAll(file: FileHandle, bufs: Buffer[], total: number): Promise<void> {
  let done = 0
  while (done < total) {
    const { bytesWritten } = await file.writev(done === 0 ? bufs : rest(bufs, done))
    if (bytesWritten <= 0) throw new Error('write made no progress')
    done += bytesWritten
  }
}

function rest(bufs: Buffer[], skip: number): Buffer[] {
  const out: Buffer[] = []
  for (const b of bufs) {
    if (skip >= b.length) {
      skip -= b.length
      continue
    }
    out.push(skip > 0 ? b.subarray(skip) : b)
    skip = 0
  }
  return out
}
