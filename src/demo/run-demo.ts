import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { OPTION_TABLE, type BuildOptions } from '../pipeline/options.js'
import { createStages } from '../pipeline/stages/index.js'
import type { BuildResult } from '../pipeline/result.js'
import { runPipeline } from '../pipeline/run-pipeline.js'
import type { Logger } from '../util/log.js'
import { IMAGES, makeImage } from './shop-images.js'

/** The example's registry name; the demo never contacts it (see `sourceFor`). */
export const DEMO_REGISTRY = 'localhost:5000'

/** The example app's compose file at a release: three services, as examples/shop has them. */
export function shopCompose(release: 'v1' | 'v2'): string {
  const tag = release === 'v1' ? '1.0' : '2.0'
  return [
    `# The example "shop" app, release ${release}.`,
    'name: shop',
    'services:',
    '  web:',
    `    image: ${DEMO_REGISTRY}/shop/web:${tag}`,
    '    ports:',
    "      - '8080:80'",
    '  api:',
    `    image: ${DEMO_REGISTRY}/shop/api:${tag}`,
    '  db:',
    `    image: ${DEMO_REGISTRY}/shop/db:16`,
    ''
  ].join('\n')
}

export interface DemoOptions {
  outputDir: string
  platform: string
  deviceType: string
  log: Logger
}

export interface DemoResult {
  v1: BuildResult
  v2: BuildResult
}

/**
 * The README's "Try it": writes the example images as OCI layouts into a
 * temporary folder, then runs the real pipeline twice (dry run): v1 as a
 * full artifact, v2 as deltas against v1. References in the compose files
 * are mapped to those layouts, so no registry, account or network is needed.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const work = await mkdtemp(join(tmpdir(), 'mender-compose-demo-'))
  try {
    const images = join(work, 'images')
    for (const [service, tag] of IMAGES) await makeImage(images, service, tag)
    const sourceFor = (reference: string): string => {
      const m = new RegExp(`^${DEMO_REGISTRY}/shop/([a-z]+):([0-9.]+)$`).exec(reference)
      return m ? `oci:${join(images, `${m[1]}-${m[2]}`)}:${m[2]}` : reference
    }
    for (const r of ['v1', 'v2'] as const) {
      await mkdir(join(work, 'project', r), { recursive: true })
      await writeFile(join(work, 'project', r, 'compose.yaml'), shopCompose(r))
    }
    const outputDir = resolve(opts.outputDir)
    await mkdir(outputDir, { recursive: true })
    const build = (release: 'v1' | 'v2'): Promise<BuildResult> => {
      const options = demoOptions(work, outputDir, release, opts)
      return runPipeline(options, createStages(opts.log, { sourceFor }), opts.log)
    }
    const v1 = await build('v1')
    const v2 = await build('v2')
    return { v1, v2 }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

function demoOptions(
  work: string,
  outputDir: string,
  release: 'v1' | 'v2',
  opts: DemoOptions
): BuildOptions {
  return {
    composeFiles: ['compose.yaml'],
    projectDirectory: join(work, 'project', release),
    composeEnv: {},
    applicationName: 'shop',
    artifactName: release === 'v1' ? 'shop-1.0' : 'shop-2.0',
    targets: [{ platform: opts.platform, deviceTypes: [opts.deviceType] }],
    module: OPTION_TABLE.module.default,
    delta: OPTION_TABLE.delta.default,
    deltaEncoder: OPTION_TABLE.deltaEncoder.default,
    deviceImageStore: OPTION_TABLE.deviceImageStore.default,
    previous:
      release === 'v1' ? { kind: 'none' } : { kind: 'compose', files: ['../v1/compose.yaml'] },
    // v2's deltas only decode on a device running shop-1.0: the artifact says so.
    ...(release === 'v2' ? { previousArtifactName: 'shop-1.0' } : {}),
    softwareFilesystem: OPTION_TABLE.softwareFilesystem.default,
    provides: {},
    depends: {},
    clearsProvides: [],
    compression: OPTION_TABLE.compression.default,
    menderServerUrl: OPTION_TABLE.menderServerUrl.default,
    credentials: {},
    upload: false,
    serviceImages: {},
    cacheDir: join(work, 'store'),
    outputDir,
    dryRun: true
  }
}
