import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { open, readFile, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { writeAtomically } from '../util/atomic.js'
import { UserError } from '../util/errors.js'
import { silentLogger, type Logger } from '../util/log.js'
import { assertCompressionAvailable, compressionSuffix, createCompressor } from './compression.js'
import { buildHeaderInfo, buildTypeInfo } from './fields.js'
import { goJson, goStructJson } from './go-json.js'
import { VERSION_JSON, formatManifest, manifestLength } from './manifest.js'
import { groupName, userName } from './owner-names.js'
import { loadSigner, type ManifestSigner } from './signing.js'
import { BLOCK, END_OF_ARCHIVE, padding, paddingBlock, tarHeader, tarMember } from './tar-header.js'
import type { ModuleImageOptions, PayloadFileInfo, WriteResult } from './types.js'
import { validateModuleImage } from './validate.js'

export interface WriteOptions {
  log?: Logger
  /** gzip blocks compressed at once (default: the number of CPUs, at least 2). */
  concurrency?: number
  /**
   * Seconds since the epoch for every payload member and the payload's own
   * entry, owned by root: the same files then write the same artifact on any
   * machine at any time. Without it, as mender-artifact: each file's own
   * mtime and owner, and the time of writing for the payload entry.
   */
  fixedTimestamp?: number
}

interface SourceFile {
  path: string
  name: string
  size: number
  mode: number
  uid: number
  gid: number
  mtime: number
}

const READ_CHUNK = 1024 * 1024
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

async function statSource(path: string, flag: string): Promise<SourceFile> {
  let s
  try {
    s = await stat(path)
  } catch (err) {
    throw new UserError(`${flag} ${path}: cannot read it: ${(err as Error).message}`, {
      cause: err
    })
  }
  if (!s.isFile()) throw new UserError(`${flag} ${path}: not a regular file`)
  return {
    path,
    name: basename(path),
    size: s.size,
    mode: s.mode & 0o7777,
    uid: s.uid,
    gid: s.gid,
    // Go's tar writer rounds to whole seconds (USTAR has no fractions)
    mtime: Math.round(s.mtimeMs / 1000)
  }
}

function fileEntry(f: SourceFile, name: string): Parameters<typeof tarHeader>[0] {
  return {
    name,
    size: f.size,
    mode: f.mode,
    uid: f.uid,
    gid: f.gid,
    uname: userName(f.uid),
    gname: groupName(f.gid),
    mtime: f.mtime
  }
}

/** The header tar (small: JSON headers and state scripts), uncompressed. */
async function buildHeaderTar(o: ModuleImageOptions, scripts: SourceFile[]): Promise<Buffer> {
  const parts = [tarMember({ name: 'header-info' }, Buffer.from(goStructJson(buildHeaderInfo(o))))]
  for (const s of scripts) {
    const content = await readFile(s.path)
    if (content.length !== s.size)
      throw new UserError(`state script ${s.path} changed while writing`)
    parts.push(tarMember(fileEntry(s, `scripts/${s.name}`), content))
  }
  parts.push(
    tarMember({ name: 'headers/0000/type-info' }, Buffer.from(goStructJson(buildTypeInfo(o))))
  )
  // mender-artifact writes meta-data only when -m gave a non-empty object
  if (o.metaData && Object.keys(o.metaData).length > 0)
    parts.push(tarMember({ name: 'headers/0000/meta-data' }, Buffer.from(goJson(o.metaData))))
  parts.push(END_OF_ARCHIVE)
  return Buffer.concat(parts)
}

async function compressBuffer(buf: Buffer, o: ModuleImageOptions): Promise<Buffer> {
  const chunks: Buffer[] = []
  await pipeline(
    Readable.from([buf]),
    createCompressor(o.compression ?? 'gzip', o.compressionLevel),
    new Writable({
      write(chunk: Buffer, _e, cb) {
        chunks.push(chunk)
        cb()
      }
    })
  )
  return Buffer.concat(chunks)
}

/** The payload tar as a stream of buffers, hashing every file as it is read from disk. */
async function* payloadTar(files: SourceFile[], sums: PayloadFileInfo[]): AsyncGenerator<Buffer> {
  for (const f of files) {
    yield tarHeader(fileEntry(f, f.name))
    const hash = createHash('sha256')
    let n = 0
    for await (const chunk of createReadStream(f.path, {
      highWaterMark: READ_CHUNK
    }) as AsyncIterable<Buffer>) {
      n += chunk.length
      if (n > f.size) break
      hash.update(chunk)
      yield chunk
    }
    if (n !== f.size)
      throw new UserError(`payload file ${f.path} changed size while the artifact was written`, {
        hint: 'do not modify payload files while writing the artifact'
      })
    yield paddingBlock(f.size)
    sums.push({
      name: f.name,
      size: f.size,
      sha256: hash.digest('hex'),
      mtime: new Date(f.mtime * 1000)
    })
  }
  yield END_OF_ARCHIVE
}

/** Compress the payload tar into `path` from `position` on; returns the compressed size. */
async function writePayload(
  path: string,
  position: number,
  files: SourceFile[],
  sums: PayloadFileInfo[],
  o: ModuleImageOptions,
  concurrency: number
): Promise<number> {
  // bytes before `position` are filled in once the manifest is known
  const out = createWriteStream(path, { flags: 'w', start: position, highWaterMark: READ_CHUNK })
  await pipeline(
    Readable.from(payloadTar(files, sums), { objectMode: false }),
    createCompressor(o.compression ?? 'gzip', o.compressionLevel, concurrency),
    out
  )
  return out.bytesWritten
}

/**
 * Write a module-image Mender Artifact v3, as `mender-artifact write
 * module-image` would from the same inputs, to `outputPath` (atomically).
 *
 * The outer tar needs the manifest (payload checksums) before the payload,
 * but everything ahead of the payload has a size known in advance: version,
 * manifest (fixed-width lines), signature (fixed by the key) and the header.
 * So the compressed payload is streamed straight to its final offset and the
 * prefix is filled in afterwards: one pass over the payload, no temp copy.
 */
export async function writeArtifact(
  options: ModuleImageOptions,
  outputPath: string,
  writeOptions: WriteOptions = {}
): Promise<WriteResult> {
  const log = writeOptions.log ?? silentLogger
  const o = { ...options, compression: options.compression ?? 'gzip' }
  validateModuleImage(o)
  if (o.compression === 'lzma')
    throw new UserError('writing lzma (xz) compressed artifacts is not supported', {
      hint: 'use --compression gzip, zstd or none'
    })
  assertCompressionAvailable(o.compression)
  const fixed = writeOptions.fixedTimestamp
  const files = (
    await Promise.all((o.files ?? []).map((f) => statSource(f, 'payload file (-f)')))
  ).map((f) => (fixed === undefined ? f : { ...f, uid: 0, gid: 0, mtime: fixed }))
  const scripts = await Promise.all(
    (o.scripts ?? []).map((s) => statSource(s, 'state script (-s)'))
  )
  const signer: ManifestSigner | undefined = o.signingKey
    ? await loadSigner(o.signingKey)
    : undefined

  const suffix = compressionSuffix(o.compression)
  const headerName = `header.tar${suffix}`
  const header = await compressBuffer(await buildHeaderTar(o, scripts), o)
  const manifestPaths = [...files.map((f) => `data/0000/${f.name}`), headerName, 'version']
  const manifestSize = manifestLength(manifestPaths)
  const payloadBytes = files.reduce((n, f) => n + BLOCK + f.size + padding(f.size), 2 * BLOCK)
  const owner = fixed === undefined ? (process.getuid?.() ?? 0) : 0
  const group = fixed === undefined ? (process.getgid?.() ?? 0) : 0
  const dataEntry = {
    name: `data/0000.tar${suffix}`,
    mode: 0o600,
    uid: owner,
    gid: group,
    uname: userName(owner),
    gname: groupName(group),
    mtime: fixed ?? Math.floor(Date.now() / 1000)
  }
  // A payload past 8 GiB may compress to a size that needs a PAX record: reserve room for it.
  const dataHeaderSize = tarHeader({ ...dataEntry, size: payloadBytes }).length
  const memberSize = (n: number): number => BLOCK + n + padding(n)
  const prefixSize =
    memberSize(VERSION_JSON.length) +
    memberSize(manifestSize) +
    (signer ? memberSize(signer.signatureLength) : 0) +
    memberSize(header.length) +
    dataHeaderSize

  const sums: PayloadFileInfo[] = []
  return writeAtomically(outputPath, async (tmp) => {
    const concurrency = writeOptions.concurrency ?? Math.max(2, availableParallelism())
    const dataSize = await writePayload(tmp, prefixSize, files, sums, o, concurrency)
    const fh = await open(tmp, 'r+')
    try {
      const manifest = formatManifest([
        ...sums.map((s): [string, string] => [`data/0000/${s.name}`, s.sha256]),
        [headerName, sha256(header)],
        ['version', sha256(VERSION_JSON)]
      ])
      const parts = [
        tarMember({ name: 'version' }, VERSION_JSON),
        tarMember({ name: 'manifest' }, manifest)
      ]
      if (signer) {
        const sig = Buffer.from(signer.sign(manifest))
        if (sig.length !== signer.signatureLength)
          throw new Error(`signature is ${sig.length} bytes, ${signer.signatureLength} expected`)
        parts.push(tarMember({ name: 'manifest.sig' }, sig))
      }
      parts.push(tarMember({ ...dataEntry, mode: 0o600, name: headerName }, header))
      let dataHeader = tarHeader({ ...dataEntry, size: dataSize })
      if (dataHeader.length < dataHeaderSize)
        dataHeader = tarHeader({ ...dataEntry, size: dataSize }, true)
      parts.push(dataHeader)
      const prefix = Buffer.concat(parts)
      if (prefix.length !== prefixSize)
        throw new Error(`artifact prefix is ${prefix.length} bytes, ${prefixSize} expected`)
      await fh.write(prefix, 0, prefix.length, 0)
      const tail = Buffer.concat([paddingBlock(dataSize), END_OF_ARCHIVE])
      await fh.write(tail, 0, tail.length, prefixSize + dataSize)
      const size = prefixSize + dataSize + tail.length
      log.debug(
        `wrote ${outputPath}: ${files.length} payload file(s), ${o.compression}, ${signer ? `signed (${signer.kind})` : 'unsigned'}, ${size} bytes`
      )
      return {
        path: outputPath,
        size,
        files: sums,
        manifest: manifest.toString('utf8'),
        signed: Boolean(signer)
      }
    } finally {
      await fh.close()
    }
  })
}
