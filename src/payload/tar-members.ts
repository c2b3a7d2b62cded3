import { open, type FileHandle } from 'node:fs/promises'

/**
 * The member list of an uncompressed tar (path → size) read from its headers
 * only: a header gives the member's size, so the reader jumps over the data
 * instead of streaming every byte through a tar parser. On a layer of large
 * files that reads a few percent of the file (what that saves a cold build is
 * measured in bench/README.md, e2e).
 *
 * It reads tars exactly as tar-stream 3 (which writes the payload) does, so
 * the lists, and the layer pairing built on them, are what a tar-stream
 * reader gives: ustar prefixes, GNU long names (`L`), pax `path` and `size`
 * (global pax records only merged into a member's own pax record), zero
 * blocks skipped, a directory's data never skipped, and the same refusals
 * (bad checksum, unknown format, data cut short).
 */
export async function tarMemberPaths(path: string): Promise<Map<string, number>> {
  const file = await open(path, 'r')
  try {
    return await readMembers(new BlockReader(file, (await file.stat()).size))
  } finally {
    await file.close()
  }
}

const BLOCK = 512
/** Bytes read at once: the headers of many small members per read, one read per header of a large one. */
const CHUNK = 1 << 18
/** tar-stream's limit on a long-name or pax record. */
const MAX_LONG_HEADER = 4 * 1024 * 1024

type Kind = 'entry' | 'directory' | 'pax' | 'pax-global' | 'long-path' | 'long-link'

interface Header {
  kind: Kind
  name: string
  size: number
}

async function readMembers(reader: BlockReader): Promise<Map<string, number>> {
  const members = new Map<string, number>()
  let pax: Record<string, string> | undefined
  let paxGlobal: Record<string, string> | undefined
  let longPath: string | undefined
  let pos = 0
  while (pos + BLOCK <= reader.size) {
    const header = decodeHeader(await reader.view(pos, BLOCK))
    pos += BLOCK
    if (!header) continue
    if (header.kind !== 'entry' && header.kind !== 'directory') {
      if (header.size > MAX_LONG_HEADER) throw new Error('Header exceeds max size')
      if (pos + header.size > reader.size) break
      const data = await reader.view(pos, header.size)
      pos += padded(header.size)
      if (header.kind === 'long-path') longPath = decodeStr(data, 0, data.length)
      else if (header.kind === 'pax') pax = { ...paxGlobal, ...decodePax(data) }
      else if (header.kind === 'pax-global') paxGlobal = decodePax(data)
      continue
    }
    let { name, size } = header
    if (longPath !== undefined) name = longPath
    longPath = undefined
    if (pax) {
      if (pax.path) name = pax.path
      if (pax.size) size = parseInt(pax.size, 10)
      pax = undefined
    }
    if (!(size >= 0)) throw new Error('Invalid header')
    const member = name.replace(/^\.\//, '').replace(/\/$/, '')
    if (member) members.set(member, size)
    if (size === 0 || header.kind === 'directory') continue
    pos += padded(size)
  }
  // tar-stream's "Unexpected end of data": a member cut short, or bytes after the last block
  if (pos !== reader.size) throw new Error('Unexpected end of data')
  return members
}

/** Reads a file through one reused buffer; a view is valid until the next `view`. */
class BlockReader {
  private readonly buf = Buffer.allocUnsafe(CHUNK)
  private start = 0
  private length = 0

  constructor(
    private readonly file: FileHandle,
    readonly size: number
  ) {}

  async view(pos: number, length: number): Promise<Buffer> {
    if (pos >= this.start && pos + length <= this.start + this.length)
      return this.buf.subarray(pos - this.start, pos - this.start + length)
    if (length > CHUNK) {
      const big = Buffer.allocUnsafe(length)
      const { bytesRead } = await this.file.read(big, 0, length, pos)
      return big.subarray(0, bytesRead)
    }
    const { bytesRead } = await this.file.read(this.buf, 0, CHUNK, pos)
    this.start = pos
    this.length = bytesRead
    return this.buf.subarray(0, Math.min(length, bytesRead))
  }
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK
}

const KINDS: Record<number, Kind> = {
  5: 'directory',
  72: 'pax',
  55: 'pax-global',
  27: 'long-link',
  28: 'long-path',
  30: 'long-path'
}

/** tar-stream's `headers.decode`, for the fields a member list needs; undefined for a zero block. */
function decodeHeader(buf: Buffer): Header | undefined {
  if (buf.length < BLOCK) throw new Error('Unexpected end of data')
  let sum = 8 * 32
  for (let i = 0; i < 148; i++) sum += buf[i]!
  for (let i = 156; i < BLOCK; i++) sum += buf[i]!
  if (sum === 8 * 32) return undefined
  if (sum !== decodeOct(buf, 148, 8))
    throw new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?')
  let name = decodeStr(buf, 0, 100)
  const magic = buf.toString('latin1', 257, 263)
  if (magic === 'ustar\0') {
    if (buf[345]) name = `${decodeStr(buf, 345, 155)}/${name}`
  } else if (magic !== 'ustar ' || buf[263] !== 0x20 || buf[264] !== 0)
    throw new Error('Invalid tar header: unknown format.')
  const flag = buf[156] === 0 ? 0 : buf[156]! - 48
  let kind = KINDS[flag] ?? 'entry'
  if (flag === 0 && name.endsWith('/')) kind = 'directory'
  return { kind, name, size: decodeOct(buf, 124, 12) }
}

function decodeStr(buf: Buffer, offset: number, length: number): string {
  let end = offset
  while (end < offset + length && buf[end] !== 0) end++
  return buf.toString('utf8', offset, end)
}

/** Octal, or base-256 when the first byte has its high bit set (GNU, for sizes ≥ 8 GiB). */
function decodeOct(buf: Buffer, offset: number, length: number): number {
  const field = buf.subarray(offset, offset + length)
  if (field[0]! & 0x80) return parse256(field)
  let i = 0
  while (i < field.length && field[i] === 32) i++
  let end = field.indexOf(32, i)
  if (end < 0) end = field.length
  while (i < end && field[i] === 0) i++
  if (end === i) return 0
  return parseInt(field.toString('utf8', i, end), 8)
}

function parse256(field: Buffer): number {
  const positive = field[0] === 0x80
  if (!positive && field[0] !== 0xff) return NaN
  let sum = 0
  for (let i = field.length - 1, scale = 1; i > 0; i--, scale *= 256)
    sum += (positive ? field[i]! : 0xff - field[i]!) * scale
  return positive ? sum : -sum
}

/** A pax record block: `<len> <key>=<value>\n` repeated. */
function decodePax(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let rest = buf
  while (rest.length) {
    let i = 0
    while (i < rest.length && rest[i] !== 32) i++
    const len = parseInt(rest.toString('utf8', 0, i), 10)
    if (!len) return out
    const record = rest.toString('utf8', i + 1, len - 1)
    const eq = record.indexOf('=')
    if (eq === -1) return out
    out[record.slice(0, eq)] = record.slice(eq + 1)
    rest = rest.subarray(len)
  }
  return out
}
