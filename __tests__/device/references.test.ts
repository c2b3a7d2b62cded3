import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { UserError } from '../../src/util/errors.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { Device } from './device.js'
import { appPayload, composePayload } from './harness.js'
import { content, OciLayout, type Files } from './oci-fixtures.js'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)
const files = (v: string): Files => ({ 'srv/app.js': content('app', 60_000).toString() + v })

describeWithTools(['xdelta3', 'skopeo'], 'image references the device must resolve', () => {
  it('refuses digest references, naming the service and what to write instead', async () => {
    const root = await tempDir()
    const layout = new OciLayout(join(root, 'layout'))
    const tagged = await layout.image('r.example/web:1', [files('1')])
    for (const reference of [
      `r.example/web@${tagged.manifestDigest}`,
      `r.example/web:1@${tagged.manifestDigest}`
    ]) {
      const next = { ...tagged, reference }
      const err = await appPayload(
        root,
        layout,
        { name: 'r1', services: [{ name: 'web', next }] },
        { store: 'classic' }
      ).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(UserError)
      expect((err as UserError).message).toContain(`service "web": image "${reference}"`)
      expect((err as UserError).message).toMatch(/records tags only, never digests/)
      expect((err as UserError).hint).toMatch(/release tag/)
      await expect(composePayload(root, layout, [next])).rejects.toThrow(
        new RegExp(`image "${reference.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is pinned`)
      )
    }
  })

  it('the shipped compose file names each image by the tag docker load gives it, whatever the repository wrote', async () => {
    const root = await tempDir()
    const layout = new OciLayout(join(root, 'layout'))
    const v1 = await layout.image('r.example/web:1', [files('1')])
    const build = (composeImage: string) =>
      appPayload(
        root,
        layout,
        { name: 'r1', services: [{ name: 'web', next: v1 }] },
        { store: 'classic', composeImages: { web: composeImage } }
      )
    // a digest in the repository's file would not resolve after docker load (compose would
    // pull); the shipped image is the tagged one, and the shipped compose.yaml names that
    for (const written of [
      `r.example/web@${v1.manifestDigest}`,
      `r.example/web:1@${v1.manifestDigest}`,
      'r.example/web:1'
    ]) {
      const p = await build(written)
      const { stdout } = await run('tar', ['-xzOf', p.files[1]!, 'manifests/compose.yaml'])
      expect(stdout).toContain('image: r.example/web:1\n')
      await new Device(root, 'classic').installApp({ images: p.files[0]!, manifests: p.files[1]! })
    }
  })

  it('no tag means latest: the loaded image answers to the bare name', async () => {
    const root = await tempDir()
    const layout = new OciLayout(join(root, 'layout'))
    const v1 = await layout.image('r.example/web', [files('1')])
    const p = await appPayload(
      root,
      layout,
      { name: 'r1', services: [{ name: 'web', next: v1 }] },
      { store: 'classic' }
    )
    const device = new Device(root, 'classic')
    await device.installApp({ images: p.files[0]!, manifests: p.files[1]! })
    expect(device.lookup('r.example/web:latest')).toBeDefined()
  })

  it('a current image the previous release named by digest is exported by its ID', async () => {
    const root = await tempDir()
    const layout = new OciLayout(join(root, 'layout'))
    const v1 = await layout.image('r.example/web:1', [files('1')])
    const v2 = await layout.image('r.example/web:2', [files('2')])
    // pulled by digest: a containerd store holds it as the registry serves it
    const current = {
      ...v1,
      reference: `r.example/web@${v1.manifestDigest}`,
      held: 'registry' as const
    }
    for (const store of ['classic', 'containerd'] as const) {
      const device = new Device(root, store)
      await device.preload(current, layout)
      const p = await appPayload(
        root,
        layout,
        { name: 'r2', services: [{ name: 'web', next: v2, current }] },
        { store }
      )
      expect(p.images[0]!.mode).toBe('delta')
      const dir = join(root, `x-${store}`)
      await run('mkdir', ['-p', dir])
      await run('tar', ['-xzf', p.files[0]!, '-C', dir])
      const urlCurrent = (
        await readFile(join(dir, 'images', p.images[0]!.id, 'url-current.txt'), 'utf8')
      ).trim()
      expect(urlCurrent).toMatch(/^sha256:[0-9a-f]{64}$/)
      await device.installApp({ images: p.files[0]!, manifests: p.files[1]! })
    }
  })
})
