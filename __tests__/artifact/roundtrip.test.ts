import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buffer } from 'node:stream/consumers'
import { beforeAll, expect, it } from 'vitest'
import {
  parseCompression,
  readArtifact,
  writeArtifact,
  type Compression
} from '../../src/artifact/index.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { prng } from './corpus.js'
import { HAS_ZSTD, makeKeys, realValidate, type TestKeys } from './real-tool.js'

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,-'

function randomName(rand: () => number, taken: Set<string>): string {
  while (true) {
    const len = 1 + Math.floor(rand() * (rand() < 0.2 ? 90 : 12))
    let s = ''
    for (let i = 0; i < len; i++) s += NAME_CHARS[Math.floor(rand() * NAME_CHARS.length)]
    if (!/^\.+$/.test(s) && !taken.has(s)) {
      taken.add(s)
      return s
    }
  }
}

function randomContent(rand: () => number): Buffer {
  const r = rand()
  const size =
    r < 0.15 ? 0 : r < 0.85 ? Math.floor(rand() * 70_000) : Math.floor(rand() * 1_500_000)
  const buf = Buffer.alloc(size)
  // alternate runs of noise and of repeated bytes, so compression has both kinds of input
  let i = 0
  while (i < size) {
    const run = Math.min(size - i, 1 + Math.floor(rand() * 4096))
    if (rand() < 0.5) for (let j = 0; j < run; j++) buf[i + j] = Math.floor(rand() * 256)
    else buf.fill(Math.floor(rand() * 256), i, i + run)
    i += run
  }
  return buf
}

function randomJson(rand: () => number, depth = 0): unknown {
  const r = rand()
  if (depth > 2 || r < 0.3) return Math.floor(rand() * 1e6) / 100
  if (r < 0.5) return `s<${Math.floor(rand() * 1000)}>&"é`
  if (r < 0.6) return rand() < 0.5
  if (r < 0.7) return null
  if (r < 0.85)
    return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1))
  return Object.fromEntries(
    Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [
      `k${i}${Math.floor(rand() * 99)}`,
      randomJson(rand, depth + 1)
    ])
  )
}

describeWithTools(
  ['mender-artifact', 'openssl'],
  'property: random artifacts round-trip through writer and reader',
  () => {
    let dir: string
    let keys: TestKeys
    beforeAll(async () => {
      dir = await tempDir('mc-artifact-prop-')
      keys = makeKeys(dir)
    })

    const compressions: Compression[] = HAS_ZSTD ? ['none', 'gzip', 'zstd'] : ['none', 'gzip']
    const seeds = Array.from({ length: 24 }, (_, i) => 0x5eed + i * 7919)
    for (const seed of seeds)
      it(`seed ${seed}`, async () => {
        const rand = prng(seed)
        const caseDir = join(dir, `case-${seed}`)
        await mkdir(caseDir)
        const taken = new Set<string>()
        const files: { path: string; name: string; content: Buffer }[] = []
        const count = Math.floor(rand() * 6)
        for (let i = 0; i < count; i++) {
          const name = randomName(rand, taken)
          const content = randomContent(rand)
          const path = join(caseDir, name)
          await writeFile(path, content)
          files.push({ path, name, content })
        }
        const compression = compressions[Math.floor(rand() * compressions.length)]!
        const signing = [undefined, keys.rsa, keys.ecdsa, keys.ecdsaPkcs8][Math.floor(rand() * 4)]
        const provides = Object.fromEntries(
          Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [
            `p.key${i}`,
            `v${Math.floor(rand() * 1e6)}`
          ])
        )
        const metaData = rand() < 0.6 ? { root: randomJson(rand), n: 1 } : undefined
        const out = join(caseDir, 'a.mender')
        const written = await writeArtifact(
          {
            type: `type-${seed}`,
            name: `name ${seed} é`,
            deviceTypes: [`dev-${seed}`, 'other'],
            files: files.map((f) => f.path),
            provides,
            metaData,
            compression,
            signingKey: signing && { path: signing.key }
          },
          out,
          { concurrency: 1 + Math.floor(rand() * 3) }
        )

        const streamed = new Map<string, Buffer>()
        const info = await readArtifact(out, {
          publicKey: signing?.pub,
          onPayload: async (f, content) => {
            streamed.set(f.name, await buffer(content))
          }
        })
        expect(info.name).toBe(`name ${seed} é`)
        expect(info.dataCompression).toBe(compression)
        expect(info.signatureVerified).toBe(Boolean(signing))
        expect(info.files.map((f) => f.name)).toEqual(files.map((f) => f.name))
        expect(written.files.map((f) => f.sha256)).toEqual(info.files.map((f) => f.sha256))
        for (const f of files) {
          const got = streamed.get(f.name)!
          expect(got.length, f.name).toBe(f.content.length)
          expect(got.equals(f.content), f.name).toBe(true)
          expect(info.files.find((x) => x.name === f.name)?.sha256).toBe(
            createHash('sha256').update(f.content).digest('hex')
          )
        }
        expect(info.provides).toEqual({
          ...provides,
          [`rootfs-image.type-${seed}.version`]: `name ${seed} é`
        })
        expect(info.metaData).toEqual(
          metaData && Object.keys(metaData).length ? metaData : undefined
        )
        expect(info.manifest.size).toBe(files.length + 2)
        // the real tool accepts every one it can read (3.9 has no zstd)
        if (compression !== 'zstd') expect(realValidate(out, signing?.pub).ok).toBe(true)
        expect((await readFile(out)).length).toBe(written.size)
      })

    it.runIf(HAS_ZSTD)(
      'zstd (Node ≥ 22.15): header.tar.zst and data/0000.tar.zst, signed',
      async () => {
        const file = join(dir, 'zstd-payload.bin')
        await writeFile(file, Buffer.alloc(500_000, 'zstd me '))
        const out = join(dir, 'zstd.mender')
        const { compression, level } = parseCompression('zstd_best')
        await writeArtifact(
          {
            type: 'app',
            name: 'z',
            deviceTypes: ['d'],
            files: [file],
            compression,
            compressionLevel: level,
            signingKey: { path: keys.ecdsa.key }
          },
          out
        )
        const info = await readArtifact(out, { publicKey: keys.ecdsa.pub })
        expect(info.headerCompression).toBe('zstd')
        expect(info.dataCompression).toBe('zstd')
        expect([...info.manifest.keys()]).toEqual([
          'data/0000/zstd-payload.bin',
          'header.tar.zst',
          'version'
        ])
        expect((await readFile(out)).length).toBeLessThan(20_000)
      }
    )
  }
)
