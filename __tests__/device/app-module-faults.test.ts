import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeOnRealDevice, runnableImage } from '../helpers/real-device.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { Pusher } from '../oci/fixtures.js'
import { ModuleDevice, buildRelease, composeProject } from './app-module-device.js'

/**
 * `mender install|commit` that stops where the module is told to pause
 * (MENDER_COMPOSE_PAUSE_AT), then kill -9 of the client and everything it
 * started, as a power cut would leave them.
 */
async function killedAt(d: ModuleDevice, args: string[], checkpoint: string): Promise<void> {
  const paused = join(d.dir, `paused-${checkpoint}`)
  const c = d.client
  const child = spawn(
    'mender',
    ['--no-syslog', '-c', c.conf, '-b', '/nonexistent', '-d', c.datadir, ...args],
    {
      env: { ...c.env, MENDER_COMPOSE_PAUSE_AT: checkpoint, MENDER_COMPOSE_PAUSE_FILE: paused },
      detached: true,
      stdio: 'ignore'
    }
  )
  const exited = new Promise((r) => child.once('exit', r))
  const deadline = Date.now() + 120_000
  while (!existsSync(paused)) {
    if (child.exitCode !== null) throw new Error(`mender ${args[0]} ended before ${checkpoint}`)
    if (Date.now() > deadline) throw new Error(`mender ${args[0]} never reached ${checkpoint}`)
    await sleep(100)
  }
  process.kill(-child.pid!, 'SIGKILL')
  await exited
}

describeOnRealDevice('the app Update Module after a power cut', () => {
  let work: string
  let registry: RunningRegistry
  const arts: Record<string, string> = {}

  beforeAll(async () => {
    work = await tempDir()
    registry = await startRegistry(work)
    const push = new Pusher(registry.url)
    const r = registry.host
    await push.image('shop/web', '1', await runnableImage([{ 'app/v': 'web-1\n' }]))
    await push.image('shop/web', '2', await runnableImage([{ 'app/v': 'web-2\n' }]))
    await push.image('shop/api', '1', await runnableImage([{ 'app/v': 'api-1\n' }]))
    const v1 = await composeProject(work, 'v1', {
      web: { image: `${r}/shop/web:1` },
      api: { image: `${r}/shop/api:1` }
    })
    const v2 = await composeProject(work, 'v2', {
      web: { image: `${r}/shop/web:2` },
      api: { image: `${r}/shop/api:1` }
    })
    const common = { store: 'classic' as const, out: work, cacheDir: join(work, 'cache') }
    arts.v1 = await buildRelease({ ...common, compose: v1, name: 'shop-1' })
    arts.v2 = await buildRelease({ ...common, compose: v2, previous: v1, name: 'shop-2' })
  })
  afterAll(async () => registry?.stop())

  it('kill -9 in each state of a v2 install, then rollback or install: a composition runs', async () => {
    const d = await ModuleDevice.start('classic')
    try {
      await d.install(arts.v1!)
      await d.commit()
      const v1 = { web: 'web-1', api: 'api-1' }
      const v2 = { web: 'web-2', api: 'api-1' }
      for (const at of ['decoded', 'loaded', 'started']) {
        await killedAt(d, ['install', arts.v2!], at)
        // the client 3.4 keeps no record of an install it was killed in, so its
        // rollback has nothing to do: whichever release the cut left runs whole
        const r = await d.client.rollback()
        const left = await d.contents('shop')
        expect([v1, v2], `${at}: ${r.stderr}`).toContainEqual(left)
        // the install again undoes what the cut left and installs v2
        const again = await d.client.install(arts.v2!)
        expect(again.code, `${at}: ${again.stderr}`).toBe(0)
        expect(await d.contents('shop')).toEqual(v2)
        if (at !== 'decoded') expect(again.stderr).toContain('was not finished: undoing it first')
        // the client's rollback of that install brings v1 back
        const back = await d.client.rollback()
        expect(back.code, back.stderr).toBe(0)
        expect(await d.contents('shop')).toEqual(v1)
      }
      // a commit cut between its renames: the commit again finishes it
      await d.install(arts.v2!)
      await killedAt(d, ['commit'], 'committing')
      expect(existsSync(join(d.store, 'shop', 'old'))).toBe(true)
      expect(await d.contents('shop')).toEqual(v2)
      const commit = await d.client.commit()
      expect(commit.code, commit.stderr).toBe(0)
      expect(commit.stderr).toContain('an interrupted commit is finished')
      expect(await d.contents('shop')).toEqual(v2)
      expect((await d.client.showProvides())['data-docker.shop.version']).toBe('shop-2')
      expect(existsSync(join(d.store, 'shop', 'old'))).toBe(false)
      expect(existsSync(join(d.store, 'shop', 'new'))).toBe(false)
    } finally {
      await d.stop()
    }
  }, 600_000)
})
