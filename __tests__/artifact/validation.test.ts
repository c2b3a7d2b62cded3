import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeArtifact, type ModuleImageOptions } from '../../src/artifact/index.js'
import { UserError } from '../../src/util/errors.js'
import { tempDir } from '../helpers/tmp.js'
import { HAS_ZSTD } from './real-tool.js'

describe('writer validation and atomic output', () => {
  let dir: string
  let out: string
  let file: string
  const base = (): ModuleImageOptions => ({
    type: 'app',
    name: 'a1',
    deviceTypes: ['d'],
    files: [file]
  })
  beforeAll(async () => {
    dir = await tempDir('mc-artifact-validate-')
    out = join(dir, 'out')
    await mkdir(out)
    file = join(dir, 'payload.bin')
    await writeFile(file, 'data')
  })

  const cases: [string, (o: ModuleImageOptions) => ModuleImageOptions, RegExp][] = [
    ['missing type', (o) => ({ ...o, type: '' }), /payload type \(-T\) is required/],
    ['missing name', (o) => ({ ...o, name: '' }), /artifact name \(-n\) is required/],
    ['no device type', (o) => ({ ...o, deviceTypes: [] }), /at least one device type \(-t\)/],
    [
      'name too long',
      (o) => ({ ...o, name: 'x'.repeat(257) }),
      /artifact name \(-n\).*longer than 256/
    ],
    [
      'non-printable device type',
      (o) => ({ ...o, deviceTypes: ['a\tb'] }),
      /device type \(-t\).*non-printable/
    ],
    [
      'non-printable group',
      (o) => ({ ...o, providesGroup: 'g\n' }),
      /provides group \(-g\).*non-printable/
    ],
    [
      'bad depends group',
      (o) => ({ ...o, dependsGroups: ['x'.repeat(300)] }),
      /depends group \(-G\)/
    ],
    [
      'bad name depends',
      (o) => ({ ...o, artifactNameDepends: ['\u0000'] }),
      /artifact name depends \(-N\)/
    ],
    [
      'payload name characters',
      (o) => ({ ...o, files: [join(dir, 'bad name.bin')] }),
      /payload file \(-f\).*forbidden characters/
    ],
    [
      'payload name too long',
      (o) => ({ ...o, files: [join(dir, `${'n'.repeat(91)}`)] }),
      /name "n{91}" is too long \(91 characters\)/
    ],
    [
      'duplicate payload names',
      (o) => ({ ...o, files: [file, join(dir, 'sub', 'payload.bin')] }),
      /already in the payload/
    ],
    [
      'meta-data not an object',
      (o) => ({ ...o, metaData: [1, 2] as unknown as Record<string, unknown> }),
      /meta-data \(-m\) must be a JSON object/
    ],
    [
      'provides value not a string',
      (o) => ({ ...o, provides: { k: 1 as unknown as string } }),
      /provides \(-p\) "k" must be a string/
    ],
    [
      'depends value not a string',
      (o) => ({ ...o, depends: { k: { a: 1 } as unknown as string } }),
      /depends \(-d\) "k" must be a string or a list/
    ],
    [
      'bad script name',
      (o) => ({ ...o, scripts: [join(dir, 'Download_Enter_05')] }),
      /invalid state script name "Download_Enter_05"/
    ],
    [
      'missing payload file',
      (o) => ({ ...o, files: [join(dir, 'nope.bin')] }),
      /payload file \(-f\) .*nope\.bin: cannot read it/
    ],
    ['payload is a directory', (o) => ({ ...o, files: [out] }), /not a regular file/],
    [
      'missing key',
      (o) => ({ ...o, signingKey: { path: join(dir, 'no.key') } }),
      /cannot read signing key/
    ],
    ['key not PEM', (o) => ({ ...o, signingKey: { pem: 'garbage' } }), /not a PEM private key/],
    ['lzma', (o) => ({ ...o, compression: 'lzma' }), /lzma.*not supported/]
  ]
  for (const [label, change, message] of cases)
    it(`rejects ${label} and writes nothing`, async () => {
      const target = join(out, `${label.replace(/\W+/g, '-')}.mender`)
      const err = await writeArtifact(change(base()), target).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(UserError)
      expect((err as Error).message).toMatch(message)
      expect(await readdir(out)).toEqual([])
    })

  it('rejects an unsupported ECDSA curve', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
    const pem = privateKey.export({ format: 'pem', type: 'sec1' }).toString()
    await expect(
      writeArtifact({ ...base(), signingKey: { pem } }, join(out, 'k.mender'))
    ).rejects.toThrow(/only P-256/)
    expect(await readdir(out)).toEqual([])
  })

  it('a failure while streaming the payload leaves no output and no temp file', async () => {
    // /proc files stat as empty regular files but yield bytes: the size check fails mid-stream
    const target = join(out, 'midway.mender')
    await expect(
      writeArtifact({ ...base(), files: [file, '/proc/self/status'] }, target)
    ).rejects.toThrow(/changed size while the artifact was written/)
    expect(await readdir(out)).toEqual([])
  })

  it.runIf(!HAS_ZSTD)(
    'zstd on a Node without it is a clear UserError, before any output',
    async () => {
      await expect(
        writeArtifact({ ...base(), compression: 'zstd' }, join(out, 'z.mender'))
      ).rejects.toThrow(/zstd needs Node\.js 22\.15/)
      expect(await readdir(out)).toEqual([])
    }
  )
})
