import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { RealDevice, RunResult } from '../helpers/real-device.js'

/**
 * The install steps of the two Update Modules, performed by the tests
 * against a real engine (until the project's own device-side module runs
 * them): the images the device holds come from `docker image load` of what
 * was shipped, a deep delta decodes against the device's own
 * `docker image save`, and the composition starts from the shipped manifests
 * folder exactly as each module starts it (app-update-module.md §7.1, §11).
 */

async function ok(what: string, r: Promise<RunResult>): Promise<string> {
  const res = await r
  if (res.code !== 0) throw new Error(`${what} exited ${res.code}: ${res.stderr.trim()}`)
  return res.stdout
}

/** The payload files of an artifact (`images.tar.gz`, `manifests.tar[.gz]`), unpacked into `dir`. */
export async function payloadFiles(
  device: RealDevice,
  artifact: string,
  dir: string
): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true })
  await ok('tar', device.run('tar', ['-xf', artifact, '-C', dir]))
  const data = (await readdir(join(dir, 'data'))).find((n) => n.startsWith('0000.tar'))
  if (!data) throw new Error(`${artifact}: no data/0000.tar*`)
  const files = join(dir, 'files')
  await mkdir(files)
  // GNU tar recognises the member's compression (gzip, zstd, none) by itself
  await ok('tar', device.run('tar', ['-xf', join(dir, 'data', data), '-C', files]))
  return Object.fromEntries((await readdir(files)).map((n) => [n, join(files, n)]))
}

/**
 * ArtifactInstall of the App Update Module with its docker-compose
 * sub-module: load (decoding deep deltas against the current images), stop
 * the previous composition, then
 * `docker compose --project-directory <manifests> --project-name <app> up -d --wait --remove-orphans`.
 */
export async function appModuleInstall(
  device: RealDevice,
  artifact: string,
  app: string,
  work: string
): Promise<{ decoded: number }> {
  const tmp = join(work, `install-${Date.now()}`)
  const files = await payloadFiles(device, artifact, tmp)
  const unpacked = join(tmp, 'payload')
  await mkdir(unpacked)
  await ok('tar', device.run('tar', ['-xzf', files['images.tar.gz']!, '-C', unpacked]))
  await ok('tar', device.run('tar', ['-xzf', files['manifests.tar.gz']!, '-C', unpacked]))
  let decoded = 0
  // the artifact's xdelta_args for both stores: the deltas are made on uncompressed layer tars
  const xdeltaArgs = ['-d', '-s']
  for (const id of (await readdir(join(unpacked, 'images'))).sort()) {
    const dir = join(unpacked, 'images', id)
    const line = async (f: string) => (await readFile(join(dir, f), 'utf8')).trim()
    const urlNew = await line('url-new.txt')
    const urlCurrent = await line('url-current.txt')
    const img = join(dir, 'image.img')
    if (urlNew !== urlCurrent) {
      const cur = join(dir, 'current')
      const next = join(dir, 'next')
      await mkdir(cur)
      await mkdir(next)
      await ok(
        'docker image save',
        device.docker(['image', 'save', urlCurrent, '-o', `${cur}.tar`])
      )
      await ok('tar', device.run('tar', ['-xf', `${cur}.tar`, '-C', cur]))
      await ok('tar', device.run('tar', ['-xf', img, '-C', next]))
      const blobs = join(next, 'blobs', 'sha256')
      for (const f of (await readdir(blobs)).filter((n) => n.endsWith('.vcdiff'))) {
        const base = f.slice(0, -'.vcdiff'.length)
        const source = (await readFile(join(blobs, `${base}.source`), 'utf8')).trim()
        await ok(
          'xdelta3',
          device.run('xdelta3', [
            ...xdeltaArgs,
            join(cur, source),
            join(blobs, f),
            join(blobs, base)
          ])
        )
        decoded++
      }
      await ok('tar', device.run('tar', ['-cf', img, '-C', next, '.']))
    }
    await ok('docker image load', device.docker(['image', 'load', '-i', img]))
  }
  const store = join(work, 'store', app)
  const manifests = join(store, 'manifests')
  if (existsSync(manifests)) {
    await ok(
      'compose down',
      device.docker(['compose', '--project-directory', manifests, '--project-name', app, 'down'])
    )
    await rm(manifests, { recursive: true })
  }
  await mkdir(store, { recursive: true })
  await rename(join(unpacked, 'manifests'), manifests)
  await ok(
    'compose up',
    device.docker([
      'compose',
      '--project-directory',
      manifests,
      '--project-name',
      app,
      'up',
      '-d',
      '--wait',
      '--remove-orphans'
    ])
  )
  return { decoded }
}

/**
 * ArtifactInstall of mender-container-modules' `docker-compose` module: stop
 * the current project, `docker image load --input` every archive, then
 * `cd <manifests> && docker compose --project-name <project> up --detach`
 * and wait until the containers run.
 */
export async function composeModuleInstall(
  device: RealDevice,
  artifact: string,
  project: string,
  work: string
): Promise<void> {
  const tmp = join(work, `install-${Date.now()}`)
  const files = await payloadFiles(device, artifact, tmp)
  const unpacked = join(tmp, 'payload')
  await mkdir(unpacked)
  await ok('tar', device.run('tar', ['-xzf', files['images.tar.gz']!, '-C', unpacked]))
  await ok('tar', device.run('tar', ['-xf', files['manifests.tar']!, '-C', unpacked]))
  const current = join(work, 'compose-store', 'current')
  if (existsSync(current)) {
    await ok(
      'compose down',
      device.docker(['compose', '--project-name', project, 'down'], { cwd: join(current) })
    )
    await rm(current, { recursive: true })
  }
  for (const f of (await readdir(join(unpacked, 'images'))).sort())
    await ok(
      'docker image load',
      device.docker(['image', 'load', '--input', join(unpacked, 'images', f)])
    )
  await mkdir(join(work, 'compose-store'), { recursive: true })
  await rename(join(unpacked, 'manifests'), current)
  await ok(
    'compose up',
    device.docker(['compose', '--project-name', project, 'up', '--detach'], { cwd: current })
  )
  for (let i = 0; i < 60; i++) {
    const ps = await ok(
      'compose ps',
      device.docker(['compose', '--project-name', project, 'ps', '--format', '{{.State}}'], {
        cwd: current
      })
    )
    const states = ps.split('\n').filter(Boolean)
    if (states.length > 0 && states.every((s) => s === 'running')) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`${project}: the containers did not reach "running"`)
}
