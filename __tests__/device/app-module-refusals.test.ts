import { execFile } from 'node:child_process'
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { extractPayloads } from '../../src/artifact/index.js'
import {
  COMPOSE_BIN,
  COMPOSE_PLUGIN_DIR,
  ENGINE_PATH,
  describeOnRealDevice,
  runnableImage,
  type RunnableImage
} from '../helpers/real-device.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { Pusher } from '../oci/fixtures.js'
import { ModuleDevice, buildRelease, composeProject } from './app-module-device.js'

const run = promisify(execFile)

/** Each running container of the project with its ID and start time: changes if anything was stopped. */
async function containerStates(d: ModuleDevice): Promise<string[]> {
  const names = await d.device.running('shop')
  const out = await d.device.dockerOk([
    'inspect',
    '-f',
    '{{.Name}} {{.Id}} {{.State.StartedAt}}',
    ...names
  ])
  return out.split('\n').filter(Boolean).sort()
}

/**
 * The artifact written again by mender-artifact with the same payload and
 * meta-data but no depends, after `mutate` changes the unpacked
 * images.tar.gz: what reaches the module when the client's checks do not
 * stop it (an artifact built by another tool, or a device whose provides do
 * not tell), so the module is the last line of defence.
 */
async function rewritten(
  art: string,
  name: string,
  mutate: (imagesTree: string, scratch: string) => Promise<void> = async () => undefined
): Promise<string> {
  const dir = await tempDir()
  const files = join(dir, 'files')
  const info = await extractPayloads(art, files)
  const tree = join(dir, 'tree')
  await mkdir(tree, { recursive: true })
  await run('tar', ['-xzf', join(files, 'images.tar.gz'), '-C', tree])
  await mutate(tree, dir)
  await run('tar', ['-czf', join(files, 'images.tar.gz'), '-C', tree, 'images'])
  const meta = join(dir, 'meta.json')
  await writeFile(meta, JSON.stringify(info.metaData))
  const out = join(dir, `${name}.mender`)
  await run('mender-artifact', [
    'write',
    'module-image',
    '-T',
    'app',
    '-n',
    name,
    '-t',
    'dev',
    '-f',
    join(files, 'images.tar.gz'),
    '-f',
    join(files, 'manifests.tar.gz'),
    '-m',
    meta,
    '--software-name',
    'shop',
    '--software-filesystem',
    'data-docker',
    '-o',
    out
  ])
  return out
}

/**
 * v2 with web's changed layer replaced by a delta that xdelta3 decodes
 * without complaint (no checksum: `-n`) to one flipped byte: what a broken
 * encoder or a corrupted transfer the checksums missed would give.
 */
function corruptedRelease(art: string, web1: RunnableImage, web2: RunnableImage): Promise<string> {
  return rewritten(art, 'shop-2-corrupt', async (tree, dir) => {
    const changed = web2.layers.at(-1)!
    const hex = changed.diffId.replace('sha256:', '')
    let patched = 0
    for (const id of await readdir(join(tree, 'images'))) {
      const img = join(tree, 'images', id, 'image.img')
      const unpacked = join(dir, `img-${id}`)
      await mkdir(unpacked, { recursive: true })
      await run('tar', ['-xf', img, '-C', unpacked])
      const members = await readdir(join(unpacked, 'blobs', 'sha256'))
      if (!members.includes(`${hex}.vcdiff`)) continue
      const source = join(dir, 'source.tar')
      const target = join(dir, 'target.tar')
      await writeFile(source, web1.layers.at(-1)!.tar)
      const bad = Buffer.from(changed.tar)
      bad[600] = bad[600]! ^ 0xff
      await writeFile(target, bad)
      const vcdiff = join(unpacked, 'blobs', 'sha256', `${hex}.vcdiff`)
      await run('xdelta3', ['-e', '-n', '-f', '-S', 'none', '-s', source, target, vcdiff])
      await run('tar', ['-cf', img, '-C', unpacked, '.'])
      patched++
    }
    expect(patched).toBe(1)
  })
}

describeOnRealDevice('the app Update Module refuses bad deltas and takes any Compose', () => {
  let work: string
  let registry: RunningRegistry
  const arts: Record<string, string> = {}
  const v1 = { web: 'web-1', api: 'api-1' }
  const v2 = { web: 'web-2', api: 'api-1' }

  beforeAll(async () => {
    work = await tempDir()
    registry = await startRegistry(work)
    const push = new Pusher(registry.url)
    const r = registry.host
    const web1 = await runnableImage([{ 'app/v': 'web-1\n', 'app/pad': 'x'.repeat(4096) }])
    const web2 = await runnableImage([{ 'app/v': 'web-2\n', 'app/pad': 'x'.repeat(4096) }])
    await push.image('shop/web', '1', web1)
    await push.image('shop/web', '2', web2)
    await push.image('shop/api', '1', await runnableImage([{ 'app/v': 'api-1\n' }]))
    const c1 = await composeProject(work, 'v1', {
      web: { image: `${r}/shop/web:1` },
      api: { image: `${r}/shop/api:1` }
    })
    const c2 = await composeProject(work, 'v2', {
      web: { image: `${r}/shop/web:2` },
      api: { image: `${r}/shop/api:1` }
    })
    const common = { store: 'classic' as const, out: work, cacheDir: join(work, 'cache') }
    arts.v1 = await buildRelease({ ...common, compose: c1, name: 'shop-1' })
    arts.v2 = await buildRelease({ ...common, compose: c2, previous: c1, name: 'shop-2' })
    arts.corrupt = await corruptedRelease(arts.v2, web1, web2)
    // the registry's web:1 moves to other content after the devices got theirs:
    // a delta built now is against layers the devices do not hold
    await push.image('shop/web', '1', await runnableImage([{ 'app/v': 'web-1b\n' }]))
    const moved = await buildRelease({
      ...common,
      cacheDir: join(work, 'cache-moved'),
      compose: c2,
      previous: c1,
      name: 'shop-2-moved'
    })
    // its depends (v1's images as the registry now has them) would have the
    // client refuse it; without them the module must
    arts.moved = await rewritten(moved, 'shop-2-moved')
    arts.v2bare = await rewritten(arts.v2, 'shop-2-bare')
  })
  afterAll(async () => registry?.stop())

  it('a delta whose source layer the device lacks, and one that decodes wrong: refused before anything stops', async () => {
    const d = await ModuleDevice.start('classic')
    try {
      await d.install(arts.v1!)
      await d.commit()
      const before = await containerStates(d)

      const moved = await d.client.install(arts.moved!)
      expect(moved.code).not.toBe(0)
      expect(moved.stderr).toMatch(
        /ERROR: image \S+\/shop\/web:2: layer sha256:[0-9a-f]{64} is a delta against layer [0-9a-f]{64}, which the device's image \S+\/shop\/web:1 does not hold: the device does not run the release this delta was made for; install the full release instead/
      )
      expect(await containerStates(d)).toEqual(before)

      const corrupt = await d.client.install(arts.corrupt!)
      expect(corrupt.code).not.toBe(0)
      expect(corrupt.stderr).toMatch(
        /ERROR: image \S+\/shop\/web:2: layer sha256:[0-9a-f]{64} decodes to sha256:[0-9a-f]{64} against layer [0-9a-f]{64}: the delta or the device's layer is corrupt; nothing was changed/
      )
      expect(await containerStates(d)).toEqual(before)
      expect(await d.contents('shop')).toEqual(v1)
      expect((await d.client.showProvides())['data-docker.shop.version']).toBe('shop-1')
      // and the good v2 still installs after both
      await d.install(arts.v2!)
      expect(await d.contents('shop')).toEqual(v2)
    } finally {
      await d.stop()
    }
  }, 300_000)

  it('a device switched from the archived module: its composition is adopted, v2 installs as deltas, rollback goes back to it', async () => {
    const d = await ModuleDevice.start('classic')
    try {
      // what the archived App Update Module leaves: images loaded, the composition
      // started from <LEGACY_STORE_DIR>/<app>/manifests, the loaded references in images/urls
      const files = await tempDir()
      await extractPayloads(arts.v1!, files)
      const legacy = join(d.dir, 'mender-app', 'shop')
      await mkdir(join(legacy, 'images'), { recursive: true })
      await run('tar', ['-xzf', join(files, 'manifests.tar.gz'), '-C', legacy])
      await run('tar', ['-xzf', join(files, 'images.tar.gz'), '-C', files])
      const urls: string[] = []
      for (const id of await readdir(join(files, 'images'))) {
        await d.device.dockerOk(['image', 'load', '-i', join(files, 'images', id, 'image.img')])
        urls.push((await readFile(join(files, 'images', id, 'url-new.txt'), 'utf8')).trim())
      }
      await writeFile(join(legacy, 'images', 'urls'), urls.join('\n') + '\n')
      const manifests = join(legacy, 'manifests')
      await d.device.dockerOk([
        'compose',
        '--project-directory',
        manifests,
        '-p',
        'shop',
        'up',
        '-d',
        '--wait'
      ])
      expect(await d.contents('shop')).toEqual(v1)

      // the client never installed v1 here (the test put it there), so it does not
      // provide what v2's depends name: the same payload without them
      const r = await d.install(arts.v2bare!)
      expect(r.stderr).toContain(
        'adopting the composition the archived App Update Module installed'
      )
      expect(await d.contents('shop')).toEqual(v2)
      const back = await d.client.rollback()
      expect(back.code, back.stderr).toBe(0)
      expect(await d.contents('shop')).toEqual(v1)
    } finally {
      await d.stop()
    }
  }, 300_000)

  it('Compose that says it is 5.0.0 (a wrapper of the real plugin), and docker-compose v2 standalone', async () => {
    const dir = await tempDir('mcd-compose-')
    // a CLI plugin that answers `compose version` as Compose 5 and runs the real one otherwise
    const plugins = join(dir, 'plugins')
    await mkdir(plugins)
    await writeFile(
      join(plugins, 'docker-compose'),
      `#!/bin/sh\nif [ "$1" = compose ] && [ "$2" = version ]; then\n  if [ "$3" = --short ]; then echo 5.0.0; else echo "Docker Compose version 5.0.0"; fi\n  exit 0\nfi\nexec ${COMPOSE_BIN} "$@"\n`
    )
    await chmod(join(plugins, 'docker-compose'), 0o755)
    const five = join(dir, 'config-five')
    await mkdir(five)
    await writeFile(join(five, 'config.json'), JSON.stringify({ cliPluginsExtraDirs: [plugins] }))
    // no plugin at all, docker-compose on the PATH
    const bin = join(dir, 'bin')
    await mkdir(bin)
    await run('ln', ['-s', COMPOSE_BIN, join(bin, 'docker-compose')])
    const none = join(dir, 'config-none')
    await mkdir(none)
    await writeFile(join(none, 'config.json'), '{}')

    for (const [env, says] of [
      [{ DOCKER_CONFIG: five }, "using 'docker compose' (Docker Compose version 5.0.0)"],
      [
        { DOCKER_CONFIG: none, PATH: `${bin}:${ENGINE_PATH}` },
        "using 'docker-compose' (Docker Compose version 2."
      ]
    ] as const) {
      const d = await ModuleDevice.start('classic', { env })
      try {
        const r1 = await d.install(arts.v1!)
        expect(r1.stderr).toContain(says)
        await d.commit()
        await d.install(arts.v2!)
        expect(await d.contents('shop')).toEqual(v2)
        await d.commit()
      } finally {
        await d.stop()
      }
    }
    expect(COMPOSE_PLUGIN_DIR).not.toBe(plugins)
    expect(await readFile(join(plugins, 'docker-compose'), 'utf8')).toContain('5.0.0')
  }, 300_000)
})
