import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Readable } from 'node:stream'

/** A request the Mender server would answer with 400. */
export class BadRequest extends Error {}

export interface ReceivedUpload {
  /** Form fields before the artifact part, in order, names lower-cased. */
  fields: [string, string][]
  artifactBytes: number
}

const MAX_HEAD = 2 * 1024 * 1024

/**
 * Parses multipart/form-data the way the deployments service does
 * (`ParseMultipart`): small fields are read until the `artifact` part, whose
 * bytes stream to `dest` up to the next delimiter; anything after that part is
 * never looked at. Throws BadRequest for a body without an artifact part or
 * one cut short.
 */
export async function receiveMultipart(
  body: Readable,
  boundary: string,
  dest: string
): Promise<ReceivedUpload> {
  const open = Buffer.from(`--${boundary}`)
  const delim = Buffer.from(`\r\n--${boundary}`)
  const fields: [string, string][] = []
  let head = Buffer.alloc(0)
  let out: ReturnType<typeof createWriteStream> | undefined
  let carry = Buffer.alloc(0)
  let artifactBytes = 0
  let done = false
  let pos = -1 // in head: start of the next part's headers

  const write = async (buf: Buffer) => {
    if (buf.length === 0 || !out) return
    artifactBytes += buf.length
    if (!out.write(buf)) await once(out, 'drain')
  }
  const feedFile = async (chunk: Buffer) => {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk
    const at = buf.indexOf(delim)
    if (at >= 0) {
      await write(buf.subarray(0, at))
      done = true
      return
    }
    const keep = Math.min(buf.length, delim.length - 1)
    await write(buf.subarray(0, buf.length - keep))
    carry = Buffer.from(buf.subarray(buf.length - keep))
  }
  // Returns leftover bytes for the file part once its headers are read.
  const parseHead = (): Buffer | undefined => {
    if (pos < 0) {
      const first = head.indexOf(open)
      if (first < 0) return undefined
      pos = first + open.length + 2
    }
    for (;;) {
      if (head.length < pos) return undefined
      const end = head.indexOf('\r\n\r\n', pos)
      if (end < 0) return undefined
      const headers = head.subarray(pos, end).toString('utf8')
      const name = /name="([^"]*)"/i.exec(headers)?.[1]?.toLowerCase() ?? ''
      if (name === 'artifact') return head.subarray(end + 4)
      const valueEnd = head.indexOf(delim, end + 4)
      if (valueEnd < 0) return undefined
      fields.push([name, head.subarray(end + 4, valueEnd).toString('utf8')])
      const after = valueEnd + delim.length
      if (head.length < after + 2) return undefined
      if (head.subarray(after, after + 2).toString() === '--') {
        throw new BadRequest('request does not contain the artifact file')
      }
      pos = after + 2
    }
  }

  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (done) continue // drain what follows the artifact part
      if (out) {
        await feedFile(chunk)
        continue
      }
      head = Buffer.concat([head, chunk])
      const rest = parseHead()
      if (rest) {
        out = createWriteStream(dest)
        await feedFile(rest)
      } else if (head.length > MAX_HEAD) {
        throw new BadRequest('form fields too large')
      }
    }
  } finally {
    if (out) {
      out.end()
      await once(out, 'close')
    }
  }
  if (!out) throw new BadRequest('request does not contain the artifact file')
  if (!done) throw new BadRequest('unexpected EOF')
  return { fields, artifactBytes }
}
