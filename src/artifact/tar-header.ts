/**
 * USTAR headers as Go's archive/tar writes them for mender-artifact (octal
 * fields zero-padded and NUL-terminated, checksum `%06o\0 `, no directory
 * entries). A PAX record carries sizes that do not fit 11 octal digits.
 */
export const BLOCK = 512
const MAX_OCTAL_SIZE = 0o77777777777

export interface TarEntry {
  name: string
  size: number
  mode?: number
  uid?: number
  gid?: number
  uname?: string
  gname?: string
  /** Seconds since the epoch. */
  mtime?: number
  type?: '0' | 'x'
}

/** Bytes of zero padding after `size` bytes of content. */
export function padding(size: number): number {
  const rest = size % BLOCK
  return rest === 0 ? 0 : BLOCK - rest
}

export function paddingBlock(size: number): Buffer {
  return Buffer.alloc(padding(size))
}

/** The two zero blocks that end an archive (no padding to a 10 KiB record, as Go does). */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK)

function octal(buf: Buffer, value: number, offset: number, length: number): void {
  buf.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii')
}

function ustarBlock(e: TarEntry): Buffer {
  const buf = Buffer.alloc(BLOCK)
  const name = Buffer.from(e.name, 'utf8')
  if (name.length > 100) throw new Error(`tar member name too long: ${e.name}`)
  name.copy(buf, 0)
  octal(buf, e.mode ?? 0o600, 100, 8)
  octal(buf, e.uid ?? 0, 108, 8)
  octal(buf, e.gid ?? 0, 116, 8)
  octal(buf, Math.min(e.size, MAX_OCTAL_SIZE), 124, 12)
  octal(buf, Math.max(0, Math.floor(e.mtime ?? 0)), 136, 12)
  buf.fill(0x20, 148, 156)
  buf.write(e.type ?? '0', 156, 1, 'ascii')
  buf.write('ustar\u000000', 257, 8, 'ascii')
  buf.write((e.uname ?? '').slice(0, 31), 265, 32, 'utf8')
  buf.write((e.gname ?? '').slice(0, 31), 297, 32, 'utf8')
  octal(buf, 0, 329, 8)
  octal(buf, 0, 337, 8)
  let sum = 0
  for (const b of buf) sum += b
  buf.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii')
  return buf
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let len = body.length + 1
  while (`${len}${body}`.length !== len) len = `${len}${body}`.length
  return `${len}${body}`
}

/** The header block(s) of one member; content and padding follow separately. */
export function tarHeader(e: TarEntry, forcePax = false): Buffer {
  if (e.size <= MAX_OCTAL_SIZE && !forcePax) return ustarBlock(e)
  const pax = Buffer.from(paxRecord('size', String(e.size)), 'utf8')
  const paxHeader = ustarBlock({
    name: `PaxHeaders.0/${e.name}`.slice(0, 100),
    size: pax.length,
    mtime: e.mtime,
    type: 'x'
  })
  return Buffer.concat([paxHeader, pax, paddingBlock(pax.length), ustarBlock(e)])
}

/** A whole small member: header, content, padding. */
export function tarMember(e: Omit<TarEntry, 'size'>, content: Buffer): Buffer {
  return Buffer.concat([
    tarHeader({ ...e, size: content.length }),
    content,
    paddingBlock(content.length)
  ])
}
