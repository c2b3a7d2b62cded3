// docker-daemon:REF end to end: our source runs the REAL docker CLI
// (`docker image save`), which talks to a fake Docker Engine API
// (__tests__/fakes/docker-engine) on a unix socket through DOCKER_HOST.
import { execFile, execFileSync } from 'node:child_process'
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { pullToStore, resolveImage, writeOciLayout } from '../../src/oci/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startFakeDockerEngine, type FakeEngine } from '../fakes/docker-engine/server.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { makeUmociImage } from './umoci-image.js'

const run = promisify(execFile)

describeWithTools(
  ['docker', 'umoci', 'skopeo'],
  'docker-daemon: through the real docker CLI and a fake Engine API',
  () => {
    let dir: string
    let engine: FakeEngine
    let layout: string
    let expected: { Digest: string; Layers: string[] }
    let config: { rootfs: { diff_ids: string[] } }
    const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONFIG: process.env.DOCKER_CONFIG }
    const opts = (name: string) => ({ storeDir: join(dir, name), log: new MemoryLogger() })

    beforeAll(async () => {
      dir = await tempDir('oci-daemon-')
      // an image made by umoci, then saved the two ways `docker save` writes archives
      layout = join(dir, 'layout')
      await makeUmociImage(layout, 'amd64', { 'hello.txt': 'hello from the daemon\n' })
      expected = JSON.parse(
        execFileSync('skopeo', ['inspect', `oci:${layout}:v1`], { encoding: 'utf8' })
      ) as typeof expected
      config = JSON.parse(
        execFileSync('skopeo', ['inspect', '--config', `oci:${layout}:v1`], { encoding: 'utf8' })
      ) as typeof config
      // 1. the classic layout (<id>/layer.tar, manifest.json, repositories), as skopeo writes it
      const legacy = join(dir, 'legacy.tar')
      execFileSync('skopeo', [
        'copy',
        '--quiet',
        `oci:${layout}:v1`,
        `docker-archive:${legacy}:app:1.0`
      ])
      // 2. Docker ≥ 25's OCI layout inside the tar, with manifest.json beside it
      const ociDir = join(dir, 'oci-save')
      await cp(layout, ociDir, { recursive: true })
      const manifest = JSON.parse(
        await readFile(join(ociDir, 'blobs', 'sha256', expected.Digest.slice(7)), 'utf8')
      ) as { config: { digest: string }; layers: { digest: string }[] }
      await writeFile(
        join(ociDir, 'manifest.json'),
        JSON.stringify([
          {
            Config: `blobs/sha256/${manifest.config.digest.slice(7)}`,
            RepoTags: ['example.com/team/web:2'],
            Layers: manifest.layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`)
          }
        ])
      )
      const oci = join(dir, 'oci-save.tar')
      execFileSync('tar', ['-cf', oci, '-C', ociDir, '.'])
      const id = manifest.config.digest
      engine = await startFakeDockerEngine(dir, {
        images: {
          'app:1.0': { archive: legacy, id },
          'example.com/team/web:2': { archive: oci, id }
        }
      })
      await mkdir(join(dir, 'docker-config'), { recursive: true })
      process.env.DOCKER_HOST = engine.host
      process.env.DOCKER_CONFIG = join(dir, 'docker-config')
    })

    afterAll(async () => {
      await engine?.stop()
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    })

    it('the real docker CLI talks to the fake engine (ping, API version negotiation)', async () => {
      const { stdout } = await run('docker', ['version', '--format', '{{.Server.Version}}'])
      expect(stdout.trim()).toBe('28.2.2-fake')
      expect(engine.requests.some((r) => r.path === '/_ping')).toBe(true)
    })

    it('resolves and pulls docker-daemon:app:1.0 (classic docker save layout)', async () => {
      engine.requests.length = 0
      const out = join(dir, 'out-legacy')
      const p = await pullToStore(
        'docker-daemon:app:1.0',
        'linux/amd64',
        opts('s1'),
        async (pulled, store) => {
          await writeOciLayout(store, pulled, out, 'v1')
          return pulled
        }
      )
      expect(p.resolved.source).toBe('docker-daemon')
      expect(p.resolved.diffIds).toEqual(config.rootfs.diff_ids)
      // the layer tars hash to the image's diff IDs, so the content is the daemon's
      expect(p.layerTarPaths.length).toBe(config.rootfs.diff_ids.length)
      // what we wrote is an image skopeo reads, with the same config
      const ours = JSON.parse(
        execFileSync('skopeo', ['inspect', '--config', `oci:${out}:v1`], { encoding: 'utf8' })
      ) as typeof config
      expect(ours.rootfs.diff_ids).toEqual(config.rootfs.diff_ids)
      // the CLI asked the fake for exactly this image, under a negotiated API version
      const saves = engine.requests.filter((r) => r.path.includes('/images/get'))
      expect(saves.map((r) => r.path)).toEqual(['/v1.45/images/get?names=app%3A1.0'])
      // the temporary archive is gone from the store
      expect(
        (await readdir(join(dir, 's1', 'tmp'))).filter((n) => n.startsWith('docker-save'))
      ).toEqual([])
    })

    it('resolves docker-daemon:REF saved in Docker 25+ OCI layout, with layer digests kept', async () => {
      const r = await resolveImage(
        'docker-daemon:example.com/team/web:2',
        'linux/amd64',
        opts('s2')
      )
      expect(r.source).toBe('docker-daemon')
      expect(r.diffIds).toEqual(config.rootfs.diff_ids)
      expect(r.layers.map((l) => l.digest)).toEqual(expected.Layers)
    })

    it('an image the daemon lacks: a clear error naming it, with what to check', async () => {
      const e = (await resolveImage('docker-daemon:nope:1', 'linux/amd64', opts('s3')).catch(
        (x: unknown) => x
      )) as Error & { hint: string }
      expect(e.message).toMatch(
        /^docker-daemon:nope:1: docker image save failed \(exit 1\): .*No such image: nope:1/
      )
      expect(e.hint).toMatch(/does not have this image/)
    })

    it('a daemon that dies mid-save: a clear error, nothing left in the store', async () => {
      const cutDir = await tempDir('oci-daemon-cut-')
      const cut = await startFakeDockerEngine(cutDir, {
        images: { 'app:1.0': { archive: join(dir, 'legacy.tar'), id: 'sha256:' + '0'.repeat(64) } },
        cutSaveAfterBytes: 3000
      })
      process.env.DOCKER_HOST = cut.host
      try {
        const e = (await resolveImage('docker-daemon:app:1.0', 'linux/amd64', opts('s4')).catch(
          (x: unknown) => x
        )) as Error
        expect(e).toBeInstanceOf(Error)
        expect(e.message).toMatch(/^docker-daemon:app:1.0: /)
        expect(e.message).not.toMatch(/at .*\.ts:\d+/)
        expect((await readdir(join(dir, 's4', 'tmp'))).length).toBe(0)
        expect(await readdir(join(dir, 's4', 'blobs', 'sha256'))).toEqual([])
      } finally {
        process.env.DOCKER_HOST = engine.host
        await cut.stop()
      }
    })

    it('no daemon listening: a clear error that says so', async () => {
      process.env.DOCKER_HOST = `unix://${join(dir, 'nobody.sock')}`
      try {
        const e = (await resolveImage('docker-daemon:app:1.0', 'linux/amd64', opts('s5')).catch(
          (x: unknown) => x
        )) as Error & { hint: string }
        expect(e.message).toMatch(
          /^docker-daemon:app:1.0: docker image save failed \(exit 1\): .*Cannot connect to the Docker daemon/
        )
        expect(e.hint).toMatch(/no Docker daemon is reachable/)
      } finally {
        process.env.DOCKER_HOST = engine.host
      }
    })
  }
)
