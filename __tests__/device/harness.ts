import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { writeArtifact } from '../../src/artifact/index.js'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { MemoryLogger } from '../../src/util/log.js'
import { portableDeltaEngine, type DeltaEngine } from '../../src/delta/engine.js'
import {
  buildAppPayload,
  buildComposeModulePayload,
  moduleImageOptions,
  type AppService,
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
    previousImages?: string | false
    /** What the compose file says per service, when it is not the image's reference. */
    composeImages?: Record<string, string>
  }
): Promise<ModulePayload> {
  const n = ++counter
  const project = await composeProject(join(root, `project-${n}`), {
    ...Object.fromEntries(release.services.map((s) => [s.name, s.next.reference])),
    ...options.composeImages
  })
  const outDir = join(root, `out-${n}`)
  await mkdir(outDir, { recursive: true })
  return buildAppPayload({
    applicationName: 'myapp',
    platform: 'linux/amd64',
    artifactName: release.name,
    previousVersion: options.previousVersion,
    ...(options.previousImages !== undefined && { previousImages: options.previousImages }),
    services: release.services,
    projectDirectory: project,
    composeFiles: ['docker-compose.yml'],
    deepDelta: options.deepDelta,
    deviceStore: options.store,
    blobs: layout,
    // the default engine: native on the pool plus an xdelta3 -3 -S none candidate
    engine: options.engine ?? portableDeltaEngine(),
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
 * Writes the payload into a Mender Artifact with our writer (src/artifact), then
 * runs the real `mender-artifact validate` and `read` and returns read's output.
 */
export async function writeAndValidate(
  root: string,
  payload: ModulePayload,
  name: string
): Promise<string> {
  const out = join(root, `artifact-${++counter}.mender`)
  await writeArtifact(moduleImageOptions(payload, { name, deviceTypes: ['test-device'] }), out)
  await run('mender-artifact', ['validate', out])
  const { stdout } = await run('mender-artifact', ['read', out])
  return stdout
}
