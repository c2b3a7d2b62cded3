import { execFile } from 'node:child_process'
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { poolDeltaEngine } from '../../src/delta/engine.js'
import {
  buildAppPayload,
  type AppService,
  type DeviceStore,
  type ModulePayload,
  type PayloadImage
} from '../../src/payload/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import {
  DEVICE_SERVICE_DEFAULTS,
  RealDevice,
  describeOnRealDevice,
  runnableImage,
  type RunnableImage
} from '../helpers/real-device.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { Pusher } from '../oci/fixtures.js'

const run = promisify(execFile)

/**
 * ArtifactInstall of the archived App Update Module with its docker-compose
 * sub-module (app-update-module.md §7.1), on the real engine: per image
 * folder, a deep delta is decoded against the device's own `docker image
 * save` of url-current with `xdelta3 $XDELTA_ARGS <current>/<.source>
 * <.vcdiff> <blob>` (the .vcdiff and .source files stay, as there), re-tarred
 * and loaded; then the composition starts with `up -d --wait`.
 */
const AUM_INSTALL = `#!/bin/sh
set -eu
files="$1"; app="$2"; tmp="$3"
XDELTA_ARGS="\${XDELTA_ARGS:--d -s}"
mkdir -p "$tmp"
tar -xzf "$files/images.tar.gz" -C "$tmp"
tar -xzf "$files/manifests.tar.gz" -C "$tmp"
for dir in "$tmp"/images/*/; do
  url_new=$(cat "$dir/url-new.txt"); url_current=$(cat "$dir/url-current.txt")
  if [ "$url_new" != "$url_current" ] && [ -f "$dir/deep_delta" ]; then
    work="$tmp/work-$(basename "$dir")"
    mkdir -p "$work/current" "$work/new"
    docker image save "$url_current" -o "$work/current.tar"
    tar -xf "$work/current.tar" -C "$work/current"
    tar -xf "$dir/image.img" -C "$work/new"
    for vcdiff in "$work"/new/*/*/*.vcdiff; do
      [ -f "$vcdiff" ] || continue
      blob="\${vcdiff%.vcdiff}"
      # shellcheck disable=SC2086
      xdelta3 $XDELTA_ARGS "$work/current/$(cat "$blob.source")" "$vcdiff" "$blob"
    done
    tar -cf "$dir/image.img" -C "$work/new" .
  fi
  docker image load -i "$dir/image.img"
done
docker compose --project-directory "$tmp/manifests" --project-name "$app" up -d --wait --remove-orphans
`

/** A runnable image's blobs in a folder, as the payload builder reads them. */
class Blobs {
  constructor(readonly dir: string) {}
  blobPath(digest: string): string {
    return join(this.dir, digest.replace(/^sha256:/, ''))
  }
  async add(reference: string, img: RunnableImage): Promise<PayloadImage> {
    await mkdir(this.dir, { recursive: true })
    for (const l of img.layers) await writeFile(this.blobPath(l.digest), l.bytes)
    await writeFile(this.blobPath(img.config.digest), img.config.bytes)
    await writeFile(this.blobPath(img.manifestDigest), img.manifest)
    return {
      reference,
      manifest: img.manifest,
      manifestDigest: img.manifestDigest,
      config: img.config.bytes,
      configDigest: img.config.digest,
      layers: img.layers.map((l) => ({
        digest: l.digest,
        size: l.bytes.length,
        mediaType: l.mediaType
      })),
      diffIds: img.layers.map((l) => l.diffId)
    }
  }
}

/** Real files that change a little between releases, so a delta has something to do. */
const appFiles = (v: number): Record<string, string> => {
  const lines = Array.from(
    { length: 6000 },
    (_, i) => `line ${i} of the app, data ${(i * 7919) % 10007}`
  )
  lines[100 * v] = `changed in release ${v}`
  return { 'app/v': `release-${v}\n`, 'app/data.txt': lines.join('\n') + '\n' }
}
const libFiles = {
  'usr/lib/lib.txt': Array.from({ length: 4000 }, (_, i) => `lib ${i}`).join('\n')
}

let n = 0
async function payload(
  root: string,
  blobs: Blobs,
  store: DeviceStore,
  name: string,
  services: AppService[]
): Promise<ModulePayload> {
  const k = ++n
  const project = join(root, `project-${k}`)
  await mkdir(project, { recursive: true })
  await writeFile(
    join(project, 'compose.yaml'),
    stringify({
      services: Object.fromEntries(
        services.map((s) => [s.name, { image: s.next.reference, ...DEVICE_SERVICE_DEFAULTS }])
      )
    })
  )
  const outDir = join(root, `out-${k}`)
  await mkdir(outDir, { recursive: true })
  return buildAppPayload({
    applicationName: 'shop',
    platform: 'linux/amd64',
    artifactName: name,
    services,
    projectDirectory: project,
    composeFiles: ['compose.yaml'],
    deviceStore: store,
    blobs,
    engine: poolDeltaEngine(),
    outDir,
    workDir: join(root, `work-${k}`),
    log: new MemoryLogger()
  })
}

/** Runs the archived module's install steps on the device; stdout+stderr, exit code. */
async function install(
  device: RealDevice,
  p: ModulePayload,
  xdeltaArgs = '-d -s'
): Promise<{ code: number; out: string }> {
  const script = join(device.dir, 'aum-install.sh')
  await writeFile(script, AUM_INSTALL, { mode: 0o755 })
  const tmp = join(device.dir, `install-${++n}`)
  const files = join(p.files[0]!, '..')
  const r = await run('sh', [script, files, 'shop', tmp], {
    env: { ...device.env, XDELTA_ARGS: xdeltaArgs },
    maxBuffer: 64 << 20
  }).then(
    (o) => ({ code: 0, out: o.stdout + o.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code ?? 1,
      out: `${e.stdout ?? ''}${e.stderr ?? ''}`
    })
  )
  return r
}

/** The image ID the device shows and the layer files its `docker image save` holds. */
async function held(device: RealDevice, ref: string): Promise<{ id: string; blobs: string[] }> {
  const id = (await device.dockerOk(['image', 'inspect', '-f', '{{.ID}}', ref])).trim()
  const out = join(device.dir, `save-${++n}`)
  await mkdir(out)
  await device.dockerOk(['image', 'save', ref, '-o', join(out, 'i.tar')])
  await run('tar', ['-xf', join(out, 'i.tar'), '-C', out])
  return { id, blobs: await readdir(join(out, 'blobs', 'sha256')) }
}

const imagesSize = async (p: ModulePayload): Promise<number> => (await stat(p.files[0]!)).size

describeOnRealDevice('containerd store: deltas on uncompressed layers (real engine)', () => {
  let root: string
  let blobs: Blobs
  let registry: RunningRegistry
  const v: PayloadImage[] = []
  const imgs: RunnableImage[] = []
  let db: PayloadImage

  beforeAll(async () => {
    root = await tempDir()
    blobs = new Blobs(join(root, 'blobs'))
    registry = await startRegistry(root)
    for (const k of [1, 2, 3]) {
      const img = await runnableImage([libFiles, appFiles(k)])
      imgs[k] = img
      v[k] = await blobs.add(`${registry.host}/shop/web:${k}`, img)
    }
    db = await blobs.add(`${registry.host}/shop/db:1`, await runnableImage([{ 'db/v': 'db\n' }]))
  })
  afterAll(async () => registry?.stop())

  it('v1 full (uncompressed layers) → v2 delta → v3 delta, each started and checked by content', async () => {
    const device = await RealDevice.start('containerd')
    try {
      const r1 = await payload(root, blobs, 'containerd', 'r1', [
        { name: 'web', next: v[1]! },
        { name: 'db', next: db }
      ])
      expect(r1.images.map((i) => i.mode)).toEqual(['full', 'full'])
      expect(r1.metaData.xdelta_args).toBe('-d -s')
      const i1 = await install(device, r1)
      expect(i1.code, i1.out).toBe(0)
      expect(await device.readInContainer('shop-web-1', '/app/v')).toBe('release-1\n')
      // the device names the image as the payload did, and holds plain tars by diff ID
      const webOf = (p: ModulePayload) => p.images.find((i) => i.services[0] === 'web')!
      const h1 = await held(device, v[1]!.reference)
      expect(h1.id).toBe(`sha256:${webOf(r1).id}`)
      const dbId = r1.images.find((i) => i.services[0] === 'db')!.id
      expect((await held(device, db.reference)).id).toBe(`sha256:${dbId}`)
      for (const d of v[1]!.diffIds) expect(h1.blobs).toContain(d.slice(7))
      for (const l of v[1]!.layers) expect(h1.blobs).not.toContain(l.digest.slice(7))

      let prev = v[1]!
      for (const k of [2, 3]) {
        const next = v[k]!
        const p = await payload(root, blobs, 'containerd', `r${k}`, [
          { name: 'web', next, current: prev },
          { name: 'db', next: db, current: db }
        ])
        const rep = webOf(p)
        // db is unchanged: named by its device image ID, as the device must export it
        const dbRep = p.images.find((i) => i.services[0] === 'db')!
        expect([dbRep.mode, dbRep.id]).toEqual(['reused', dbId])
        const dbCurrent = await run('tar', ['-xzOf', p.files[0]!, `images/${dbId}/url-current.txt`])
        expect(dbCurrent.stdout).toBe(`sha256:${dbId}\n`)
        expect(rep.mode).toBe('delta')
        expect(rep.layers.map((l) => l.choice)).toEqual(['reused', 'reused', 'delta'])
        // the changed app layer travels as a small delta, not as its 200 KB
        expect(rep.layers[2]!.shippedSize).toBeLessThan(rep.layers[2]!.fullSize / 20)
        const sums = await run('tar', ['-xzOf', p.files[0]!, `images/${rep.id}/sums-current.txt`])
        expect(sums.stdout.trim()).toBe(
          (await held(device, prev.reference)).id.replace('sha256:', '')
        )
        const r = await install(device, p)
        expect(r.code, r.out).toBe(0)
        expect(await device.readInContainer('shop-web-1', '/app/v')).toBe(`release-${k}\n`)
        expect(await device.readInContainer('shop-web-1', '/app/data.txt')).toContain(
          `changed in release ${k}`
        )
        expect(await device.readInContainer('shop-db-1', '/db/v')).toBe('db\n')
        const h = await held(device, next.reference)
        expect(h.id).toBe(`sha256:${rep.id}`)
        for (const d of next.diffIds) expect(h.blobs).toContain(d.slice(7))
        prev = next
      }
    } finally {
      await device.stop()
    }
  })

  it('v2 as a delta on a device whose v1 was pulled from the registry (gzip blobs); with -D it fails', async () => {
    await new Pusher(registry.url).image('shop/web', '1', imgs[1]!)
    const current: PayloadImage = { ...v[1]!, held: 'registry' }
    const p = await payload(root, blobs, 'containerd', 'r2', [
      { name: 'web', next: v[2]!, current }
    ])
    const rep = p.images[0]!
    expect(rep.mode).toBe('delta')
    expect(rep.layers[2]!.shippedSize).toBeLessThan(rep.layers[2]!.fullSize / 20)
    // what the registry-held image is named by on the device: its manifest digest and gzip blobs
    const sums = await run('tar', ['-xzOf', p.files[0]!, `images/${rep.id}/sums-current.txt`])
    expect(`sha256:${sums.stdout.trim()}`).toBe(v[1]!.manifestDigest)

    for (const args of ['-d -D -s', '-d -s']) {
      const device = await RealDevice.start('containerd')
      try {
        // the daemon pulls from the loopback registry itself (127.0.0.1 is insecure-allowed)
        await device.dockerOk(['pull', v[1]!.reference])
        const h1 = await held(device, v[1]!.reference)
        expect(h1.id).toBe(v[1]!.manifestDigest)
        for (const l of v[1]!.layers) expect(h1.blobs).toContain(l.digest.slice(7))
        const r = await install(device, p, args)
        if (args.includes('-D')) {
          // what the deployment log shows when XDELTA_ARGS still has -D
          expect(r.code).not.toBe(0)
          expect(r.out).toMatch(/xdelta3: (source file too short|target window checksum mismatch)/)
          continue
        }
        expect(r.code, r.out).toBe(0)
        expect(r.out).toContain('externally compressed input: gzip -dc')
        expect(await device.readInContainer('shop-web-1', '/app/v')).toBe('release-2\n')
        const h2 = await held(device, v[2]!.reference)
        expect(h2.id).toBe(`sha256:${rep.id}`)
        for (const d of v[2]!.diffIds) expect(h2.blobs).toContain(d.slice(7))
      } finally {
        await device.stop()
      }
    }
  })

  it('the containerd payload is within 1.1× of the classic one for the same release', async () => {
    const sizes: Record<string, number> = {}
    for (const store of ['classic', 'containerd', 'containerd-registry'] as const) {
      const p = await payload(root, blobs, store, 'r2', [
        { name: 'web', next: v[2]!, current: v[1]! }
      ])
      sizes[store] = await imagesSize(p)
    }
    expect(sizes.containerd!).toBeLessThanOrEqual(1.1 * sizes.classic!)
    expect(sizes['containerd-registry']!).toBeGreaterThan(2 * sizes.containerd!)
  })
})
