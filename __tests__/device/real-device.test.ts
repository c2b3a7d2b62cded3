import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { stringify } from 'yaml'
import {
  DEVICE_SERVICE_DEFAULTS,
  MenderClient,
  RECORDING_APP_MODULE,
  RealDevice,
  describeOnRealDevice,
  runnableImage,
  type ImageStore
} from '../helpers/real-device.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { Pusher } from '../oci/fixtures.js'

// The harness itself on the real engine: an image pulled from the test
// registry runs under compose on both stores, and the Mender client runs the
// module under test of its own data folder through the dispatcher.
describeOnRealDevice('real device harness', () => {
  let work: string
  let registry: RunningRegistry
  let ref: string

  beforeAll(async () => {
    work = await tempDir()
    registry = await startRegistry(work)
    const img = await runnableImage([{ 'app/v': 'release-1\n' }])
    await new Pusher(registry.url).image('demo/app', 'v1', img)
    ref = `${registry.host}/demo/app:v1`
  })
  afterAll(async () => registry?.stop())

  for (const store of ['classic', 'containerd'] as ImageStore[]) {
    it(`runs a composition from the registry (${store} store)`, async () => {
      const device = await RealDevice.start(store)
      try {
        const driver = (await device.dockerOk(['info', '--format', '{{.Driver}}'])).trim()
        expect(driver).toBe(store === 'classic' ? 'overlay2' : 'overlayfs')
        await device.dockerOk(['pull', ref])
        const project = join(device.dir, 'project')
        await device.run('mkdir', ['-p', project])
        await writeFile(
          join(project, 'compose.yaml'),
          stringify({ services: { web: { image: ref, ...DEVICE_SERVICE_DEFAULTS } } })
        )
        await device.dockerOk(['compose', '--project-name', 'demo', 'up', '-d', '--wait'], {
          cwd: project
        })
        expect(await device.running('demo')).toEqual(['demo-web-1'])
        expect(await device.readInContainer('demo-web-1', '/app/v')).toBe('release-1\n')
      } finally {
        await device.stop()
      }
    })
  }

  it('the Mender client runs the per-device module and checks depends', async () => {
    const dir = await tempDir('mcd-client-')
    const client = await MenderClient.create({
      dir,
      deviceType: 'dev',
      appModule: RECORDING_APP_MODULE
    })
    const meta = join(dir, 'meta.json')
    await writeFile(meta, '{}')
    const payload = join(dir, 'f.txt')
    await writeFile(payload, 'x')
    const art = (name: string, extra: string[] = []) => {
      const out = join(dir, `${name}.mender`)
      execFileSync('mender-artifact', [
        'write',
        'module-image',
        '-T',
        'app',
        '-n',
        name,
        '-t',
        'dev',
        '-f',
        payload,
        '-m',
        meta,
        '-o',
        out,
        ...extra
      ])
      return out
    }
    const r1 = await client.install(art('one'))
    expect(r1.code, r1.stderr).toBe(0)
    expect((await client.commit()).code).toBe(0)
    expect((await client.showProvides()).artifact_name).toBe('one')
    const log = await readFile(join(client.datadir, 'app-module.log'), 'utf8')
    expect(log).toContain('ArtifactInstall')
    expect(log).toContain('ArtifactCommit')

    // depends on a version the device does not run: refused before any module runs
    const before = log.length
    const r2 = await client.install(
      art('two', ['--depends', 'data-docker.app.version:nothing-like-this'])
    )
    expect(r2.code).not.toBe(0)
    expect(r2.stderr + r2.stdout).toMatch(/depend/i)
    const after = await readFile(join(client.datadir, 'app-module.log'), 'utf8')
    expect(after.slice(before)).not.toContain('ArtifactInstall')
    expect((await client.showProvides()).artifact_name).toBe('one')
  })
})
