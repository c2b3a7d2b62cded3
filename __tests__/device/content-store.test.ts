import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { pullToStore } from '../../src/oci/index.js'
import type { ContentStore } from '../../src/oci/store.js'
import { deltaEngine } from '../../src/delta/engine.js'
import { buildAppPayload, payloadImageFromStore } from '../../src/payload/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { Device } from './device.js'
import { composeProject, writeAndValidate } from './harness.js'
import { content, OciLayout } from './oci-fixtures.js'

describeWithTools(
  ['xdelta3', 'skopeo', 'mender-artifact'],
  'payload from the content store',
  () => {
    it('pulls two releases from an oci: layout into the store and installs the deep delta', async () => {
      const root = await tempDir()
      const layout = new OciLayout(join(root, 'layout'))
      const base = { 'usr/lib/libc.so': content('libc', 150_000) }
      const v1 = await layout.image('x', [base, { 'app/main.js': content('m', 60_000) }])
      const v2 = await layout.image('x', [
        base,
        { 'app/main.js': content('m', 60_000).toString() + '//2' }
      ])
      await layout.tag({ v1, v2 })
      const storeDir = join(root, 'store')
      const pull = (tag: string, reference: string) =>
        pullToStore(`oci:${layout.dir}:${tag}`, 'linux/amd64', { storeDir }, (pulled, s) =>
          payloadImageFromStore(pulled.resolved, s, reference).then((image) => ({ image, s }))
        )
      const cur = await pull('v1', 'registry.example.com/web:1')
      const next = await pull('v2', 'registry.example.com/web:2')
      expect(next.image.manifestDigest).toBe(v2.manifestDigest)
      expect(next.image.diffIds).toEqual(v2.diffIds)
      const store: ContentStore = next.s
      const device = new Device(root, 'classic')
      await device.preload(cur.image, store)
      const project = await composeProject(join(root, 'p'), { web: 'registry.example.com/web:2' })
      await mkdir(join(root, 'out'))
      const payload = await buildAppPayload({
        applicationName: 'shop',
        platform: 'linux/amd64',
        artifactName: 'shop-2',
        softwareFilesystem: 'data-docker',
        previousVersion: 'shop-1',
        services: [{ name: 'web', next: next.image, current: cur.image }],
        projectDirectory: project,
        composeFiles: ['docker-compose.yml'],
        blobs: store,
        engine: deltaEngine(),
        outDir: join(root, 'out'),
        workDir: join(root, 'work'),
        log: new MemoryLogger()
      })
      expect(payload.images[0]!.layers.map((l) => l.choice)).toEqual(['reused', 'delta'])
      await device.installApp({ images: payload.files[0]!, manifests: payload.files[1]! })
      const read = await writeAndValidate(root, payload, 'shop-2')
      expect(read).toContain('data-docker.shop.version: shop-2')
      expect(read).toContain('data-docker.shop.*')
      expect(read).toContain('data-docker.shop.version: shop-1')
    })
  }
)
