import { Duplex, PassThrough, Readable, type Transform } from 'node:stream'
import * as zlib from 'node:zlib'
import { UserError } from '../util/errors.js'
import { ParallelGzip } from './parallel-gzip.js'
import type { Compression } from './types.js'

export const COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'zstd', 'lzma']
/** What our writer can produce (lzma is read-only). */
export const WRITABLE_COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'zstd']

const SUFFIX: Record<Compression, string> = { none: '', gzip: '.gz', zstd: '.zst', lzma: '.xz' }

export function compressionSuffix(c: Compression): string {
  return SUFFIX[c]
}

/** Compression from a member name such as `header.tar.gz` (readers look only at the suffix). */
export function compressionFromName(name: string): Compression | undefined {
  if (name.endsWith('.tar')) return 'none'
  if (name.endsWith('.tar.gz')) return 'gzip'
  if (name.endsWith('.tar.zst')) return 'zstd'
  if (name.endsWith('.tar.xz')) return 'lzma'
  return undefined
}

/**
 * mender-artifact's `--compression` ids: 3.9 has none/gzip/lzma, 3.10+ adds
 * zstd_fastest/fast/better/best. We accept `zstd` and the 3.10 ids.
 */
export function parseCompression(id: string): { compression: Compression; level?: number } {
  switch (id) {
    case 'none':
    case 'gzip':
    case 'zstd':
      return { compression: id }
    case 'zstd_fastest':
      return { compression: 'zstd', level: 1 }
    case 'zstd_fast':
      return { compression: 'zstd', level: 3 }
    case 'zstd_better':
      return { compression: 'zstd', level: 7 }
    case 'zstd_best':
      return { compression: 'zstd', level: 11 }
    case 'lzma':
      throw new UserError('writing lzma (xz) compressed artifacts is not supported', {
        hint: 'use --compression gzip, zstd or none; lzma artifacts can be read'
      })
    default:
      throw new UserError(`unknown compression ${JSON.stringify(id)}`, {
        hint: 'use one of none, gzip, zstd (or zstd_fastest, zstd_fast, zstd_better, zstd_best)'
      })
  }
}

type ZstdZlib = typeof zlib & {
  createZstdCompress?: (o?: object) => Transform
  createZstdDecompress?: (o?: object) => Transform
  constants: typeof zlib.constants & { ZSTD_c_compressionLevel?: number }
}

function zstdApi(): Required<Pick<ZstdZlib, 'createZstdCompress' | 'createZstdDecompress'>> {
  const z = zlib as ZstdZlib
  if (typeof z.createZstdCompress !== 'function' || typeof z.createZstdDecompress !== 'function')
    throw new UserError(`zstd needs Node.js 22.15 / 23.8 or newer (this is ${process.version})`, {
      hint: 'run with a newer Node.js, or use --compression gzip'
    })
  return { createZstdCompress: z.createZstdCompress, createZstdDecompress: z.createZstdDecompress }
}

/** True when this Node.js can write and read zstd (22.15 / 23.8 and newer). */
export function zstdAvailable(): boolean {
  const z = zlib as ZstdZlib
  return typeof z.createZstdCompress === 'function' && typeof z.createZstdDecompress === 'function'
}

/** Fails early (before any work) when the runtime cannot do this compression. */
export function assertCompressionAvailable(c: Compression): void {
  if (c === 'zstd') zstdApi()
}

export function createCompressor(c: Compression, level?: number, concurrency?: number): Duplex {
  switch (c) {
    case 'none':
      return new PassThrough()
    case 'gzip':
      return new ParallelGzip({ level: level ?? 6, concurrency })
    case 'zstd': {
      const key = (zlib as ZstdZlib).constants.ZSTD_c_compressionLevel ?? 100
      return zstdApi().createZstdCompress(level === undefined ? {} : { params: { [key]: level } })
    }
    case 'lzma':
      throw new UserError('writing lzma (xz) compressed artifacts is not supported')
  }
}

export function createDecompressor(c: Compression): Duplex {
  switch (c) {
    case 'none':
      return new PassThrough()
    case 'gzip':
      return zlib.createGunzip()
    case 'zstd':
      return zstdApi().createZstdDecompress()
    case 'lzma':
      return createXzDecompressor()
  }
}

/** xz via the WebAssembly `xz-decompress` package (no native code, so it bundles). */
function createXzDecompressor(): Duplex {
  const input = new PassThrough()
  const output = new PassThrough()
  void (async () => {
    try {
      // imported on first use: most artifacts are gzip, and the WASM costs start-up time
      const { XzReadableStream } = (await import('xz-decompress')) as unknown as {
        XzReadableStream: new (s: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>
      }
      const web = new XzReadableStream(
        Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>
      )
      const reader = web.getReader()
      while (true) {
        const { done, value } = await reader.read()
        if (done) break
        if (!output.write(value)) await new Promise((r) => output.once('drain', r))
      }
      output.end()
    } catch (err) {
      output.destroy(err as Error)
    }
  })()
  return duplexOf(input, output)
}

function duplexOf(writable: PassThrough, readable: PassThrough): Duplex {
  return Duplex.from({ writable, readable })
}
