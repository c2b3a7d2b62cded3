import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  createSigner,
  extractPayloads,
  readArtifact,
  writeArtifact
} from '../../src/artifact/index.js'
import { END_OF_ARCHIVE, tarMember } from '../../src/artifact/tar-header.js'
import { UserError } from '../../src/util/errors.js'
import { describeWithTools } from '../helpers/tools.js'
import { useFixture } from './corpus.js'
import { tarMembers } from './raw.js'
import { menderArtifact } from './real-tool.js'

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex')

/** Re-pack outer members (name → content) as a plain tar, as a tamperer would. */
function repack(members: [string, Buffer][]): Buffer {
  return Buffer.concat([
    ...members.map(([name, body]) => tarMember({ name }, body)),
    END_OF_ARCHIVE
  ])
}

async function members(path: string): Promise<[string, Buffer][]> {
  return [...(await tarMembers(await readFile(path)))].map(([n, m]) => [n, m.body])
}

describeWithTools(['mender-artifact', 'openssl'], 'reader', () => {
  const fx = useFixture('mc-artifact-reader-')

  const real = (name: string, args: string[]): string => {
    const out = join(fx.dir, name)
    const r = menderArtifact([
      'write',
      'module-image',
      '-T',
      'app',
      '-n',
      'real-1',
      '-t',
      'devA',
      '-f',
      fx.inp.p1,
      '-f',
      fx.inp.p2,
      '-f',
      fx.inp.empty,
      '-o',
      out,
      ...args
    ])
    if (r.status !== 0) throw new Error(r.stderr)
    return out
  }

  describe('reads what mender-artifact writes', () => {
    for (const compression of ['none', 'gzip', 'lzma'])
      for (const signing of ['unsigned', 'rsa', 'ecdsa'] as const)
        it(`${compression}, ${signing}`, async () => {
          const key = signing === 'unsigned' ? undefined : fx.keys[signing]
          const path = real(`real-${compression}-${signing}.mender`, [
            '--compression',
            compression,
            ...(key ? ['-k', key.key] : [])
          ])
          const seen = new Map<string, string>()
          const info = await readArtifact(path, {
            publicKey: key?.pub,
            onPayload: async (f, content) => {
              seen.set(f.name, sha(Buffer.from(await text(content), 'latin1')))
            }
          })
          expect(info.name).toBe('real-1')
          expect(info.signed).toBe(Boolean(key))
          expect(info.signatureVerified).toBe(Boolean(key))
          expect(info.dataCompression).toBe(compression)
          expect(info.files.map((f) => [f.name, f.size])).toEqual([
            ['payload1.txt', 13],
            ['image-layer_2.bin', 300 * 1024],
            ['empty.dat', 0]
          ])
          for (const [p, f] of [
            [fx.inp.p1, 'payload1.txt'],
            [fx.inp.p2, 'image-layer_2.bin'],
            [fx.inp.empty, 'empty.dat']
          ] as const) {
            const want = sha(await readFile(p))
            expect(info.files.find((x) => x.name === f)?.sha256).toBe(want)
          }
          // the payload stream carried exactly the files' bytes (latin1 keeps bytes 1:1)
          expect(seen.get('payload1.txt')).toBe(sha(await readFile(fx.inp.p1)))
          expect(seen.get('empty.dat')).toBe(sha(''))
          if (key)
            await expect(readArtifact(path, { publicKey: fx.keys.other.pub })).rejects.toThrow(
              /signature does not verify/
            )
        })
  })

  it('reads artifacts re-packed by GNU tar in gnu, pax and ustar formats (other owner, mtime, 10 KiB records)', async () => {
    const src = real('flavour.mender', ['-k', fx.keys.rsa.key])
    const unpacked = join(fx.dir, 'flavour')
    await mkdir(unpacked)
    execFileSync('tar', ['-xf', src, '-C', unpacked])
    const order = ['version', 'manifest', 'manifest.sig', 'header.tar.gz', 'data/0000.tar.gz']
    for (const format of ['gnu', 'pax', 'ustar']) {
      const out = join(fx.dir, `flavour-${format}.mender`)
      execFileSync('tar', [
        `--format=${format}`,
        '--owner=1000',
        '--group=1000',
        '--mtime=2023-03-01 10:00:00',
        '-cf',
        out,
        '-C',
        unpacked,
        ...order
      ])
      expect((await readFile(out)).length % 10240).toBe(0)
      const info = await readArtifact(out, { publicKey: fx.keys.rsa.pub })
      expect(info.signatureVerified).toBe(true)
      expect(info.files.map((f) => f.name)).toEqual([
        'payload1.txt',
        'image-layer_2.bin',
        'empty.dat'
      ])
    }
  })

  describe('rejects tampered artifacts with a clear error', () => {
    it('a changed payload byte (uncompressed data tar)', async () => {
      const path = real('t-payload.mender', ['--compression', 'none'])
      const raw = await readFile(path)
      const at = raw.indexOf('hello mender')
      raw[at] = 'j'.charCodeAt(0)
      const bad = join(fx.dir, 't-payload-bad.mender')
      await writeFile(bad, raw)
      await expect(readArtifact(bad)).rejects.toThrow(
        /invalid artifact .*t-payload-bad\.mender: checksum mismatch for data\/0000\/payload1\.txt/
      )
      expect(menderArtifact(['validate', bad]).status).not.toBe(0) // the real tool agrees
    })

    it('a changed byte in a gzip payload member', async () => {
      const path = real('t-gz.mender', [])
      const m = await members(path)
      const data = m.find(([n]) => n === 'data/0000.tar.gz')!
      const tarBytes = gunzipSync(data[1])
      const at = tarBytes.indexOf('hello mender') + 1
      tarBytes[at] = tarBytes[at]! ^ 1
      data[1] = gzipSync(tarBytes)
      const bad = join(fx.dir, 't-gz-bad.mender')
      await writeFile(bad, repack(m))
      await expect(readArtifact(bad)).rejects.toThrow(
        /checksum mismatch for data\/0000\/payload1\.txt/
      )
    })

    it('a changed header', async () => {
      const path = real('t-header.mender', ['--compression', 'none'])
      const m = await members(path)
      const header = m.find(([n]) => n === 'header.tar')!
      header[1] = Buffer.from(header[1].toString('latin1').replace('real-1', 'evil-1'), 'latin1')
      const bad = join(fx.dir, 't-header-bad.mender')
      await writeFile(bad, repack(m))
      await expect(readArtifact(bad)).rejects.toThrow(/checksum mismatch for header\.tar/)
    })

    it('a changed header with a recomputed manifest fails the signature', async () => {
      const path = real('t-resign.mender', ['--compression', 'none', '-k', fx.keys.rsa.key])
      const m = await members(path)
      const header = m.find(([n]) => n === 'header.tar')!
      const manifest = m.find(([n]) => n === 'manifest')!
      const before = sha(header[1])
      header[1] = Buffer.from(header[1].toString('latin1').replace('real-1', 'evil-1'), 'latin1')
      manifest[1] = Buffer.from(manifest[1].toString().replace(before, sha(header[1])))
      const bad = join(fx.dir, 't-resign-bad.mender')
      await writeFile(bad, repack(m))
      await expect(readArtifact(bad, { publicKey: fx.keys.rsa.pub })).rejects.toThrow(
        /signature does not verify/
      )
      // without a key it is self-consistent, and reported as signed but unverified
      const info = await readArtifact(bad)
      expect(info.name).toBe('evil-1')
      expect(info.signatureVerified).toBe(false)
    })

    it('a bad signature (signed by another key, or garbled)', async () => {
      const path = real('t-sig.mender', ['-k', fx.keys.ecdsa.key])
      const m = await members(path)
      const manifest = m.find(([n]) => n === 'manifest')![1]
      const sig = m.find(([n]) => n === 'manifest.sig')!
      sig[1] = Buffer.from(createSigner(await readFile(fx.keys.other.key, 'utf8')).sign(manifest))
      const other = join(fx.dir, 't-sig-other.mender')
      await writeFile(other, repack(m))
      await expect(readArtifact(other, { publicKey: fx.keys.ecdsa.pub })).rejects.toThrow(
        /signature does not verify/
      )
      sig[1] = Buffer.from('not base64 at all!')
      const garbled = join(fx.dir, 't-sig-garbled.mender')
      await writeFile(garbled, repack(m))
      await expect(readArtifact(garbled, { publicKey: fx.keys.ecdsa.pub })).rejects.toThrow(
        /signature does not verify/
      )
    })

    it('an unsigned artifact when a key is given', async () => {
      const path = real('t-unsigned.mender', [])
      await expect(readArtifact(path, { publicKey: fx.keys.rsa.pub })).rejects.toThrow(
        /expecting a signed artifact/
      )
    })

    it('a truncated artifact, a non-tar and a missing file', async () => {
      const path = real('t-trunc.mender', ['--compression', 'none'])
      const raw = await readFile(path)
      const bad = join(fx.dir, 't-trunc-bad.mender')
      await writeFile(bad, raw.subarray(0, 3000))
      await expect(readArtifact(bad)).rejects.toThrow(UserError)
      await writeFile(bad, 'hello')
      await expect(readArtifact(bad)).rejects.toThrow(/invalid artifact/)
      await expect(readArtifact(join(fx.dir, 'nope.mender'))).rejects.toThrow(
        /cannot read artifact/
      )
    })

    it('a payload entry that escapes its directory, or is a link', async () => {
      const good = join(fx.dir, 't-escape-src.mender')
      await writeArtifact(
        { type: 'app', name: 'a', deviceTypes: ['d'], files: [fx.inp.p1], compression: 'none' },
        good
      )
      const m = await members(good)
      const content = Buffer.from('x')
      const evilData = Buffer.concat([tarMember({ name: '../evil' }, content), END_OF_ARCHIVE])
      const linkData = Buffer.concat([
        tarMember({ name: 'link', type: '2' as '0' }, Buffer.alloc(0)),
        END_OF_ARCHIVE
      ])
      for (const [label, data, path, err] of [
        ['escape', evilData, 'data/0000/../evil', /forbidden characters or a path/],
        ['link', linkData, 'data/0000/link', /is a symlink, not a file/]
      ] as const) {
        const manifest = Buffer.from(
          `${sha(label === 'escape' ? content : '')}  ${path}\n` +
            m
              .find(([n]) => n === 'manifest')![1]
              .toString()
              .split('\n')
              .slice(1)
              .join('\n')
        )
        const mm = m.map(([n, b]): [string, Buffer] => [
          n,
          n === 'manifest' ? manifest : n === 'data/0000.tar' ? data : b
        ])
        const bad = join(fx.dir, `t-${label}.mender`)
        await writeFile(bad, repack(mm))
        await expect(readArtifact(bad)).rejects.toThrow(err)
      }
    })
  })

  it('extractPayloads writes verified files, and nothing for a tampered artifact', async () => {
    const path = real('x.mender', ['-k', fx.keys.rsa.key])
    const out = join(fx.dir, 'extracted')
    const info = await extractPayloads(path, out, { publicKey: fx.keys.rsa.pub })
    expect(info.files).toHaveLength(3)
    expect((await readFile(join(out, 'image-layer_2.bin'))).equals(await readFile(fx.inp.p2))).toBe(
      true
    )
    expect(await readFile(join(out, 'empty.dat'))).toEqual(Buffer.alloc(0))

    const raw = await readFile(real('x2.mender', ['--compression', 'none']))
    const at = raw.indexOf('hello mender')
    raw[at] = raw[at]! ^ 1
    const bad = join(fx.dir, 'x2-bad.mender')
    await writeFile(bad, raw)
    const out2 = join(fx.dir, 'extracted2')
    await expect(extractPayloads(bad, out2)).rejects.toThrow(/checksum mismatch/)
    expect(await readdir(out2)).toEqual([])
  })
})
