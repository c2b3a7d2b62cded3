import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  ContentStore,
  RegistryClient,
  pullToStore,
  resolveImage,
  writeDockerArchive,
  writeOciLayout
} from '../../src/oci/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { makeImage, Pusher, type TestImage } from './fixtures.js'

describeWithTools(
  ['docker-registry', 'skopeo', 'umoci'],
  'registry client against the real registry (anonymous)',
  () => {
    let dir: string
    let reg: RunningRegistry
    let amd64: TestImage
    let arm64: TestImage
    let armv7: TestImage
    let indexDigest: string
    const env = { DOCKER_CONFIG: '/nonexistent-docker-config' }

    beforeAll(async () => {
      dir = await tempDir('oci-open-')
      reg = await startRegistry(dir)
      amd64 = await makeImage({
        platform: { os: 'linux', architecture: 'amd64' },
        layerSizes: [40_000, 3_000, 1_000]
      })
      arm64 = await makeImage({ platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } })
      armv7 = await makeImage({
        platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
        docker: true
      })
      const push = new Pusher(reg.url)
      indexDigest = await push.index('test/multi', 'v1', [amd64, arm64, armv7])
      await push.image('test/single', 'v1', amd64)
    })
    afterAll(async () => reg?.stop())

    const opts = (name: string, log = new MemoryLogger()) => ({
      storeDir: join(dir, name),
      log,
      env
    })

    it('resolves each platform of a multi-platform index with normalisation', async () => {
      const a = await resolveImage(`${reg.host}/test/multi:v1`, 'linux/amd64', opts('s1'))
      expect(a.indexDigest).toBe(indexDigest)
      expect(a.manifestDigest).toBe(amd64.manifestDigest)
      expect(a.configDigest).toBe(amd64.config.digest)
      expect(a.layers.map((l) => l.digest)).toEqual(amd64.layers.map((l) => l.digest))
      expect(a.diffIds).toEqual(amd64.layers.map((l) => l.diffId))
      // arm64 matches the index's arm64/v8; "arm" means arm/v7
      expect(
        (await resolveImage(`${reg.host}/test/multi:v1`, 'linux/arm64', opts('s1'))).manifestDigest
      ).toBe(arm64.manifestDigest)
      expect(
        (await resolveImage(`${reg.host}/test/multi:v1`, 'linux/arm64/v8', opts('s1')))
          .manifestDigest
      ).toBe(arm64.manifestDigest)
      const arm = await resolveImage(`${reg.host}/test/multi:v1`, 'linux/arm', opts('s1'))
      expect(arm.manifestDigest).toBe(armv7.manifestDigest)
      expect(arm.manifestMediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    })

    it('a missing platform lists the platforms the image has', async () => {
      const err = await resolveImage(
        `${reg.host}/test/multi:v1`,
        'linux/riscv64',
        opts('s2')
      ).catch((e: unknown) => e)
      expect(String((err as Error).message)).toContain('no image for platform linux/riscv64')
      expect((err as { hint?: string }).hint).toBe(
        'the image has: linux/amd64, linux/arm64/v8, linux/arm/v7'
      )
      const single = await resolveImage(
        `${reg.host}/test/single:v1`,
        'linux/arm64',
        opts('s2')
      ).catch((e: unknown) => e)
      expect((single as { hint?: string }).hint).toContain('linux/amd64')
    })

    it('resolves by digest, and by tag+digest (the digest wins), and rejects a wrong digest', async () => {
      const byDigest = await resolveImage(
        `${reg.host}/test/multi@${indexDigest}`,
        'linux/amd64',
        opts('s3')
      )
      expect(byDigest.manifestDigest).toBe(amd64.manifestDigest)
      const both = await resolveImage(
        `${reg.host}/test/multi:nonexistent@${indexDigest}`,
        'linux/amd64',
        opts('s3')
      )
      expect(both.manifestDigest).toBe(amd64.manifestDigest)
      const missing = await resolveImage(
        `${reg.host}/test/multi@sha256:${'0'.repeat(64)}`,
        'linux/amd64',
        opts('s3')
      ).catch((e: unknown) => e)
      expect(String(missing)).toMatch(/test\/multi: manifest sha256:0+ not found/)
    })

    it('a missing tag or repository is a clear, unretried error', async () => {
      const log = new MemoryLogger()
      const err = await resolveImage(
        `${reg.host}/test/none:v1`,
        'linux/amd64',
        opts('s4', log)
      ).catch((e: unknown) => e)
      expect((err as Error).message).toContain(`${reg.host}/test/none: manifest v1 not found`)
      expect((err as { hint?: string }).hint).toMatch(/check the repository name/)
      expect(log.text()).not.toContain('retrying')
    })

    it('pulls into the store, verifies layers against diff_ids, and writes an OCI layout skopeo and umoci read', async () => {
      const storeDir = join(dir, 'pull')
      const out = join(dir, 'out-oci')
      const log = new MemoryLogger()
      const pulled = await pullToStore(
        `${reg.host}/test/multi:v1`,
        'linux/amd64',
        { ...opts('pull', log), storeDir },
        async (p, store) => {
          await writeOciLayout(store, p, out, 'v1')
          return p
        }
      )
      const store = new ContentStore(storeDir)
      for (const [i, l] of amd64.layers.entries()) {
        expect(await readFile(store.blobPath(l.digest))).toEqual(l.bytes)
        expect(await readFile(pulled.layerTarPaths[i]!)).toEqual(l.tar)
        expect(pulled.layerTarPaths[i]).toBe(store.layerTarPath(l.diffId))
      }
      expect(log.text()).toMatch(/pulling .*layer 1\/3/)
      expect(log.text()).toMatch(/pulled .*layer 1\/3.*KiB in/)
      const inspect = JSON.parse(
        execFileSync('skopeo', ['inspect', `oci:${out}:v1`], { encoding: 'utf8' })
      ) as { Digest: string; Layers: string[]; Architecture: string }
      expect(inspect.Digest).toBe(amd64.manifestDigest)
      expect(inspect.Layers).toEqual(amd64.layers.map((l) => l.digest))
      execFileSync('umoci', ['unpack', '--rootless', '--image', `${out}:v1`, join(dir, 'bundle')], {
        stdio: 'pipe'
      })
      expect(await readFile(join(dir, 'bundle', 'rootfs', 'layer1', 'id.txt'), 'utf8')).toBe(
        ' amd64 1\n'
      )
      // skopeo can copy the layout back into the registry with the same digest
      execFileSync(
        'skopeo',
        ['copy', '--dest-tls-verify=false', `oci:${out}:v1`, `docker://${reg.host}/test/copied:v1`],
        { stdio: 'pipe' }
      )
      expect(
        (await resolveImage(`${reg.host}/test/copied:v1`, 'linux/amd64', opts('s5'))).manifestDigest
      ).toBe(amd64.manifestDigest)
    })

    it('writes a docker-archive that skopeo copies and whose layers are the uncompressed tars', async () => {
      const storeDir = join(dir, 'pull-da')
      const file = join(dir, 'image.tar')
      await pullToStore(
        `${reg.host}/test/multi:v1`,
        'linux/arm/v7',
        { ...opts('x'), storeDir },
        (p, store) => writeDockerArchive(store, p, file, `${reg.host}/test/multi:v1`)
      )
      const layout = join(dir, 'from-archive')
      execFileSync('skopeo', ['copy', `docker-archive:${file}`, `oci:${layout}:x`], {
        stdio: 'pipe'
      })
      const cfg = JSON.parse(
        execFileSync('skopeo', ['inspect', '--config', `oci:${layout}:x`], { encoding: 'utf8' })
      ) as { rootfs: { diff_ids: string[] }; architecture: string; variant?: string }
      expect(cfg.rootfs.diff_ids).toEqual(armv7.layers.map((l) => l.diffId))
      expect(cfg.architecture).toBe('arm')
    })

    it('CLI image pull --format docker-archive writes what skopeo copies, and prints the manifest digest', async () => {
      const { buildProgram } = await import('../../src/cli/program.js')
      const out: string[] = []
      const log = new MemoryLogger()
      const file = join(dir, 'cli.tar')
      await (
        await buildProgram({ log, stdout: (s) => out.push(s), verbose: () => false })
      ).parseAsync(
        [
          'image',
          'pull',
          `${reg.host}/test/multi:v1`,
          '--platform',
          'linux/arm64',
          '--format',
          'docker-archive',
          '--output',
          file,
          '--store',
          join(dir, 'cli-store')
        ],
        { from: 'user' }
      )
      expect(out.join('')).toBe(`${arm64.manifestDigest}\n`)
      const cfg = JSON.parse(
        execFileSync('skopeo', ['inspect', '--config', `docker-archive:${file}`], {
          encoding: 'utf8'
        })
      ) as { rootfs: { diff_ids: string[] }; architecture: string }
      expect(cfg.architecture).toBe('arm64')
      expect(cfg.rootfs.diff_ids).toEqual(arm64.layers.map((l) => l.diffId))
      const saved = JSON.parse(
        execFileSync('tar', ['-xOf', file, 'manifest.json'], { encoding: 'utf8' })
      ) as { RepoTags: string[] }[]
      expect(saved[0]!.RepoTags).toEqual([`${reg.host}/test/multi:v1`])
      expect(log.text()).toMatch(/wrote docker-archive .*cli\.tar: 2 layers/)
    })

    it('the OCI layout is hard-linked from the store, and copied (with a note) across file systems', async () => {
      const storeDir = join(dir, 'links')
      const write = (out: string, log: MemoryLogger) =>
        pullToStore(
          `${reg.host}/test/single:v1`,
          'linux/amd64',
          { ...opts('links', log), storeDir, layerTars: false },
          async (p, store) => {
            await writeOciLayout(store, p, out, 'v1', log)
            return p
          }
        )
      const log = new MemoryLogger()
      const out = join(dir, 'out-linked')
      await write(out, log)
      const store = new ContentStore(storeDir)
      for (const l of amd64.layers) {
        const [a, b] = await Promise.all([
          stat(store.blobPath(l.digest)),
          stat(join(out, 'blobs', 'sha256', l.digest.slice(7)))
        ])
        expect(b.ino).toBe(a.ino)
      }
      expect(log.text()).not.toMatch(/copied, not linked/)
      // /dev/shm is another file system (tmpfs) where it exists: links fail with EXDEV there
      const shm = await stat('/dev/shm').catch(() => undefined)
      if (shm && shm.dev !== (await stat(storeDir)).dev) {
        const far = await mkdtemp('/dev/shm/oci-out-')
        try {
          const log2 = new MemoryLogger()
          await write(join(far, 'layout'), log2)
          expect(log2.text()).toMatch(/on another file system .* copied, not linked/)
          const l = amd64.layers[0]!
          expect(await readFile(join(far, 'layout', 'blobs', 'sha256', l.digest.slice(7)))).toEqual(
            l.bytes
          )
        } finally {
          await rm(far, { recursive: true, force: true })
        }
      }
    })

    it('a warm pull needs no blob downloads; a corrupt or truncated entry is dropped and fetched again', async () => {
      const storeDir = join(dir, 'warm')
      const log1 = new MemoryLogger()
      await pullToStore(`${reg.host}/test/single:v1`, 'linux/amd64', {
        ...opts('w', log1),
        storeDir
      })
      const log2 = new MemoryLogger()
      await pullToStore(`${reg.host}/test/single:v1`, 'linux/amd64', {
        ...opts('w', log2),
        storeDir
      })
      expect(log2.text()).toContain('3 of 3 layers already in the content store')
      expect(log2.text()).not.toMatch(/pulling /)
      const store = new ContentStore(storeDir)
      await truncate(store.blobPath(amd64.layers[0]!.digest), 100)
      const bad = Buffer.from(amd64.layers[1]!.bytes)
      bad[10] = bad[10]! ^ 0xff
      await writeFile(store.blobPath(amd64.layers[1]!.digest), bad)
      const log3 = new MemoryLogger()
      const p = await pullToStore(`${reg.host}/test/single:v1`, 'linux/amd64', {
        ...opts('w', log3),
        storeDir
      })
      expect(log3.text()).toMatch(/dropping .* size 100 instead of/)
      expect(log3.text()).toMatch(/dropping .* content hashes to sha256:/)
      expect(await readFile(p.layerBlobPaths[0]!)).toEqual(amd64.layers[0]!.bytes)
      expect(await readFile(p.layerBlobPaths[1]!)).toEqual(amd64.layers[1]!.bytes)
    })

    it('a digest reference resolves from a warm store without the registry', async () => {
      const storeDir = join(dir, 'offline')
      const ref = `${reg.host}/test/multi@${indexDigest}`
      await resolveImage(ref, 'linux/arm64', { ...opts('o'), storeDir })
      const dead = new RegistryClient({ insecureRegistries: [], retry: { attempts: 1 } })
      // point at a closed port: the store must answer everything
      const offline = await resolveImage(ref, 'linux/arm64', {
        ...opts('o'),
        storeDir,
        client: dead
      })
      expect(offline.manifestDigest).toBe(arm64.manifestDigest)
      await dead.close()
    })

    it('the docker:// prefix and a Docker schema 2 copy made by skopeo resolve the same layers', async () => {
      execFileSync(
        'skopeo',
        [
          'copy',
          '--format',
          'v2s2',
          '--src-tls-verify=false',
          '--dest-tls-verify=false',
          `docker://${reg.host}/test/single:v1`,
          `docker://${reg.host}/test/v2s2:v1`
        ],
        { stdio: 'pipe' }
      )
      const r = await resolveImage(`docker://${reg.host}/test/v2s2:v1`, 'linux/amd64', opts('s6'))
      expect(r.manifestMediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
      expect(r.layers.map((l) => l.digest)).toEqual(amd64.layers.map((l) => l.digest))
      await rm(join(dir, 's6'), { recursive: true, force: true })
      await mkdir(join(dir, 's6'))
    })
  }
)
