import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { gzipSync } from 'node:zlib'
import { pack } from 'tar-stream'
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { pullToStore, resolveImage, writeOciLayout } from '../../src/oci/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { makeImage, type TestImage } from './fixtures.js'
import { makeUmociImage } from './umoci-image.js'

/** Writes a tar of (name → bytes) entries, optionally with one raw extra header (links). */
async function writeTar(
  file: string,
  entries: [string, Buffer][],
  extra?: { name: string; type: 'symlink'; linkname: string }
): Promise<void> {
  const p = pack()
  const done = pipeline(p, createWriteStream(file))
  for (const [name, data] of entries) p.entry({ name, mtime: new Date(0) }, data)
  if (extra) p.entry({ name: extra.name, type: extra.type, linkname: extra.linkname })
  p.finalize()
  await done
}

describeWithTools(
  ['umoci', 'skopeo'],
  'image sources: oci:, oci-archive:, docker-archive:, docker-daemon:',
  () => {
    let dir: string
    let img: TestImage
    const opts = (name: string) => ({
      storeDir: join(dir, name),
      log: new MemoryLogger(),
      env: { DOCKER_CONFIG: '/none' }
    })

    beforeAll(async () => {
      dir = await tempDir('oci-src-')
      // an OCI layout made by umoci (spec §3.3)
      await makeUmociImage(join(dir, 'layout'), 'arm64', { 'app/version.txt': 'hello v1\n' })
      img = await makeImage({
        platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
        layerSizes: [8000, 100]
      })
    })

    it('oci:PATH:TAG reads a umoci layout; its digest equals what skopeo reports', async () => {
      const layout = join(dir, 'layout')
      const r = await resolveImage(`oci:${layout}:v1`, 'linux/arm64', opts('a'))
      const inspect = JSON.parse(
        execFileSync('skopeo', ['inspect', `oci:${layout}:v1`], { encoding: 'utf8' })
      ) as { Digest: string; Layers: string[] }
      expect(r.manifestDigest).toBe(inspect.Digest)
      expect(r.layers.map((l) => l.digest)).toEqual(inspect.Layers)
      expect(r.source).toBe('oci')
      const missing = await resolveImage(`oci:${layout}:nope`, 'linux/arm64', opts('a')).catch(
        (e: unknown) => e
      )
      expect((missing as Error).message).toContain('no image tagged "nope"')
      expect((missing as { hint: string }).hint).toBe('the layout has: v1')
      const wrongPlatform = await resolveImage(`oci:${layout}:v1`, 'linux/amd64', opts('a')).catch(
        (e: unknown) => e
      )
      expect((wrongPlatform as { hint: string }).hint).toContain('linux/arm64')
    })

    it('oci-archive:FILE reads a tarred layout and round-trips through writeOciLayout', async () => {
      const archive = join(dir, 'layout.tar')
      execFileSync('tar', ['-cf', archive, '-C', join(dir, 'layout'), '.'])
      const out = join(dir, 'rewritten')
      const p = await pullToStore(
        `oci-archive:${archive}:v1`,
        'linux/arm64',
        opts('b'),
        async (pulled, store) => {
          await writeOciLayout(store, pulled, out, 'again')
          return pulled
        }
      )
      const inspect = JSON.parse(
        execFileSync('skopeo', ['inspect', `oci:${out}:again`], { encoding: 'utf8' })
      ) as { Digest: string }
      expect(inspect.Digest).toBe(p.resolved.manifestDigest)
      expect(p.layerTarPaths.length).toBe(p.resolved.layers.length)
    })

    it('docker-archive:FILE (legacy docker save layout) is read and matches what skopeo reads', async () => {
      const archive = join(dir, 'saved.tar')
      const cfgName = `${img.config.digest.slice(7)}.json`
      const layerNames = img.layers.map((l, i) => `${String(i).repeat(64).slice(0, 64)}/layer.tar`)
      await writeTar(archive, [
        [cfgName, img.config.bytes],
        ...img.layers.map((l, i) => [layerNames[i]!, l.tar] as [string, Buffer]),
        [
          'manifest.json',
          Buffer.from(
            JSON.stringify([
              { Config: cfgName, RepoTags: ['example.com/app:v7'], Layers: layerNames }
            ])
          )
        ],
        ['repositories', Buffer.from(JSON.stringify({ 'example.com/app': { v7: '0'.repeat(64) } }))]
      ])
      const p = await pullToStore(
        `docker-archive:${archive}:example.com/app:v7`,
        'linux/arm/v7',
        opts('c')
      )
      expect(p.resolved.configDigest).toBe(img.config.digest)
      expect(p.resolved.diffIds).toEqual(img.layers.map((l) => l.diffId))
      expect(p.resolved.layers.map((l) => l.digest)).toEqual(img.layers.map((l) => l.diffId))
      expect(await readFile(p.layerTarPaths[0]!)).toEqual(img.layers[0]!.tar)
      const cfg = JSON.parse(
        execFileSync('skopeo', ['inspect', '--config', `docker-archive:${archive}`], {
          encoding: 'utf8'
        })
      ) as { rootfs: { diff_ids: string[] } }
      expect(cfg.rootfs.diff_ids).toEqual(p.resolved.diffIds)
      const wrong = await resolveImage(
        `docker-archive:${archive}:other:v1`,
        'linux/arm/v7',
        opts('c')
      ).catch((e: unknown) => e)
      expect((wrong as { hint: string }).hint).toBe('it has: example.com/app:v7')
    })

    it('docker-archive:FILE with compressed blobs (containerd image store) keeps the registry digests', async () => {
      const archive = join(dir, 'containerd.tar')
      const names = img.layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`)
      await writeTar(archive, [
        [`blobs/sha256/${img.config.digest.slice(7)}`, img.config.bytes],
        ...img.layers.map((l, i) => [names[i]!, l.bytes] as [string, Buffer]),
        [
          'manifest.json',
          Buffer.from(
            JSON.stringify([
              {
                Config: `blobs/sha256/${img.config.digest.slice(7)}`,
                RepoTags: null,
                Layers: names
              }
            ])
          )
        ]
      ])
      const p = await pullToStore(`docker-archive:${archive}`, 'linux/arm', opts('d'))
      expect(p.resolved.layers.map((l) => l.digest)).toEqual(img.layers.map((l) => l.digest))
      expect(p.resolved.layers[0]!.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip')
      expect(await readFile(p.layerTarPaths[1]!)).toEqual(img.layers[1]!.tar)
    })

    it('refuses archive entries that escape the folder, and links other than to its own files', async () => {
      const evil = join(dir, 'evil.tar')
      await writeTar(evil, [['../../escape.txt', Buffer.from('x')]])
      const e1 = await resolveImage(`docker-archive:${evil}`, 'linux/amd64', opts('e')).catch(
        (e: unknown) => e
      )
      expect((e1 as Error).message).toMatch(/entry "..\/..\/escape.txt" escapes the archive folder/)
      const link = join(dir, 'link.tar')
      await writeTar(link, [['manifest.json', Buffer.from('[]')]], {
        name: 'blobs',
        type: 'symlink',
        linkname: '/etc'
      })
      const e2 = await resolveImage(`oci-archive:${link}`, 'linux/amd64', opts('e')).catch(
        (e: unknown) => e
      )
      expect((e2 as Error).message).toMatch(/entry "blobs" links to the absolute path \/etc/)
      // a relative link that climbs out, and one to a folder inside (symlinked folders could be written through)
      for (const [name, linkname, why] of [
        ['a/layer.tar', '../../../etc/passwd', /escapes the archive folder/],
        ['blobs', '.', /is a link to something that is not a file of the archive/]
      ] as const) {
        const f = join(dir, `link-${name.length}.tar`)
        await writeTar(f, [['manifest.json', Buffer.from('[]')]], {
          name,
          type: 'symlink',
          linkname
        })
        const e = await resolveImage(`docker-archive:${f}`, 'linux/amd64', opts('e')).catch(
          (x: unknown) => x
        )
        expect((e as Error).message).toMatch(why)
      }
      const gz = join(dir, 'notatar.tar.gz')
      await writeFile(gz, gzipSync(Buffer.from('not a tar at all')))
      const e3 = await resolveImage(`docker-archive:${gz}`, 'linux/amd64', opts('e')).catch(
        (e: unknown) => e
      )
      expect((e3 as Error).message).toMatch(
        /cannot unpack the image archive|not a docker save archive/
      )
    })

    it('docker-daemon: explains a missing daemon and a missing docker CLI', async () => {
      process.env.DOCKER_HOST = `unix://${join(dir, 'no-daemon.sock')}`
      const e1 = await resolveImage('docker-daemon:app:1.0', 'linux/amd64', opts('f')).catch(
        (e: unknown) => e
      )
      expect((e1 as Error).message).toMatch(
        /^docker-daemon:app:1.0: docker image save failed \(exit 1\): .*(connect|daemon)/i
      )
      expect((e1 as { hint: string }).hint).toMatch(/no Docker daemon is reachable/)
      process.env.DOCKER_CLI = join(dir, 'no-such-docker')
      const e2 = await resolveImage('docker-daemon:app:1.0', 'linux/amd64', opts('f')).catch(
        (e: unknown) => e
      )
      expect((e2 as Error).message).toMatch(/needs the docker CLI, which cannot be run \(ENOENT\)/)
      delete process.env.DOCKER_CLI
      delete process.env.DOCKER_HOST
    })
  }
)
