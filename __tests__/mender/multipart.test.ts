import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { buildMultipart } from '../../src/mender/multipart.js'
import { BadRequest, receiveMultipart } from '../fakes/mender-server/multipart.js'
import { tempDir } from '../helpers/tmp.js'

async function drain(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of r) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/** Re-chunk a buffer into odd sizes so delimiters straddle chunk edges. */
function chunked(buf: Buffer, size: number): Readable {
  const parts: Buffer[] = []
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size))
  return Readable.from(parts)
}

describe('streamed multipart body', () => {
  it('Content-Length equals the bytes produced; description precedes artifact; the fake parses it back', async () => {
    const dir = await tempDir()
    const file = join(dir, 'a.bin')
    // Contains CRLF and dashes to tempt a sloppy delimiter search.
    const content = Buffer.concat([
      randomBytes(300_000),
      Buffer.from('\r\n--not-the-boundary\r\n'),
      randomBytes(5)
    ])
    await writeFile(file, content)
    const body = buildMultipart([{ name: 'description', value: 'built by "CI"\nline 2' }], {
      name: 'artifact',
      filename: 'a.bin',
      path: file,
      size: content.length
    })
    let counted = 0
    const bytes = await drain(body.open((n) => (counted += n)))
    expect(bytes.length).toBe(body.contentLength)
    expect(counted).toBe(content.length)
    const text = bytes.toString('latin1')
    expect(text.indexOf('name="description"')).toBeLessThan(text.indexOf('name="artifact"'))
    const boundary = /boundary=(.+)$/.exec(body.contentType)?.[1] ?? ''
    for (const size of [7, 4096, 65_537]) {
      const dest = join(dir, `out-${size}`)
      const got = await receiveMultipart(chunked(bytes, size), boundary, dest)
      expect(got.fields).toEqual([['description', 'built by "CI"\nline 2']])
      expect((await readFile(dest)).equals(content)).toBe(true)
    }
    // A second open() re-reads the file: retries re-send the whole body.
    expect((await drain(body.open())).equals(bytes)).toBe(true)
  })

  it('a field after the artifact part is never read; no artifact part or a cut body is a 400', async () => {
    const dir = await tempDir()
    const b = 'XyZ'
    const late = Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="artifact"; filename="a"\r\n\r\nDATA\r\n--${b}\r\nContent-Disposition: form-data; name="description"\r\n\r\nlate\r\n--${b}--\r\n`
    )
    const got = await receiveMultipart(chunked(late, 3), b, join(dir, 'late'))
    expect(got.fields).toEqual([])
    expect(await readFile(join(dir, 'late'), 'utf8')).toBe('DATA')
    const none = Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="size"\r\n\r\n4\r\n--${b}--\r\n`
    )
    await expect(receiveMultipart(chunked(none, 5), b, join(dir, 'none'))).rejects.toThrow(
      BadRequest
    )
    await expect(
      receiveMultipart(chunked(late.subarray(0, 76), 5), b, join(dir, 'cut'))
    ).rejects.toThrow(/unexpected EOF/)
  })

  it('fails loudly when the file changes size after the length was computed', async () => {
    const dir = await tempDir()
    const file = join(dir, 'grow.bin')
    await writeFile(file, 'abc')
    const body = buildMultipart([], { name: 'artifact', filename: 'g', path: file, size: 3 })
    await writeFile(file, 'abcdef')
    await expect(drain(body.open())).rejects.toThrow(/changed while uploading/)
  })
})
