import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { stringify } from 'yaml'
import {
  DEVICE_SERVICE_DEFAULTS,
  RealDevice,
  runnableImage,
  describeOnRealDevice
} from '../helpers/real-device.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { mulberry32 } from '../helpers/seeded.js'
import { tempDir } from '../helpers/tmp.js'
import { Pusher } from '../oci/fixtures.js'
import { ModuleDevice } from './app-module-device.js'
import { appModuleInstall } from './module-steps.js'

/**
 * bench/e2e's reference (reference.sh: app-gen's OCI deep delta, scripted
 * without a daemon) is an artifact a device installs: v1 in full, then v2 as
 * the reference's layer deltas, through the real Mender client and this
 * project's `app` module (which reads the archived module's layout), and
 * through the archived module's own install steps (module-steps.ts).
 */

const run = promisify(execFile)
const SCRIPT = resolve('bench/e2e/reference.sh')

function seeded(seed: number, size: number): Buffer {
  const r = mulberry32(seed)
  return Buffer.from(Array.from({ length: size }, () => Math.floor(r() * 256)))
}

const data = seeded(1, 192 << 10)
const edited = Buffer.concat([data.subarray(0, 70_000), Buffer.from('v2'), data.subarray(70_000)])

describeOnRealDevice("bench/e2e's reference artifact on a real device", () => {
  let work: string
  let registry: RunningRegistry | undefined
  const artifacts: Record<string, string> = {}
  let host: string
  const ref = (image: string) => `${host}/shop/${image}`

  /** A manifests folder: compose.yaml of the three services, runnable here. */
  async function manifests(release: string, tags: Record<string, string>): Promise<string> {
    const dir = join(work, release)
    await mkdir(dir, { recursive: true })
    const services = Object.fromEntries(
      Object.entries(tags).map(([svc, tag]) => [
        svc,
        // sleep as PID 1 ignores SIGTERM: a short grace period keeps the update quick
        { ...DEVICE_SERVICE_DEFAULTS, image: ref(`${svc}:${tag}`), stop_grace_period: '1s' }
      ])
    )
    await writeFile(join(dir, 'compose.yaml'), stringify({ services }))
    return dir
  }

  async function reference(release: string, dir: string, images: string[]): Promise<string> {
    const out = join(work, `${release}.mender`)
    await run(
      'sh',
      [
        SCRIPT,
        '--artifact-name',
        `shop-${release}`,
        '--device-type',
        'dev',
        '--output-path',
        out,
        '--application-name',
        'shop',
        '--manifests-dir',
        dir,
        '--platform',
        'linux/amd64',
        '--workdir',
        join(work, 'ref'),
        '--src-tls-verify=false',
        ...images.flatMap((i) => ['--image', i])
      ],
      { maxBuffer: 16 << 20 }
    )
    return out
  }

  /** The image.img of `reference` in `artifact`, unpacked into `dir`. */
  async function unpackedImage(artifact: string, reference: string, dir: string): Promise<string> {
    await mkdir(join(dir, 'img'), { recursive: true })
    await run('tar', ['-xf', artifact, '-C', dir])
    await run('tar', ['-xf', join(dir, 'data', '0000.tar'), '-C', dir])
    await run('tar', ['-xzf', join(dir, 'images.tar.gz'), '-C', dir])
    for (const id of await readdir(join(dir, 'images'))) {
      const url = await readFile(join(dir, 'images', id, 'url-new.txt'), 'utf8')
      if (url.trim() !== reference) continue
      await run('tar', ['-xf', join(dir, 'images', id, 'image.img'), '-C', join(dir, 'img')])
      return join(dir, 'img')
    }
    throw new Error(`${artifact}: no image ${reference}`)
  }

  beforeAll(async () => {
    work = await tempDir()
    registry = await startRegistry(work)
    host = registry.host
    const push = new Pusher(registry.url)
    const image = async (name: string, tag: string, layers: Record<string, Buffer | string>[]) =>
      push.image(`shop/${name}`, tag, await runnableImage(layers))
    await image('web', '1', [{ 'app/v': 'web-1\n', 'app/d': data }])
    await image('web', '2', [{ 'app/v': 'web-2\n', 'app/d': edited }])
    await image('api', '1', [{ 'app/v': 'api-1\n' }])
    // one layer more than v1: it ships whole, the others as deltas
    await image('api', '2', [{ 'app/v': 'api-2\n' }, { 'app/extra': seeded(2, 4096) }])
    await image('db', '1', [{ 'app/v': 'db-1\n' }])
    const v1 = await manifests('v1', { web: '1', api: '1', db: '1' })
    const v2 = await manifests('v2', { web: '2', api: '2', db: '1' })
    artifacts.v1 = await reference('v1', v1, [ref('web:1'), ref('api:1'), ref('db:1')])
    // db is the same in both releases: an app-gen user leaves it out (listed, it would ship whole)
    artifacts.v2 = await reference('v2', v2, [
      `${ref('web:1')},${ref('web:2')}`,
      `${ref('api:1')},${ref('api:2')}`
    ])
    // from here the device can only have what the artifacts carry
    await registry.stop()
    registry = undefined
  }, 60_000)
  afterAll(async () => registry?.stop())

  it('holds the archived deep-delta layout: .vcdiff and .source per paired layer, the extra layer whole', async () => {
    const x = join(work, 'unpacked')
    await mkdir(x)
    await run('tar', ['-xf', artifacts.v2!, '-C', x])
    await run('tar', ['-xf', join(x, 'data', '0000.tar'), '-C', x])
    const list = (await run('tar', ['-tzf', join(x, 'images.tar.gz')])).stdout
    const dirs = list.split('\n').filter((l) => /^images\/[0-9a-f]{64}\/$/.test(l))
    expect(dirs).toHaveLength(2)
    for (const d of dirs)
      for (const f of ['url-new.txt', 'url-current.txt', 'sums-new.txt', 'sums-current.txt'])
        expect(list).toContain(`${d}${f}`)
    expect(list.match(/deep_delta/g)).toHaveLength(2)
    await run('tar', ['-xzf', join(x, 'images.tar.gz'), '-C', x])
    const members = await Promise.all(
      dirs.map(async (d) => (await run('tar', ['-tf', join(x, d, 'image.img')])).stdout)
    )
    const all = members.join('\n')
    // web: busybox + app layer paired; api: the same two, its third layer whole
    expect(all.match(/\.vcdiff$/gm)).toHaveLength(4)
    expect(all.match(/\.source$/gm)).toHaveLength(4)
    for (const f of ['manifest.json', 'index.json', 'oci-layout', 'repositories'])
      expect(members.every((m) => m.includes(`./${f}`))).toBe(true)
  })

  it('installs v1 in full, then v2 from its layer deltas, and v2 runs', async () => {
    const d = await ModuleDevice.start('classic')
    try {
      const r1 = await d.install(artifacts.v1!)
      expect(r1.stderr).toContain('full image')
      expect(await d.contents('shop')).toEqual({ web: 'web-1', api: 'api-1', db: 'db-1' })
      await d.commit()
      const r2 = await d.install(artifacts.v2!)
      expect(r2.stderr.match(/layer deltas against/g)).toHaveLength(2)
      expect(await d.contents('shop')).toEqual({ web: 'web-2', api: 'api-2', db: 'db-1' })
      // web's edited file, as decoded from the delta
      const sum = await d.device.dockerOk([
        'exec',
        'shop-web-1',
        '/bin/busybox',
        'sha256sum',
        '/app/d'
      ])
      expect(sum.split(' ')[0]).toBe(createHash('sha256').update(edited).digest('hex'))
      await d.commit()
      expect((await d.client.showProvides())['rootfs-image.shop.version']).toBe('shop-v2')
    } finally {
      await d.stop()
    }
  }, 120_000)

  it("installs with the archived module's steps too, and its full export is Docker's own docker image save", async () => {
    const d = await RealDevice.start('classic')
    try {
      const dir = await tempDir()
      const contents = async () =>
        Object.fromEntries(
          await Promise.all(
            (await d.running('shop')).map(async (c) => [
              c.replace(/^shop-(\w+)-1$/, '$1'),
              (await d.readInContainer(c, '/app/v')).trim()
            ])
          )
        )
      await appModuleInstall(d, artifacts.v1!, 'shop', dir)
      expect(await contents()).toEqual({ web: 'web-1', api: 'api-1', db: 'db-1' })
      // the reference's export of web:1 is what Docker 26 itself saves: the same index,
      // manifest.json, repositories and blobs (Docker adds its legacy per-layer configs)
      const ours = await unpackedImage(artifacts.v1!, ref('web:1'), join(dir, 'ref-web'))
      const saved = join(dir, 'saved')
      await mkdir(saved)
      await d.dockerOk(['image', 'save', '-o', `${saved}.tar`, ref('web:1')])
      await run('tar', ['-xf', `${saved}.tar`, '-C', saved])
      for (const f of ['index.json', 'manifest.json', 'repositories', 'oci-layout'])
        expect(await readFile(join(ours, f), 'utf8'), f).toBe(
          await readFile(join(saved, f), 'utf8')
        )
      for (const blob of await readdir(join(ours, 'blobs', 'sha256')))
        expect(
          (await readFile(join(ours, 'blobs', 'sha256', blob))).equals(
            await readFile(join(saved, 'blobs', 'sha256', blob))
          ),
          blob
        ).toBe(true)
      const { decoded } = await appModuleInstall(d, artifacts.v2!, 'shop', dir)
      expect(decoded).toBe(4)
      expect(await contents()).toEqual({ web: 'web-2', api: 'api-2', db: 'db-1' })
    } finally {
      await d.stop()
    }
  }, 120_000)
})
