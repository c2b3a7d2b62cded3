import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { PassThrough, Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { UserError } from '../util/errors.js'
import type { LayerCompression } from './media-types.js'

/** Node 20 has no zstd; Node ≥ 22.15 has zlib.createZstdDecompress. Else the `zstd` CLI. */
function zstdStream(input: Readable): Readable {
  const zlib = (
    process as unknown as { getBuiltinModule?: (m: string) => unknown }
  ).getBuiltinModule?.('node:zlib') as { createZstdDecompress?: () => Transform } | undefined
  if (zlib?.createZstdDecompress) return input.pipe(zlib.createZstdDecompress())
  const child = spawn('zstd', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] })
  const out = new PassThrough()
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.on('error', (err: NodeJS.ErrnoException) =>
    out.destroy(
      new UserError(
        `a zstd layer needs Node ≥ 22.15 or the zstd program (${err.code ?? err.message})`,
        {
          hint: 'install zstd (apt-get install zstd) or run on a newer Node'
        }
      )
    )
  )
  child.on('close', (code) => {
    if (code !== 0)
      out.destroy(new UserError(`zstd failed to decompress a layer: ${stderr.trim()}`))
  })
  input.pipe(child.stdin)
  child.stdin.on('error', () => {})
  child.stdout.pipe(out)
  return out
}

/** Decompresses a layer blob to `outPath` and returns the sha256 diff ID of the tar. */
export async function decompressLayer(
  blobPath: string,
  compression: LayerCompression,
  outPath: string
): Promise<string> {
  const hash = createHash('sha256')
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk)
      cb(null, chunk)
    }
  })
  const input = createReadStream(blobPath, { highWaterMark: 1 << 20 })
  const out = createWriteStream(outPath)
  try {
    if (compression === 'gzip')
      await pipeline(input, createGunzip({ chunkSize: 1 << 20 }), hasher, out)
    else if (compression === 'zstd') await pipeline(zstdStream(input), hasher, out)
    else await pipeline(input, hasher, out)
  } catch (err) {
    if (err instanceof UserError) throw err
    throw new UserError(
      `cannot decompress layer ${blobPath} (${compression}): ${(err as Error).message}`,
      { cause: err }
    )
  }
  return `sha256:${hash.digest('hex')}`
}
