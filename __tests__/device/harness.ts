import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { MemoryLogger } from '../../src/util/log.js'
import {
  buildAppPayload,
  buildComposeModulePayload,
  deltaEngine,
  type AppService,
  type DeltaEngine,
  type DeviceStore,
  type ModulePayload,
  type PayloadImage
} from '../../src/payload/index.js'
import type { OciLayout } from './oci-fixtures.js'

const run = promisify(execFile)

/** A compose project folder naming the given images. */
export async function composeProject(
  dir: string,
  services: Record<string, string>,
  extra: Record<string, string> = {}
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const lines = ['services:']
  for (const [name, image] of Object.entries(services))
    lines.push(`  ${name}:`, `    image: ${image}`)
  await writeFile(join(dir, 'docker-compose.yml'), lines.join('\n') + '\n')
  for (const [f, text] of Object.entries(extra)) {
    await mkdir(join(dir, f, '..'), { recursive: true })
    await writeFile(join(dir, f), text)
  }
  return dir
}

export interface Release {
  name: string
  services: AppService[]
}

let counter = 0

export async function appPayload(
  root: string,
  layout: OciLayout,
  release: Release,
  options: {
    store: DeviceStore
    deepDelta?: boolean
    engine?: DeltaEngine
    previousVersion?: string
  }
): Promise<ModulePayload> {
  const n = ++counter
  const project = await composeProject(
    join(root, `project-${n}`),
    Object.fromEntries(release.services.map((s) => [s.name, s.next.reference]))
  )
  const outDir = join(root, `out-${n}`)
  await mkdir(outDir, { recursive: true })
  return buildAppPayload({
    applicationName: 'myapp',
    platform: 'linux/amd64',
    artifactName: release.name,
    previousVersion: options.previousVersion,
    services: release.services,
    projectDirectory: project,
    composeFiles: ['docker-compose.yml'],
    deepDelta: options.deepDelta,
    deviceStore: options.store,
    blobs: layout,
    engine: options.engine ?? deltaEngine(),
    outDir,
    workDir: join(root, `work-${n}`),
    log: new MemoryLogger()
  })
}

export async function composePayload(
  root: string,
  layout: OciLayout,
  images: PayloadImage[],
  softwareFilesystem?: string
): Promise<ModulePayload> {
  const n = ++counter
  const project = await composeProject(
    join(root, `project-${n}`),
    Object.fromEntries(images.map((im, i) => [`s${i}`, im.reference]))
  )
  const outDir = join(root, `out-${n}`)
  await mkdir(outDir, { recursive: true })
  return buildComposeModulePayload({
    projectName: 'myproj',
    artifactName: `release-${n}`,
    softwareFilesystem,
    images,
    projectDirectory: project,
    composeFiles: ['docker-compose.yml'],
    blobs: layout,
    outDir,
    workDir: join(root, `work-${n}`),
    log: new MemoryLogger()
  })
}

/**
 * Writes the payload into a Mender Artifact with the real mender-artifact
 * (tests only; the product uses issue 3's writer), then runs
 * `mender-artifact validate` and `read` and returns read's output.
 */
export async function writeAndValidate(
  root: string,
  payload: ModulePayload,
  name: string
): Promise<string> {
  const n = ++counter
  const md = join(root, `meta-${n}.json`)
  await writeFile(md, JSON.stringify(payload.metaData))
  const out = join(root, `artifact-${n}.mender`)
  const args = [
    'write',
    'module-image',
    '-T',
    payload.type,
    '-n',
    name,
    '-t',
    'test-device',
    '-o',
    out
  ]
  args.push(
    '--meta-data',
    md,
    '--compression',
    'none',
    '--no-default-software-version',
    '--no-default-clears-provides'
  )
  for (const f of payload.files) args.push('-f', f)
  for (const [k, v] of Object.entries(payload.provides)) args.push('--provides', `${k}:${v}`)
  for (const c of payload.clearsProvides) args.push('--clears-provides', c)
  for (const [k, v] of Object.entries(payload.depends)) args.push('--depends', `${k}:${v}`)
  await run('mender-artifact', args)
  await run('mender-artifact', ['validate', out])
  const { stdout } = await run('mender-artifact', ['read', out])
  return stdout
}
