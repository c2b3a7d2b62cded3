import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'

export interface MultipartField {
  name: string
  value: string
}

export interface MultipartFile {
  name: string
  filename: string
  path: string
  size: number
  contentType?: string
}

/**
 * A multipart/form-data body whose length is known up front: the small
 * fields are built in memory, the file part is streamed from disk. Fields
 * always come before the file because the Mender server stops parsing at the
 * `artifact` part and never reads what follows it.
 */
export interface MultipartBody {
  contentType: string
  contentLength: number
  /** A fresh stream each call (a retry re-sends the whole body). */
  open(onBytes?: (n: number) => void): Readable
}

const CRLF = '\r\n'

function quote(s: string): string {
  return s.replace(
    /[\r\n"\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
  )
}

export function buildMultipart(
  fields: MultipartField[],
  file: MultipartFile,
  boundary = `----mender-compose-${randomBytes(16).toString('hex')}`
): MultipartBody {
  let head = ''
  for (const f of fields) {
    head += `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(f.name)}"${CRLF}${CRLF}${f.value}${CRLF}`
  }
  head +=
    `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(file.name)}"; filename="${quote(file.filename)}"${CRLF}` +
    `Content-Type: ${file.contentType ?? 'application/octet-stream'}${CRLF}${CRLF}`
  const headBuf = Buffer.from(head, 'utf8')
  const tailBuf = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8')
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: headBuf.length + file.size + tailBuf.length,
    open(onBytes) {
      return Readable.from(parts(headBuf, file, tailBuf, onBytes), { objectMode: false })
    }
  }
}

async function* parts(
  head: Buffer,
  file: MultipartFile,
  tail: Buffer,
  onBytes?: (n: number) => void
): AsyncGenerator<Buffer> {
  yield head
  let sent = 0
  // 1 MiB reads: few syscalls, and at most a couple of chunks in flight.
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer
    sent += buf.length
    onBytes?.(buf.length)
    yield buf
  }
  // A file that changed size since stat would make Content-Length a lie.
  if (sent !== file.size) {
    throw new Error(
      `${file.path} changed while uploading: expected ${file.size} bytes, read ${sent}`
    )
  }
  yield tail
}
