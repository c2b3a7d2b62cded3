import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { pullToStore } from '../../src/oci/index.js'
import { deltaEngine } from '../../src/delta/engine.js'
import { buildAppPayload, payloadImageFromStore } from '../../src/payload/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { Device } from './device.js'
import { composeProject } from './harness.js'
import { content } from './oci-fixtures.js'

const run = promisify(execFile)

describeWithTools(['umoci', 'xdelta3', 'skopeo'], 'images built by umoci (spec §3.3)', () => {
  it('a v1 → v2 release of umoci-built images installs on both device stores', async () => {
    const root = await tempDir()
    const layout = join(root, 'layout')
    await run('umoci', ['init', '--layout', layout])
    await run('umoci', ['new', '--image', `${layout}:v1`])
    await run('umoci', ['unpack', '--rootless', '--image', `${layout}:v1`, join(root, 'b1')])
    await mkdir(join(root, 'b1', 'rootfs', 'app'), { recursive: true })
    await writeFile(join(root, 'b1', 'rootfs', 'app', 'blob.bin'), content('blob', 400_000))
    await writeFile(join(root, 'b1', 'rootfs', 'app', 'version.txt'), 'hello v1\n')
    await run('umoci', ['repack', '--image', `${layout}:v1`, join(root, 'b1')])
    await run('umoci', ['unpack', '--rootless', '--image', `${layout}:v1`, join(root, 'b2')])
    const changed = Buffer.from(content('blob', 400_000))
    changed.write('XX', 200_000)
    await writeFile(join(root, 'b2', 'rootfs', 'app', 'blob.bin'), changed)
    await writeFile(join(root, 'b2', 'rootfs', 'app', 'version.txt'), 'hello v2\n')
    await run('umoci', ['repack', '--image', `${layout}:v2`, join(root, 'b2')])
    for (const tag of ['v1', 'v2'])
      await run('umoci', [
        'config',
        '--image',
        `${layout}:${tag}`,
        '--architecture',
        'amd64',
        '--os',
        'linux'
      ])
    await run('umoci', ['gc', '--layout', layout])

    const storeDir = join(root, 'store')
    const pull = (tag: string, reference: string) =>
      pullToStore(`oci:${layout}:${tag}`, 'linux/amd64', { storeDir }, async (pulled, store) => ({
        image: await payloadImageFromStore(pulled.resolved, store, reference),
        store
      }))
    const v1 = await pull('v1', 'registry.example.com/umoci:1')
    const v2 = await pull('v2', 'registry.example.com/umoci:2')
    expect(v2.image.layers.length).toBe(2)
    const project = await composeProject(join(root, 'p'), { app: v2.image.reference })
    for (const store of ['classic', 'containerd'] as const) {
      const outDir = join(root, `out-${store}`)
      await mkdir(outDir)
      const payload = await buildAppPayload({
        applicationName: 'umoci',
        platform: 'linux/amd64',
        artifactName: 'u2',
        // preloaded below as pulled: a containerd store holds it as the registry serves it
        services: [{ name: 'app', next: v2.image, current: { ...v1.image, held: 'registry' } }],
        projectDirectory: project,
        composeFiles: ['docker-compose.yml'],
        deviceStore: store,
        blobs: v2.store,
        engine: deltaEngine(),
        outDir,
        workDir: join(root, `work-${store}`),
        log: new MemoryLogger()
      })
      // umoci's v2 layer holds the whole changed file: the delta against v1's layer is small
      const top = payload.images[0]!.layers[1]!
      expect([top.choice, top.source]).toEqual(['delta', 0])
      expect(top.shippedSize).toBeLessThan(top.fullSize / 20)
      const device = new Device(root, store)
      await device.preload(v1.image, v2.store)
      await device.installApp({ images: payload.files[0]!, manifests: payload.files[1]! })
    }
  })
})
