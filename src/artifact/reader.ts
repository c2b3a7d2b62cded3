import { createHash, type KeyObject } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { PassThrough, Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UserError } from '../util/errors.js'
import { compressionFromName, createDecompressor } from './compression.js'
import { VERSION_JSON, parseManifest } from './manifest.js'
import { parsePublicKey, readPemFile, verifyManifestSignature } from './signing.js'
import { readEntry, tarEntries } from './tar-entries.js'
import type { ArtifactInfo, Compression, HeaderInfo, PayloadFileInfo, TypeInfo } from './types.js'
import { PAYLOAD_NAME, SCRIPT_NAME } from './validate.js'

export interface PayloadFile {
  name: string
  size: number
  mtime: Date
}

export interface ReadOptions {
  /** PEM text, a path to a PEM file, or a KeyObject: the signature must verify with it. */
  publicKey?: string | KeyObject
  /**
   * Called for each payload file with a stream of its bytes; the promise must
   * settle once the stream is consumed. The bytes are verified as they pass:
   * treat them as untrusted until readArtifact resolves (it rejects on a
   * checksum mismatch after the file's last byte).
   */
  onPayload?: (file: PayloadFile, content: Readable) => Promise<void>
}

const SMALL_LIMIT = 1024 * 1024
const HEADER_LIMIT = 64 * 1024 * 1024
const DATA_MEMBER = /^data\/(\d{4})\.tar(\.gz|\.xz|\.zst)?$/

class Invalid extends UserError {}

/** The artifact is not valid: its format, a checksum or the signature. */
export class InvalidArtifactError extends UserError {}
/** The artifact file cannot be opened. */
export class ArtifactOpenError extends UserError {}

/** A rootfs-image's type-info says `"type": ""` when written by mender-artifact. */
const ROOTFS_IMAGE = 'rootfs-image'

/** Read and verify an artifact file (see readArtifactStream). */
export async function readArtifact(path: string, options: ReadOptions = {}): Promise<ArtifactInfo> {
  const key = await resolveKey(options.publicKey)
  let source: Readable
  try {
    source = createReadStream(path, { highWaterMark: 1024 * 1024 })
    await new Promise<void>((resolve, reject) => {
      source.once('open', () => resolve())
      source.once('error', reject)
    })
  } catch (err) {
    throw new ArtifactOpenError(`cannot read artifact ${path}: ${(err as Error).message}`, {
      cause: err
    })
  }
  return readArtifactStream(source, { ...options, publicKey: key }, path)
}

async function resolveKey(k: string | KeyObject | undefined): Promise<KeyObject | undefined> {
  if (k === undefined || typeof k !== 'string') return k
  if (k.includes('-----BEGIN')) return parsePublicKey(k)
  return parsePublicKey(await readPemFile(k, 'verification key'), `verification key ${k}`)
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex')
}

function parseJson(buf: Buffer, what: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8'))
  } catch (err) {
    throw new Invalid(`${what} is not valid JSON: ${(err as Error).message}`)
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function stringList(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new Invalid(`${what} must be a list of strings`)
  return v as string[]
}

function checkHeaderInfo(v: unknown): HeaderInfo {
  if (!isObject(v)) throw new Invalid('header-info is not a JSON object')
  const payloads = v.payloads
  if (!Array.isArray(payloads) || payloads.length !== 1 || !isObject(payloads[0]))
    throw new Invalid('header-info must list exactly one payload')
  const type = payloads[0].type
  if (type !== null && typeof type !== 'string')
    throw new Invalid('header-info payload type is not a string')
  const provides = v.artifact_provides
  if (!isObject(provides) || typeof provides.artifact_name !== 'string')
    throw new Invalid('header-info has no artifact_provides.artifact_name')
  const depends = v.artifact_depends
  if (!isObject(depends) || !Array.isArray(depends.device_type))
    throw new Invalid('header-info has no artifact_depends.device_type')
  stringList(depends.device_type, 'header-info device_type')
  stringList(depends.artifact_name, 'header-info artifact_depends.artifact_name')
  stringList(depends.artifact_group, 'header-info artifact_depends.artifact_group')
  return v as unknown as HeaderInfo
}

function checkTypeInfo(v: unknown, payloadType: string | null): TypeInfo {
  if (!isObject(v)) throw new Invalid('type-info is not a JSON object')
  // mender-artifact writes an empty type-info type for rootfs images, and the
  // Mender client accepts that (and only that) on purpose.
  const rootfsEmpty = v.type === '' && payloadType === ROOTFS_IMAGE
  if (v.type !== payloadType && !rootfsEmpty)
    throw new Invalid(
      `type-info type ${JSON.stringify(v.type)} differs from header-info payload type ${JSON.stringify(payloadType)}`
    )
  if (v.artifact_provides !== undefined && v.artifact_provides !== null) {
    if (
      !isObject(v.artifact_provides) ||
      !Object.values(v.artifact_provides).every((x) => typeof x === 'string')
    )
      throw new Invalid('type-info artifact_provides values must be strings')
  }
  if (v.artifact_depends !== undefined && v.artifact_depends !== null) {
    const ok =
      isObject(v.artifact_depends) &&
      Object.values(v.artifact_depends).every(
        (x) => typeof x === 'string' || (Array.isArray(x) && x.every((y) => typeof y === 'string'))
      )
    if (!ok)
      throw new Invalid('type-info artifact_depends values must be strings or lists of strings')
  }
  stringList(v.clears_artifact_provides, 'type-info clears_artifact_provides')
  return v as unknown as TypeInfo
}

interface ParsedHeader {
  headerInfo: HeaderInfo
  typeInfo: TypeInfo
  metaData: Record<string, unknown> | undefined
  scripts: string[]
}

async function parseHeaderTar(raw: Buffer, compression: Compression): Promise<ParsedHeader> {
  let headerInfo: HeaderInfo | undefined
  let typeInfo: TypeInfo | undefined
  let metaData: Record<string, unknown> | undefined
  const scripts: string[] = []
  const source = Readable.from([raw]).pipe(createDecompressor(compression))
  for await (const entry of tarEntries(source, 'the header tar')) {
    const { name, type } = entry.header
    if (type !== 'file') throw new Invalid(`header member ${name} is a ${type}, not a file`)
    const content = await readEntry(entry.body, HEADER_LIMIT, `header member ${name}`)
    if (headerInfo === undefined) {
      if (name !== 'header-info')
        throw new Invalid(`the header must start with header-info, not ${name}`)
      headerInfo = checkHeaderInfo(parseJson(content, 'header-info'))
    } else if (name.startsWith('scripts/')) {
      if (typeInfo) throw new Invalid(`state script ${name} comes after the type-info`)
      if (!SCRIPT_NAME.test(name.slice(8))) throw new Invalid(`invalid state script name ${name}`)
      scripts.push(name.slice(8))
    } else if (name === 'headers/0000/type-info') {
      if (typeInfo) throw new Invalid('the header has two type-info members')
      typeInfo = checkTypeInfo(parseJson(content, 'type-info'), headerInfo.payloads[0]!.type)
    } else if (name === 'headers/0000/meta-data') {
      if (!typeInfo) throw new Invalid('meta-data comes before type-info')
      if (metaData) throw new Invalid('the header has two meta-data members')
      const md = content.length === 0 ? {} : parseJson(content, 'meta-data')
      if (!isObject(md)) throw new Invalid('meta-data is not a JSON object')
      metaData = md
    } else {
      throw new Invalid(`unexpected header member ${name} (only one payload is supported)`)
    }
  }
  if (!headerInfo) throw new Invalid('the header has no header-info')
  if (!typeInfo) throw new Invalid('the header has no headers/0000/type-info')
  return { headerInfo, typeInfo, metaData, scripts }
}

/** Feed a payload file to the consumer while hashing it; returns its sha256. */
async function consumePayload(
  entry: AsyncIterable<Buffer>,
  file: PayloadFile,
  onPayload: ReadOptions['onPayload']
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  if (!onPayload) {
    for await (const chunk of entry) {
      hash.update(chunk)
      size += chunk.length
    }
    return { sha256: hash.digest('hex'), size }
  }
  const out = new PassThrough({ highWaterMark: 1024 * 1024 })
  const consumer = onPayload(file, out)
  let consumerDone = false
  const settled = consumer.then(
    () => {
      consumerDone = true
    },
    (err: unknown) => {
      consumerDone = true
      throw err
    }
  )
  settled.catch(() => {})
  for await (const chunk of entry) {
    hash.update(chunk)
    size += chunk.length
    if (!consumerDone && !out.destroyed && !out.write(chunk))
      await Promise.race([new Promise((r) => out.once('drain', r)), settled.catch(() => {})])
  }
  out.end()
  await settled
  return { sha256: hash.digest('hex'), size }
}

/**
 * Parse a Mender Artifact v3 from a stream, verifying as it goes: the
 * version, the manifest checksum of the header and of every payload file,
 * that every manifest entry was seen, and, given `publicKey`, the signature
 * (then a missing signature is an error, as on a device with a key). Throws a
 * UserError naming `source` and what is wrong.
 */
export async function readArtifactStream(
  input: Readable,
  options: ReadOptions = {},
  source = 'artifact'
): Promise<ArtifactInfo> {
  try {
    const key =
      typeof options.publicKey === 'string'
        ? await resolveKey(options.publicKey)
        : options.publicKey
    return await parseArtifact(input, { ...options, publicKey: key })
  } catch (err) {
    input.destroy()
    if (err instanceof Invalid)
      throw new InvalidArtifactError(`invalid artifact ${source}: ${err.message}`, {
        hint: err.hint,
        cause: err.cause
      })
    if (err instanceof UserError && err.message.startsWith('invalid artifact: '))
      throw new InvalidArtifactError(`invalid artifact ${source}: ${err.message.slice(18)}`, {
        cause: err.cause
      })
    throw err
  }
}

async function parseArtifact(
  input: Readable,
  options: ReadOptions & { publicKey?: KeyObject }
): Promise<ArtifactInfo> {
  let step = 0 // 0 version, 1 manifest, 2 sig/header, 3 data
  let versionSum: string | undefined
  let manifestRaw: Buffer | undefined
  let manifest = new Map<string, string>()
  let signed = false
  let verified = false
  let header: ParsedHeader | undefined
  let headerCompression: Compression | undefined
  let dataCompression: Compression | undefined
  const seen = new Set<string>()
  const files: PayloadFileInfo[] = []

  const checkSum = (path: string, sum: string): void => {
    const expected = manifest.get(path)
    if (expected === undefined) throw new Invalid(`${path} is not listed in the manifest`)
    if (expected !== sum)
      throw new Invalid(
        `checksum mismatch for ${path}: manifest has ${expected}, content is ${sum}`,
        {
          hint: 'the artifact was modified or corrupted after it was written'
        }
      )
    seen.add(path)
  }
  const requireSignature = (): void => {
    if (options.publicKey && !signed)
      throw new Invalid('expecting a signed artifact, but it has no manifest.sig', {
        hint: 'sign it with -k, or read it without a verification key'
      })
  }

  for await (const entry of tarEntries(input, 'the artifact')) {
    const { name, type } = entry.header
    if (type !== 'file') throw new Invalid(`member ${name} is a ${type}, not a file`)
    if (step === 0) {
      if (name !== 'version') throw new Invalid(`the first member must be version, not ${name}`)
      const raw = await readEntry(entry.body, SMALL_LIMIT, 'version')
      const v = parseJson(raw, 'version')
      if (!isObject(v) || v.format !== 'mender')
        throw new Invalid('version does not say format "mender"; this is not a Mender Artifact')
      if (v.version !== 3)
        throw new Invalid(`artifact format version ${String(v.version)} is not supported (only 3)`)
      versionSum = sha256(raw)
      step = 1
    } else if (step === 1) {
      if (name !== 'manifest') throw new Invalid(`expected manifest after version, found ${name}`)
      manifestRaw = await readEntry(entry.body, SMALL_LIMIT, 'manifest')
      manifest = parseManifest(manifestRaw.toString('utf8'))
      step = 2
    } else if (name === 'manifest.sig') {
      if (step !== 2 || signed || header) throw new Invalid('manifest.sig is out of place')
      const sig = (await readEntry(entry.body, SMALL_LIMIT, 'manifest.sig')).toString('utf8')
      signed = true
      if (options.publicKey) {
        if (!verifyManifestSignature(manifestRaw!, sig, options.publicKey))
          throw new Invalid('the signature does not verify with the given key', {
            hint: 'the artifact was modified after signing, or signed with a different key'
          })
        verified = true
      }
    } else if (name === 'manifest-augment' || name.startsWith('header-augment')) {
      throw new Invalid(`augmented artifacts (${name}) are not supported`)
    } else if (name.startsWith('header.tar')) {
      if (header) throw new Invalid('the artifact has two header members')
      requireSignature()
      headerCompression = compressionFromName(name)
      if (!headerCompression || !/^header\.tar(\.gz|\.xz|\.zst)?$/.test(name))
        throw new Invalid(`unknown header member ${name}`)
      const raw = await readEntry(entry.body, HEADER_LIMIT, name)
      checkSum(name, sha256(raw))
      header = await parseHeaderTar(raw, headerCompression)
      step = 3
    } else if (DATA_MEMBER.test(name)) {
      if (!header) throw new Invalid(`${name} comes before the header`)
      if (!name.startsWith('data/0000.'))
        throw new Invalid(`${name}: only one payload (0000) is supported`)
      if (dataCompression) throw new Invalid('the artifact has two data/0000 members')
      dataCompression = compressionFromName(name)!
      const inner = createDecompressor(dataCompression)
      // errors of this half reach the tar parser below through `inner`
      pipeline(entry.body, inner).catch((err: unknown) => inner.destroy(err as Error))
      for await (const file of tarEntries(inner, name)) {
        const fname = file.header.name
        if (file.header.type !== 'file')
          throw new Invalid(`payload member ${fname} is a ${file.header.type}, not a file`)
        if (!PAYLOAD_NAME.test(fname))
          throw new Invalid(
            `payload file name ${JSON.stringify(fname)} has forbidden characters or a path`
          )
        const path = `data/0000/${fname}`
        if (!manifest.has(path))
          throw new Invalid(`payload file ${fname} is not listed in the manifest`)
        if (seen.has(path)) throw new Invalid(`payload file ${fname} appears twice`)
        const meta = {
          name: fname,
          size: file.header.size ?? 0,
          mtime: file.header.mtime ?? new Date(0)
        }
        const got = await consumePayload(file.body, meta, options.onPayload)
        checkSum(path, got.sha256)
        files.push({ ...meta, size: got.size, sha256: got.sha256 })
      }
    } else {
      throw new Invalid(`unexpected member ${name}`)
    }
  }
  if (step < 2) throw new Invalid(step === 0 ? 'it is empty or not a tar' : 'it has no manifest')
  requireSignature()
  if (!header) throw new Invalid('it has no header.tar member')
  checkSum('version', versionSum!)
  const missing = [...manifest.keys()].filter((p) => !seen.has(p))
  if (missing.length > 0)
    throw new Invalid(`manifest entries missing from the artifact: ${missing.join(', ')}`, {
      hint: 'the artifact is truncated or was modified'
    })
  return toInfo(header, files, manifest, {
    signed,
    verified,
    headerCompression: headerCompression!,
    dataCompression
  })
}

function toInfo(
  h: ParsedHeader,
  files: PayloadFileInfo[],
  manifest: Map<string, string>,
  extra: {
    signed: boolean
    verified: boolean
    headerCompression: Compression
    dataCompression?: Compression
  }
): ArtifactInfo {
  const hi = h.headerInfo
  return {
    name: hi.artifact_provides.artifact_name,
    version: 3,
    format: 'mender',
    deviceTypes: [...hi.artifact_depends.device_type],
    payloadType: hi.payloads[0]!.type,
    providesGroup: hi.artifact_provides.artifact_group || undefined,
    artifactNameDepends: hi.artifact_depends.artifact_name ?? [],
    dependsGroups: hi.artifact_depends.artifact_group ?? [],
    provides: { ...h.typeInfo.artifact_provides },
    depends: { ...h.typeInfo.artifact_depends },
    clearsProvides: h.typeInfo.clears_artifact_provides ?? undefined,
    metaData: h.metaData,
    scripts: h.scripts,
    files,
    signed: extra.signed,
    signatureVerified: extra.verified,
    headerCompression: extra.headerCompression,
    dataCompression: extra.dataCompression,
    headerInfo: hi,
    typeInfo: h.typeInfo,
    manifest
  }
}

/** The fixed `version` bytes, for tests and for readers that want to compare. */
export { VERSION_JSON }
