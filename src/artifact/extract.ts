import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { temporarySibling } from '../util/atomic.js'
import { rename } from 'node:fs/promises'
import { readArtifact, type ReadOptions } from './reader.js'
import type { ArtifactInfo } from './types.js'

/**
 * Verify an artifact and write its payload files into `dir`. Files are
 * streamed to temporary names and renamed only once the whole artifact has
 * verified, so a tampered artifact leaves nothing behind.
 */
export async function extractPayloads(
  path: string,
  dir: string,
  options: Omit<ReadOptions, 'onPayload'> = {}
): Promise<ArtifactInfo> {
  await mkdir(dir, { recursive: true })
  const written: [tmp: string, final: string][] = []
  try {
    const info = await readArtifact(path, {
      ...options,
      onPayload: async (file, content: Readable) => {
        const final = join(dir, file.name)
        const tmp = temporarySibling(final)
        written.push([tmp, final])
        await pipeline(content, createWriteStream(tmp))
      }
    })
    for (const [tmp, final] of written) await rename(tmp, final)
    return info
  } catch (err) {
    await Promise.all(written.map(([tmp]) => rm(tmp, { force: true })))
    throw err
  }
}
