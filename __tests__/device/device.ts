import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import type { BlobStore, DeviceStore, PayloadImage } from '../../src/payload/index.js'
import { parseReference } from '../../src/oci/reference.js'

/**
 * A device simulator: it performs the install steps of the App Update Module
 * (app-update-module.md §7.1) and of the docker-compose module (§11) with the
 * real tools the device uses (GNU tar, xdelta3 -d -s), and stands in for
 * `docker image load` with checks that make an image unloadable when they
 * fail: blob names = sha256, index.json / manifest.json / config diff IDs
 * agree, and skopeo accepts the result as `oci:` and `docker-archive:`.
 * Its image store is a set of exported image folders, as `docker image save`
 * followed by `tar -x` would leave them.
 */
const run = promisify(execFile)

export class DeviceError extends Error {}

async function sh(cmd: string, args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { cwd, maxBuffer: 64 << 20 })
    return stdout
  } catch (err) {
    const e = err as { stderr?: string; message: string }
    throw new DeviceError(`${cmd} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`)
  }
}

async function sha256File(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex')
}

const hex = (d: string): string => d.replace(/^sha256:/, '')

const onContainerd = (store: DeviceStore): boolean =>
  store === 'containerd' || store === 'containerd-registry'

export interface InstalledImage {
  reference: string
  id: string
  dir: string
}

export class Device {
  /** reference or `sha256:<id>` → exported image folder. */
  readonly images = new Map<string, InstalledImage>()
  manifestsDir: string | undefined
  readonly log: string[] = []

  constructor(
    readonly root: string,
    readonly store: DeviceStore,
    /** The docker-compose sub-module's `${XDELTA_ARGS:--d -s}`. */
    readonly xdeltaArgs = store === 'containerd-registry' ? ['-d', '-D', '-s'] : ['-d', '-s']
  ) {}

  /**
   * Puts an image into the device's store as `docker pull` would, written the
   * way the device's `docker image save` exports it (independently of the
   * payload code: real `gzip -dc`, sha256 of the result).
   */
  async preload(image: PayloadImage, blobs: BlobStore): Promise<InstalledImage> {
    const dir = await mkdtemp(join(this.root, 'store-'))
    const config = JSON.parse(Buffer.from(image.config).toString()) as {
      rootfs: { diff_ids: string[] }
    }
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true })
    const blob = (d: string): string => join(dir, 'blobs', 'sha256', hex(d))
    await writeFile(blob(image.configDigest), image.config)
    let id: string
    if (onContainerd(this.store)) {
      for (const l of image.layers) await copyFile(blobs.blobPath(l.digest), blob(l.digest))
      await writeFile(blob(image.manifestDigest), image.manifest)
      await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [] }))
      id = hex(image.manifestDigest)
    } else {
      const names: string[] = []
      for (const [i, l] of image.layers.entries()) {
        const tmp = join(dir, `layer-${i}.tmp`)
        await run('sh', ['-c', 'gzip -dc < "$1" > "$2"', 'sh', blobs.blobPath(l.digest), tmp])
        const sum = await sha256File(tmp)
        if (`sha256:${sum}` !== config.rootfs.diff_ids[i])
          throw new Error(`fixture layer ${i} does not match its diff ID`)
        if (this.store === 'legacy') {
          // Docker < 25: <v1 id>/layer.tar, ids unrelated to ours
          const lid = createHash('sha256').update(`device-${i}-${sum}`).digest('hex')
          await mkdir(join(dir, lid), { recursive: true })
          await copyFile(tmp, join(dir, lid, 'layer.tar'))
          await rm(tmp)
          names.push(`${lid}/layer.tar`)
        } else {
          await copyFile(tmp, join(dir, 'blobs', 'sha256', sum))
          await rm(tmp)
          names.push(`blobs/sha256/${sum}`)
        }
      }
      await writeFile(
        join(dir, 'manifest.json'),
        JSON.stringify([{ Config: `blobs/sha256/${hex(image.configDigest)}`, Layers: names }])
      )
      id = hex(image.configDigest)
    }
    const installed = { reference: image.reference, id, dir }
    // `docker pull` records the tag and the digest it pulled (RepoDigests)
    const { registry, repository } = parseReference(image.reference)
    this.images.set(dockerName(image.reference), installed)
    this.images.set(`${registry}/${repository}@${image.manifestDigest}`, installed)
    this.images.set(`sha256:${id}`, installed)
    return installed
  }

  /** `docker image save <url>` + untar: the device's export of an image it has. */
  private exportOf(url: string): InstalledImage {
    const img = this.lookup(url)
    if (!img) throw new DeviceError(`Error response from daemon: reference does not exist: ${url}`)
    return img
  }

  /**
   * What `docker image load` names: the archive's RepoTags and the image ID,
   * never a digest (RepoDigests come only from a pull), whatever url-new says.
   */
  private loaded(img: InstalledImage, repoTags: readonly string[]): void {
    for (const t of repoTags) this.images.set(dockerName(t), img)
    this.images.set(`sha256:${img.id}`, img)
  }

  /**
   * How the daemon resolves a reference: an image ID, else the normalised
   * name (no tag = latest); a reference with a digest by the digest alone,
   * its tag ignored (moby's reference store).
   */
  lookup(reference: string): InstalledImage | undefined {
    if (/^sha256:[0-9a-f]{64}$/.test(reference)) return this.images.get(reference)
    return this.images.get(dockerName(reference))
  }

  /** ArtifactInstall of the App Update Module with its docker-compose sub-module. */
  async installApp(files: { images: string; manifests: string }): Promise<InstalledImage[]> {
    const tmp = await mkdtemp(join(this.root, 'install-'))
    await sh('tar', ['-xzf', files.images, '-C', tmp])
    await sh('tar', ['-xzf', files.manifests, '-C', tmp])
    const loaded: InstalledImage[] = []
    const ids = existsSync(join(tmp, 'images')) ? await readdir(join(tmp, 'images')) : []
    for (const id of ids.sort()) {
      const dir = join(tmp, 'images', id)
      const line = async (f: string): Promise<string> =>
        (await readFile(join(dir, f), 'utf8').catch(() => '')).trim()
      const urlNew = await line('url-new.txt')
      const urlCurrent = await line('url-current.txt')
      const sumNew = await line('sums-new.txt')
      if (!urlNew || !sumNew) throw new DeviceError(`${id}: url-new.txt / sums-new.txt empty`)
      let imageDir = join(tmp, `image-${id}`)
      await mkdir(imageDir)
      await sh('tar', ['-xf', join(dir, 'image.img'), '-C', imageDir])
      if (urlNew !== urlCurrent) {
        if (!urlCurrent || !(await line('sums-current.txt')))
          throw new DeviceError(`${id}: url-current or sums-current empty`)
        if (!existsSync(join(dir, 'deep_delta')))
          throw new DeviceError(`${id}: whole-image deltas are not produced by this project`)
        const current = this.exportOf(urlCurrent)
        if (existsSync(join(imageDir, 'oci-layout'))) await this.decodeOci(imageDir, current.dir)
        else await this.decodeLegacy(imageDir, current.dir)
        // re-tar over image.img, as the sub-module does before `docker image load`
        await sh('tar', ['-cf', join(dir, 'image.img'), '-C', imageDir, '.'])
        imageDir = join(tmp, `loaded-${id}`)
        await mkdir(imageDir)
        await sh('tar', ['-xf', join(dir, 'image.img'), '-C', imageDir])
      }
      const got = await checkLoadable(imageDir, join(dir, 'image.img'), this.store)
      if (got.id !== sumNew)
        throw new DeviceError(`${id}: sums-new.txt says ${sumNew} but the image loads as ${got.id}`)
      if (id !== sumNew) throw new DeviceError(`folder ${id} does not match sums-new ${sumNew}`)
      const img = { reference: urlNew, id: got.id, dir: imageDir }
      loaded.push(img)
      this.loaded(img, got.repoTags)
    }
    this.manifestsDir = join(tmp, 'manifests')
    await this.checkComposeImagesPresent()
    return loaded
  }

  /** OCI deep delta: every `blobs/sha256/*.vcdiff` decodes against `<current>/<.source>`. */
  private async decodeOci(imageDir: string, currentDir: string): Promise<void> {
    const blobs = join(imageDir, 'blobs', 'sha256')
    for (const f of (await readdir(blobs)).filter((n) => n.endsWith('.vcdiff'))) {
      const base = f.slice(0, -'.vcdiff'.length)
      const source = (await readFile(join(blobs, `${base}.source`), 'utf8')).trim()
      await sh('xdelta3', [
        ...this.xdeltaArgs,
        join(currentDir, source),
        join(blobs, f),
        join(blobs, base)
      ])
    }
  }

  /** Legacy deep delta: the current layer.tar is found by its sha256. */
  private async decodeLegacy(imageDir: string, currentDir: string): Promise<void> {
    const current = new Map<string, string>()
    for (const d of await readdir(currentDir)) {
      const p = join(currentDir, d, 'layer.tar')
      if (existsSync(p)) current.set(await sha256File(p), p)
    }
    for (const d of await readdir(imageDir)) {
      const vcdiff = join(imageDir, d, 'layer.tar.vcdiff')
      if (!existsSync(vcdiff)) continue
      const want = (await readFile(join(imageDir, d, 'layer.tar.current.sha256sum'), 'utf8')).trim()
      const src = current.get(want)
      if (!src) throw new DeviceError('cant find current layer by checksum')
      await sh('xdelta3', [...this.xdeltaArgs, src, vcdiff, join(imageDir, d, 'layer.tar')])
      for (const f of [
        'layer.tar.vcdiff',
        'layer.tar.current.sha256sum',
        'layer.tar.new.sha256sum'
      ])
        await rm(join(imageDir, d, f))
    }
  }

  /** `compose up` must find every service image locally (the acceptance tests assert no "Pulling"). */
  private async checkComposeImagesPresent(): Promise<void> {
    const dir = this.manifestsDir!
    for (const f of await readdir(dir)) {
      if (!/^(docker-)?compose.*\.ya?ml$/.test(f)) continue
      const doc = parse(await readFile(join(dir, f), 'utf8')) as {
        services?: Record<string, { image?: string }>
      }
      for (const [name, svc] of Object.entries(doc.services ?? {}))
        if (svc.image && !this.lookup(svc.image))
          throw new DeviceError(
            `service ${name}: image ${svc.image} is not on the device (would be pulled)`
          )
    }
  }

  /** ArtifactInstall of the docker-compose module: load every archive, unpack manifests. */
  async installComposeModule(files: {
    images: string
    manifests: string
  }): Promise<InstalledImage[]> {
    const tmp = await mkdtemp(join(this.root, 'dc-'))
    await sh('tar', ['-xzf', files.images, '-C', tmp])
    const head = (await readFile(files.manifests)).subarray(0, 2)
    if (head[0] === 0x1f && head[1] === 0x8b)
      throw new DeviceError('manifests.tar must not be compressed')
    await sh('tar', ['-xf', files.manifests, '-C', tmp])
    const loaded: InstalledImage[] = []
    for (const f of (await readdir(join(tmp, 'images'))).sort()) {
      const archive = join(tmp, 'images', f)
      const dir = join(tmp, `x-${f}`)
      await mkdir(dir)
      await sh('tar', ['-xf', archive, '-C', dir])
      const got = await checkLoadable(dir, archive, 'classic')
      const img = { reference: got.repoTags[0] ?? '', id: got.id, dir }
      this.loaded(img, got.repoTags)
      loaded.push(img)
    }
    this.manifestsDir = join(tmp, 'manifests')
    return loaded
  }
}

/** The daemon's key for a reference: registry/repository@digest if it has one, else :tag. */
function dockerName(reference: string): string {
  const { registry, repository, tag, digest } = parseReference(reference)
  return digest ? `${registry}/${repository}@${digest}` : `${registry}/${repository}:${tag}`
}

interface Loadable {
  id: string
  repoTags: string[]
}

/**
 * What `docker image load` checks, done by hand plus skopeo: blob names are
 * their sha256, index.json → manifest → config and layers exist with the
 * stated sizes, manifest.json names the same config and layers, and the
 * layers' uncompressed digests are the config's diff IDs.
 */
export async function checkLoadable(
  dir: string,
  archive: string,
  store: DeviceStore
): Promise<Loadable> {
  const dockerManifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    Config: string
    RepoTags?: string[]
    Layers: string[]
  }[]
  const entry = dockerManifest[0]
  if (dockerManifest.length !== 1 || !entry)
    throw new DeviceError('manifest.json must list one image')
  const configBytes = await readFile(join(dir, entry.Config)).catch(() => {
    throw new DeviceError(`manifest.json: config ${entry.Config} missing`)
  })
  const config = JSON.parse(configBytes.toString()) as { rootfs: { diff_ids: string[] } }
  if (config.rootfs.diff_ids.length !== entry.Layers.length)
    throw new DeviceError('manifest.json layer count differs from the config diff IDs')
  for (const [i, layer] of entry.Layers.entries()) {
    const path = join(dir, layer)
    if (!existsSync(path)) throw new DeviceError(`manifest.json: layer ${layer} missing`)
    // a containerd store keeps layers as loaded: gzip from a registry, plain tars from us
    const gzipped = (await readFile(path)).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))
    const sum =
      onContainerd(store) && gzipped
        ? (await sh('sh', ['-c', 'gzip -dc < "$1" | sha256sum', 'sh', path])).split(' ')[0]
        : await sha256File(path)
    if (`sha256:${sum}` !== config.rootfs.diff_ids[i])
      throw new DeviceError(
        `layer ${layer}: content sha256:${sum} is not diff ID ${config.rootfs.diff_ids[i]}`
      )
  }
  let id = hex(`sha256:${await sha256File(join(dir, entry.Config))}`)
  if (existsSync(join(dir, 'oci-layout'))) {
    const blobs = join(dir, 'blobs', 'sha256')
    for (const f of await readdir(blobs)) {
      if (!/^[0-9a-f]{64}$/.test(f)) continue
      if ((await sha256File(join(blobs, f))) !== f)
        throw new DeviceError(`blob ${f}: sha256 differs from its name`)
    }
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
      manifests: { digest: string; size: number }[]
    }
    const m = index.manifests[0]
    if (index.manifests.length !== 1 || !m)
      throw new DeviceError('index.json must list one manifest')
    const manifestPath = join(blobs, hex(m.digest))
    if (!existsSync(manifestPath)) throw new DeviceError(`index.json: manifest ${m.digest} missing`)
    const mbytes = await readFile(manifestPath)
    if (mbytes.length !== m.size) throw new DeviceError('index.json: manifest size differs')
    const manifest = JSON.parse(mbytes.toString()) as {
      config: { digest: string; size: number }
      layers: { digest: string; size: number }[]
    }
    if (`blobs/sha256/${hex(manifest.config.digest)}` !== entry.Config)
      throw new DeviceError('index.json and manifest.json name different configs')
    for (const [i, l] of manifest.layers.entries()) {
      if (entry.Layers[i] !== `blobs/sha256/${hex(l.digest)}`)
        throw new DeviceError(`index.json and manifest.json differ at layer ${i}`)
      const p = join(blobs, hex(l.digest))
      if (!existsSync(p)) throw new DeviceError(`blob ${l.digest} missing`)
      if ((await readFile(p)).length !== l.size)
        throw new DeviceError(`blob ${l.digest}: size differs`)
    }
    if (onContainerd(store)) id = hex(m.digest)
    await skopeoCopy(`oci:${dir}`)
  }
  await skopeoCopy(`docker-archive:${archive}`)
  return { id, repoTags: entry.RepoTags ?? [] }
}

async function skopeoCopy(src: string): Promise<void> {
  const out = await mkdtemp(join(src.replace(/^[a-z-]+:/, '').replace(/\/[^/]*$/, ''), 'skopeo-'))
  try {
    await sh('skopeo', ['--insecure-policy', 'copy', '-q', src, `dir:${out}`])
  } finally {
    await rm(out, { recursive: true, force: true })
  }
}
