import { randomBytes } from 'node:crypto'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { buildTypeInfo } from '../../src/artifact/fields.js'
import { goJson } from '../../src/artifact/go-json.js'
import { formatManifest, parseManifest } from '../../src/artifact/manifest.js'
import {
  GO_GZIP_HEADER,
  ParallelGzip,
  looksIncompressible
} from '../../src/artifact/parallel-gzip.js'
import { tarHeader } from '../../src/artifact/tar-header.js'
import { tarMembers } from './raw.js'

async function gzipWith(
  input: Buffer,
  opts: ConstructorParameters<typeof ParallelGzip>[0],
  chunk = 7777
): Promise<Buffer> {
  const parts: Buffer[] = []
  const pieces: Buffer[] = []
  for (let i = 0; i < input.length; i += chunk) pieces.push(input.subarray(i, i + chunk))
  await pipeline(
    Readable.from(pieces),
    new ParallelGzip(opts),
    new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(c)
        cb()
      }
    })
  )
  return Buffer.concat(parts)
}

describe('parallel gzip', () => {
  for (const size of [0, 1, 65535, 65536, 200_001])
    it(`round-trips ${size} bytes through gunzip, with mender-artifact's header`, async () => {
      const input = Buffer.concat([randomBytes(size >> 1), Buffer.alloc(size - (size >> 1), 'a')])
      const out = await gzipWith(input, { blockSize: 65536, concurrency: 3 })
      expect(out.subarray(0, 10)).toEqual(GO_GZIP_HEADER)
      expect(gunzipSync(out).equals(input)).toBe(true)
    })

  it('uses the previous block as dictionary (ratio close to one stream)', async () => {
    const input = Buffer.from('repeat me please '.repeat(100_000))
    const out = await gzipWith(input, { blockSize: 16384 })
    expect(gunzipSync(out).equals(input)).toBe(true)
    expect(out.length).toBeLessThan(input.length / 100)
  })
})

describe('parallel gzip: incompressible segments are stored, not deflated', () => {
  it('mixed random and text segments (misaligned) round-trip, random costs only framing', async () => {
    const parts: Buffer[] = [Buffer.alloc(700, 'x')]
    for (let i = 0; i < 40; i++)
      parts.push(randomBytes(20_000 + i * 997), Buffer.from('text '.repeat(4000 + i)))
    const input = Buffer.concat(parts)
    const out = await gzipWith(input, { blockSize: 256 * 1024, concurrency: 3 }, 65536)
    expect(gunzipSync(out).equals(input)).toBe(true)
    const random = await gzipWith(randomBytes(3 * 1024 * 1024), {})
    expect(random.length).toBeLessThan(3 * 1024 * 1024 + 1024)
  })

  it('classifies random bytes as incompressible and text or binary structure as not', () => {
    expect(looksIncompressible(randomBytes(32768), 0, 32768)).toBe(true)
    expect(looksIncompressible(Buffer.from('some text, '.repeat(3000)), 0, 32768)).toBe(false)
    const structured = Buffer.alloc(32768)
    for (let i = 0; i < structured.length; i++) structured[i] = i % 4 === 0 ? i & 0xff : 0
    expect(looksIncompressible(structured, 0, 32768)).toBe(false)
  })
})

describe('Go-compatible JSON', () => {
  it('sorts keys, escapes <>& and keeps Go number forms', () => {
    expect(goJson({ b: 1, a: '<&>', n: { z: [1, 2.5], y: null }, e: 1e21, s: 1e-7 })).toBe(
      '{"a":"\\u003c\\u0026\\u003e","b":1,"e":1e+21,"n":{"y":null,"z":[1,2.5]},"s":1e-7}'
    )
  })
})

describe('type-info defaults (observed on mender-artifact 3.9)', () => {
  const base = { type: 'app', name: 'a1', deviceTypes: ['d'] }
  it.each([
    [
      {},
      '{"type":"app","artifact_provides":{"rootfs-image.app.version":"a1"},"clears_artifact_provides":["rootfs-image.app.*"]}'
    ],
    [
      { softwareName: 'myapp', softwareVersion: '2.0' },
      '{"type":"app","artifact_provides":{"rootfs-image.myapp.version":"2.0"},"clears_artifact_provides":["rootfs-image.myapp.*"]}'
    ],
    [
      { softwareFilesystem: 'data-partition', softwareName: 'app1' },
      '{"type":"app","artifact_provides":{"data-partition.app1.version":"a1"},"clears_artifact_provides":["data-partition.app1.*"]}'
    ],
    [
      { noDefaultClearsProvides: true },
      '{"type":"app","artifact_provides":{"rootfs-image.app.version":"a1"}}'
    ],
    [{ noDefaultSoftwareVersion: true }, '{"type":"app"}'],
    [
      { provides: { 'rootfs-image.app.version': '9' } },
      '{"type":"app","artifact_provides":{"rootfs-image.app.version":"9"},"clears_artifact_provides":["rootfs-image.app.*"]}'
    ],
    [
      {
        provides: { 'rootfs-image.app.version': '9' },
        softwareVersion: '3',
        softwareVersionOverridesProvides: true
      },
      '{"type":"app","artifact_provides":{"rootfs-image.app.version":"3"},"clears_artifact_provides":["rootfs-image.app.*"]}'
    ],
    [
      { clearsProvides: ['rootfs-image.app.*', 'a.*'] },
      '{"type":"app","artifact_provides":{"rootfs-image.app.version":"a1"},"clears_artifact_provides":["rootfs-image.app.*","a.*"]}'
    ]
  ])('%j', (extra, json) => {
    expect(JSON.stringify(buildTypeInfo({ ...base, ...extra }))).toBe(json)
  })
})

describe('manifest and tar headers', () => {
  it('parses what it formats and rejects malformed or duplicate lines', () => {
    const m = formatManifest([
      ['data/0000/a', 'a'.repeat(64)],
      ['version', 'b'.repeat(64)]
    ])
    expect(m.toString()).toBe(`${'a'.repeat(64)}  data/0000/a\n${'b'.repeat(64)}  version\n`)
    expect([...parseManifest(m.toString())]).toEqual([
      ['data/0000/a', 'a'.repeat(64)],
      ['version', 'b'.repeat(64)]
    ])
    expect(() => parseManifest(`${'a'.repeat(64)} x\n`)).toThrow(/line 1 is malformed/)
    expect(() => parseManifest(`${'a'.repeat(64)}  x\n${'b'.repeat(64)}  x\n`)).toThrow(
      /lists x twice/
    )
  })

  it('writes USTAR headers a tar parser reads, with a PAX size past 8 GiB', async () => {
    const h = tarHeader({ name: 'version', size: 31 })
    expect(h.subarray(257, 265).toString('latin1')).toBe('ustar\u000000')
    expect(h.subarray(100, 108).toString()).toBe('0000600\u0000')
    const big = tarHeader({ name: 'data/0000.tar.gz', size: 9 * 1024 ** 3 })
    expect(big.length).toBe(1536)
    const members = await tarMembers(
      Buffer.concat([
        tarHeader({ name: 'f', size: 3, mtime: 1700000000 }),
        Buffer.from('abc'),
        Buffer.alloc(509),
        Buffer.alloc(1024)
      ])
    )
    expect(members.get('f')?.body.toString()).toBe('abc')
    expect(members.get('f')?.header.mtime?.getTime()).toBe(1700000000_000)
  })
})
