import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, stat, truncate } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { UserError } from '../util/errors.js'
import { DigestMismatch, type RegistryClient, type Repo } from './registry-client.js'
import { drainToFile } from './file-sink.js'
import { header, discard, shortError } from './transport.js'

/** A body that ended before `size` bytes: retried, resuming where it stopped. */
export class ShortBody extends Error {
  readonly code = 'ECONNRESET'
  constructor(got: number, want: number) {
    super(`connection closed after ${got} of ${want} bytes`)
  }
}

async function hashPrefix(path: string, hash: Hash): Promise<number> {
  let n = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer)
    n += (chunk as Buffer).length
  }
  return n
}

export interface DownloadOptions {
  /** Called with each new byte count as bytes arrive: a byte sent again after a retry counts once. */
  onBytes?: (n: number) => void
  /** Called when an attempt starts over or resumes from `offset`. */
  onResume?: (offset: number) => void
}

/**
 * Streams blob `digest` of `size` bytes into `partialPath`, hashing as it
 * goes. A broken connection is retried with `Range: bytes=<have>-` against a
 * fresh request to the registry (storage redirects expire); a 200 instead of
 * 206 starts again from 0. More bytes than `size` or the wrong digest drop
 * the file; a digest mismatch is retried once. Returns the digest computed.
 */
export async function downloadBlob(
  client: RegistryClient,
  repo: Repo,
  digest: string,
  size: number,
  partialPath: string,
  opts: DownloadOptions = {}
): Promise<string> {
  let mismatches = 0
  /** Bytes reported to onBytes: the high-water mark over every attempt. */
  let reported = 0
  const what = `layer blob ${digest} of ${repo.registry}/${repo.repository}`
  try {
    return await client.withRetry(what, async () => {
      const hash = createHash('sha256')
      let have = await stat(partialPath).then(
        (st) => st.size,
        () => 0
      )
      if (have > size) {
        await truncate(partialPath, 0)
        have = 0
      }
      if (have > 0) have = await hashPrefix(partialPath, hash)
      const res = await client.openBlob(repo, digest, have)
      if (have > 0 && res.status === 200) {
        // the server ignored the Range and sends the whole blob: take it from byte 0
        opts.onResume?.(0)
        return finish(createHash('sha256'), res.body, 'w', 0)
      }
      if (have > 0) {
        const m = /^bytes (\d+)-/.exec(header(res.headers, 'content-range') ?? '')
        if (res.status !== 206 || !m || Number(m[1]) !== have) {
          await discard(res)
          await truncate(partialPath, 0)
          throw Object.assign(new Error(`unexpected answer to a Range request (${res.status})`), {
            code: 'ECONNRESET'
          })
        }
        opts.onResume?.(have)
      }
      return finish(hash, res.body, have > 0 ? 'a' : 'w', have)
    })
  } catch (err) {
    throw client.finalError(err, repo, `layer blob ${digest} (${size} bytes)`)
  }

  async function finish(
    h: Hash,
    body: NodeJS.ReadableStream,
    flags: string,
    offset: number
  ): Promise<string> {
    const file = await open(partialPath, flags)
    let got = offset
    try {
      await drainToFile(body as Readable, file, (chunk) => {
        got += chunk.length
        if (got > size) {
          throw new UserError(
            `${what}: the registry sent more than the ${size} bytes the manifest lists`
          )
        }
        h.update(chunk)
        if (got > reported) {
          opts.onBytes?.(got - reported)
          reported = got
        }
      })
    } catch (err) {
      if (got > size) await truncate(partialPath, 0).catch(() => {})
      if (err instanceof UserError || got >= size) throw err
      // what was written stays for the next attempt's Range; the message says how far it got
      throw Object.assign(
        new Error(`${got} of ${size} bytes arrived, then: ${shortError(err)}`, { cause: err }),
        { code: 'ECONNRESET' }
      )
    } finally {
      await file.close()
    }
    if (got < size) throw new ShortBody(got, size)
    const actual = `sha256:${h.digest('hex')}`
    if (actual !== digest) {
      await truncate(partialPath, 0).catch(() => {})
      const e = new DigestMismatch(what, actual)
      // retry a mismatch once (a flaky proxy): the network code makes the verdict retry it
      if (++mismatches <= 1) throw Object.assign(e, { code: 'ECONNRESET' })
      throw e
    }
    return actual
  }
}
