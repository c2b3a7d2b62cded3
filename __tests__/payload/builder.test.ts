import { join } from 'node:path'
import { readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { gzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import { deltaEngine, type DeltaEngine } from '../../src/delta/engine.js'
import { imagesValue, softwareProvides } from '../../src/payload/index.js'
import { repoTag } from '../../src/payload/image-archive.js'
import { LayerCache } from '../../src/payload/layers.js'
import { UserError } from '../../src/util/errors.js'
import { tempDir } from '../helpers/tmp.js'
import { appPayload } from '../device/harness.js'
import { content, OciLayout } from '../device/oci-fixtures.js'

describe('payload builder checks', () => {
  const images = async (root: string) => {
    const layout = new OciLayout(join(root, 'layout'))
    const v1 = await layout.image('r.example/web:1', [{ 'a/x': content('x', 50_000) }])
    const v2 = await layout.image('r.example/web:2', [
      { 'a/x': content('x', 50_000).toString() + 'tail' }
    ])
    return { layout, v1, v2 }
  }

  it('refuses to package a delta that decodes to the wrong bytes', async () => {
    const root = await tempDir()
    const { layout, v1, v2 } = await images(root)
    const real = deltaEngine()
    // a broken encoder: it encodes the source instead of the target
    const wrong: DeltaEngine = {
      encode: (j) => real.encode({ ...j, targetPath: j.sourcePath }),
      decode: real.decode
    }
    const err = await appPayload(
      root,
      layout,
      { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
      { store: 'classic', engine: wrong }
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toMatch(
      /web:2 layer 0: the delta decodes to sha256:\w+, expected sha256:/
    )
  })

  it('a delta depends on its base images whether or not the base has a known name', async () => {
    const root = await tempDir()
    const { layout, v1, v2 } = await images(root)
    const key = 'rootfs-image.myapp.images'
    const first = await appPayload(
      root,
      layout,
      { name: 'r1', services: [{ name: 'web', next: v1 }] },
      { store: 'classic' }
    )
    expect(first.provides[key]).toBe(imagesValue([v1.configDigest]))
    expect(first.depends).toEqual({})
    const delta = (opts: { previousVersion?: string; previousImages?: string | false }) =>
      appPayload(
        root,
        layout,
        { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
        { store: 'classic', engine: deltaEngine(), ...opts }
      )
    // no name known (e.g. --previous-compose): the base's images alone
    expect((await delta({})).depends).toEqual({ [key]: first.provides[key] })
    // a recorded value wins over the one computed from the current images
    expect((await delta({ previousImages: 'sha256:' + 'c'.repeat(64) })).depends).toEqual({
      [key]: 'sha256:' + 'c'.repeat(64)
    })
    // a base whose record predates the images key: its version alone
    expect((await delta({ previousVersion: 'r1', previousImages: false })).depends).toEqual({
      'rootfs-image.myapp.version': 'r1'
    })
  })

  it('refuses a delta our decoder cannot read', async () => {
    const root = await tempDir()
    const { layout, v1, v2 } = await images(root)
    const real = deltaEngine()
    const truncated: DeltaEngine = {
      async encode(j) {
        await real.encode(j)
        const bytes = await readFile(j.outputPath)
        await writeFile(j.outputPath, bytes.subarray(0, bytes.length - 7))
        return { size: bytes.length - 7 }
      },
      decode: real.decode
    }
    await expect(
      appPayload(
        root,
        layout,
        { name: 'r2', services: [{ name: 'web', next: v2, current: v1 }] },
        { store: 'classic', engine: truncated }
      )
    ).rejects.toThrow(/layer 0: the delta does not decode/)
  })

  it('checks decompressed layers against the config diff IDs', async () => {
    const root = await tempDir()
    const layout = new OciLayout(join(root, 'layout'))
    const digest = await layout.put(gzipSync(Buffer.from('not the layer')))
    const cache = new LayerCache(join(root, 'cache'), layout)
    const layer = { digest, size: 1, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }
    await expect(cache.uncompressed(layer, `sha256:${'0'.repeat(64)}`)).rejects.toThrow(
      /decompresses to sha256:\w+, but the image config says sha256:0+/
    )
  })

  it('names repositories and tags as docker save does', () => {
    expect(repoTag('docker.io/library/nginx:1.27')).toEqual({ repository: 'nginx', tag: '1.27' })
    expect(repoTag('docker.io/me/app:v2')).toEqual({ repository: 'me/app', tag: 'v2' })
    expect(repoTag('localhost:5000/a/b:t')).toEqual({ repository: 'localhost:5000/a/b', tag: 't' })
    expect(repoTag('localhost:5000/a/b')).toEqual({
      repository: 'localhost:5000/a/b',
      tag: 'latest'
    })
    expect(repoTag('nginx')).toEqual({ repository: 'nginx', tag: 'latest' })
    expect(repoTag(`ghcr.io/x/y@sha256:${'a'.repeat(64)}`)).toEqual({ repository: 'ghcr.io/x/y' })
  })

  it('provides one version key per app and clears exactly that app', () => {
    expect(softwareProvides({ name: 'myapp', version: 'v2' })).toEqual({
      provides: { 'rootfs-image.myapp.version': 'v2' },
      clearsProvides: ['rootfs-image.myapp.*'],
      versionKey: 'rootfs-image.myapp.version',
      imagesKey: 'rootfs-image.myapp.images'
    })
    const a = 'a'.repeat(64)
    const b = 'b'.repeat(64)
    // sorted, distinct, with or without the sha256: prefix: the same images give the same value
    const value = imagesValue([b, `sha256:${a}`, a])
    expect(value).toBe(imagesValue([a, b]))
    expect(value).toBe(`sha256:${createHash('sha256').update(`${a}\n${b}\n`).digest('hex')}`)
    expect(value).not.toBe(imagesValue([a]))
    expect(
      softwareProvides({ name: 'myapp', version: 'v2', imageIds: [a] }).provides[
        'rootfs-image.myapp.images'
      ]
    ).toBe(imagesValue([a]))
    expect(
      softwareProvides({ name: 'a', version: '1', filesystem: 'data-docker' }).provides
    ).toEqual({
      'data-docker.a.version': '1'
    })
  })
})
