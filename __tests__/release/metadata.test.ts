import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  embedInMetaData,
  extractFromMetaData,
  META_DATA_KEY,
  metadataToJson,
  parseArtifactMetadata,
  readMetadataFile,
  readMetadataFromArtifact,
  writeMetadataFile,
  type ArtifactMetadata
} from '../../src/release/metadata.js'
import { UserError } from '../../src/util/errors.js'
import { describeWithTools } from '../helpers/tools.js'
import { readArtifact, writeArtifact } from '../../src/artifact/index.js'
import { tempDir } from '../helpers/tmp.js'
import { digest, writeAppArtifact } from './fixtures.js'

const d = digest

export const META: ArtifactMetadata = {
  formatVersion: 1,
  application: 'fleet',
  platform: 'linux/arm64',
  artifactName: 'fleet-1.2.0',
  services: [
    {
      service: 'web',
      reference: 'ghcr.io/acme/web:1.2.0',
      manifestDigest: d('a'),
      configDigest: d('b'),
      diffIds: [d('1'), d('2')]
    },
    {
      service: 'db',
      reference: 'postgres:16.1',
      platform: 'linux/arm/v7',
      manifestDigest: d('c'),
      configDigest: d('e'),
      diffIds: [d('3')]
    }
  ]
}

describe('ArtifactMetadata as a JSON file', () => {
  it('round-trips through a file, services sorted, written atomically', async () => {
    const dir = await tempDir()
    const path = join(dir, 'fleet-1.2.0.mender.json')
    await writeMetadataFile(path, META)
    const text = await readFile(path, 'utf8')
    expect(text).toBe(metadataToJson(META))
    expect(text.indexOf('"db"')).toBeLessThan(text.indexOf('"web"'))
    const back = await readMetadataFile(path)
    expect(back).toEqual({ ...META, services: [META.services[1], META.services[0]] })
  })

  it.each([
    [{ ...META, formatVersion: 2 }, /format version 2/],
    [{ ...META, application: '' }, /no application/],
    [
      { ...META, services: [{ ...META.services[0], manifestDigest: 'sha256:abc' }] },
      /manifestDigest is not a sha256 digest/
    ],
    [{ ...META, services: [{ ...META.services[0], diffIds: ['x'] }] }, /diffIds/],
    [{ ...META, services: [META.services[0], META.services[0]] }, /listed twice/],
    [[1, 2], /not a JSON object/]
  ])('rejects invalid records (%#)', (value, message) => {
    expect(() => parseArtifactMetadata(value, 'x.json')).toThrow(UserError)
    expect(() => parseArtifactMetadata(value, 'x.json')).toThrow(message)
  })

  it('a file that is not JSON names the file', async () => {
    const dir = await tempDir()
    const path = join(dir, 'bad.json')
    await writeFile(path, '{"formatVersion": 1,')
    await expect(readMetadataFile(path)).rejects.toThrow(/bad\.json: not JSON/)
  })
})

describe('ArtifactMetadata inside the artifact meta-data', () => {
  it('is added beside the app update module keys and read back', () => {
    const md = embedInMetaData(
      {
        application_name: 'fleet',
        orchestrator: 'docker-compose',
        platform: 'linux/arm64',
        version: '1.0'
      },
      META
    )
    expect(md.application_name).toBe('fleet')
    expect(extractFromMetaData(md, 'a.mender')?.services.map((s) => s.service)).toEqual([
      'db',
      'web'
    ])
    expect(extractFromMetaData([{}, md], 'a.mender')?.artifactName).toBe('fleet-1.2.0')
  })

  it('an app-gen artifact (no such key) has none', () => {
    expect(extractFromMetaData({ application_name: 'x', images: [] }, 'a.mender')).toBeUndefined()
  })

  it('keeps how a containerd-store device holds each image, and refuses a bad value', () => {
    const held: ArtifactMetadata = {
      ...META,
      services: META.services.map((s) => ({
        ...s,
        deviceLayers: 'uncompressed' as const,
        deviceImageId: d('e')
      }))
    }
    const back = parseArtifactMetadata(JSON.parse(metadataToJson(held)), 'x.json')
    expect(back.services[0]).toMatchObject({ deviceLayers: 'uncompressed', deviceImageId: d('e') })
    // written before the field existed: absent, and read as such
    expect(parseArtifactMetadata(META, 'x.json').services[0]!.deviceLayers).toBeUndefined()
    const bad = { ...META, services: [{ ...META.services[0], deviceLayers: 'gzip' }] }
    expect(() => parseArtifactMetadata(bad, 'x.json')).toThrow(
      /services\[0\]\.deviceLayers is neither uncompressed nor registry/
    )
    const badId = { ...META, services: [{ ...META.services[0], deviceImageId: 'abc' }] }
    expect(() => parseArtifactMetadata(badId, 'x.json')).toThrow(/deviceImageId is not a sha256/)
  })

  it('a tampered record is an error, not silently ignored', () => {
    const md = { [META_DATA_KEY]: { ...META, services: [{ service: 'web' }] } }
    expect(() => extractFromMetaData(md, 'a.mender')).toThrow(
      /a\.mender \(meta-data\).*reference missing/
    )
  })
})

describeWithTools(['mender-artifact'], 'ArtifactMetadata through the real mender-artifact', () => {
  it('survives mender-artifact write (which re-sorts keys) and is read back from the artifact', async () => {
    const out = await writeAppArtifact(await tempDir(), 'fleet-1.2.0', META)
    const back = await readMetadataFromArtifact(out, readArtifact)
    expect(back).toEqual(parseArtifactMetadata(JSON.parse(metadataToJson(META)), 'x'))
  })

  it('our writer carries it with the delta depends; mender-artifact and readArtifact agree', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'images.tar.gz'), 'x')
    const out = join(dir, 'fleet-1.2.0.mender')
    await writeArtifact(
      {
        type: 'app',
        name: 'fleet-1.2.0',
        deviceTypes: ['rpi4'],
        files: [join(dir, 'images.tar.gz')],
        softwareName: 'fleet',
        depends: { 'rootfs-image.fleet.version': 'fleet-1.1.0' },
        metaData: embedInMetaData(
          {
            application_name: 'fleet',
            orchestrator: 'docker-compose',
            platform: 'linux/arm64',
            version: '1.0'
          },
          META
        )
      },
      out
    )
    const info = await readArtifact(out)
    expect(info.depends).toMatchObject({ 'rootfs-image.fleet.version': 'fleet-1.1.0' })
    expect((await readMetadataFromArtifact(out, readArtifact))?.services).toHaveLength(2)
    // The real tool reads the same meta-data and depends back.
    const text = execFileSync('mender-artifact', ['read', out], { encoding: 'utf8' })
    expect(text).toMatch(/rootfs-image\.fleet\.version: fleet-1\.1\.0/)
    expect(text).toContain('mender_compose')
  })

  it('a tampered artifact is refused by the reader, so no base comes from it', async () => {
    const out = await writeAppArtifact(await tempDir(), 'fleet-1.2.0', META)
    const bytes = await readFile(out)
    const at = bytes.indexOf(Buffer.from('header.tar.gz')) + 600
    bytes[at] = (bytes[at] ?? 0) ^ 0xff
    await writeFile(out, bytes)
    await expect(readMetadataFromArtifact(out, readArtifact)).rejects.toThrow(UserError)
  })
})

describe('ArtifactMetadata from the Mender server artifact listing', async () => {
  const { extractFromServerArtifact } = await import('../../src/release/metadata.js')
  it('reads it from updates[].meta_data', () => {
    const md = embedInMetaData({ application_name: 'fleet' }, META)
    const item = {
      id: '0b1c…',
      name: 'fleet-1.2.0',
      updates: [{ type_info: { type: 'app' }, files: [], meta_data: md }]
    }
    expect(extractFromServerArtifact(item)?.artifactName).toBe('fleet-1.2.0')
    expect(extractFromServerArtifact({ name: 'x', updates: [{}] })).toBeUndefined()
    // The OpenAPI types of the Mender GUI describe meta_data as an array of objects.
    const asArray = { name: 'fleet-1.2.0', updates: [{ meta_data: [{ other: 1 }, md] }] }
    expect(extractFromServerArtifact(asArray)?.services).toHaveLength(2)
  })
})

describe('lookup (1): the previous artifact on the Mender server by name and platform', async () => {
  const { menderMetadataLookup } = await import('../../src/release/metadata.js')
  const listed = (platform: string, name = 'fleet-1.1.0') => ({
    name,
    updates: [
      {
        meta_data: embedInMetaData(
          { application_name: 'fleet' },
          { ...META, platform, artifactName: name }
        )
      }
    ]
  })

  it('picks the record of this platform among same-named artifacts, ignoring substring matches', async () => {
    const asked: string[] = []
    const find = async (name: string) => {
      asked.push(name)
      // The v1 list endpoint matches substrings: a longer name comes back too.
      return [
        listed('linux/amd64'),
        listed('linux/arm64', 'fleet-1.1.0-hotfix'),
        listed('linux/arm64')
      ]
    }
    const meta = await menderMetadataLookup(find, 'fleet-1.1.0', 'linux/arm64')()
    expect(asked).toEqual(['fleet-1.1.0'])
    expect(meta).toMatchObject({ platform: 'linux/arm64', artifactName: 'fleet-1.1.0' })
    expect(await menderMetadataLookup(find, 'fleet-1.1.0', 'linux/arm/v7')()).toBeUndefined()
  })

  it('an app-gen artifact of that name has no record: undefined, so the chain moves on', async () => {
    const find = async () => [
      { name: 'fleet-1.1.0', updates: [{ meta_data: { application_name: 'fleet' } }] }
    ]
    expect(await menderMetadataLookup(find, 'fleet-1.1.0', 'linux/arm64')()).toBeUndefined()
  })
})
