import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll } from 'vitest'
import type { BuildOptions } from '../../src/pipeline/options.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { baseOptions } from './memory-stages.js'

const run = promisify(execFile)

/** The CLI from source (no dist needed), as push-images.sh's MENDER_COMPOSE. */
export const SOURCE_CLI = `${process.execPath} --import tsx ${resolve('src/cli/index.ts')}`

/** examples/shop/push-images.sh: the example images, pushed; one `ref@digest` line each. */
export async function pushShopImages(registryHost: string): Promise<string[]> {
  const r = await run('sh', ['examples/shop/push-images.sh', registryHost], {
    timeout: 120_000,
    env: { ...process.env, MENDER_COMPOSE: SOURCE_CLI }
  })
  return r.stdout.trim().split('\n')
}

/**
 * A real registry holding the example images, for the tests of one describe
 * block: started before them, stopped after. Returns its host once started.
 */
export function shopRegistry(): () => string {
  let registry: RunningRegistry | undefined
  beforeAll(async () => {
    registry = await startRegistry(await tempDir())
    await pushShopImages(registry.host)
  }, 180_000)
  afterAll(async () => {
    await registry?.stop()
  })
  return () => registry!.host
}

/**
 * Options of a dry-run build of examples/shop `release` (one linux/arm64
 * target, no upload) from the registry at `registryHost`, writing
 * `<release>.mender` in a folder of its own.
 */
export async function shopBuildOptions(
  registryHost: string,
  release: 'v1' | 'v2',
  over: Partial<BuildOptions>
): Promise<BuildOptions> {
  const out = await tempDir('mc-shop-out-')
  return baseOptions({
    composeFiles: [resolve(`examples/shop/${release}/compose.yaml`)],
    projectDirectory: resolve(`examples/shop/${release}`),
    composeEnv: { REGISTRY: registryHost },
    targets: [{ platform: 'linux/arm64', deviceTypes: ['raspberrypi4'] }],
    outputDir: out,
    outputPath: join(out, `${release}.mender`),
    upload: false,
    dryRun: true,
    ...over
  })
}

/** The previous release as examples/shop/v1's compose file gives it. */
export const SHOP_V1_COMPOSE: Partial<BuildOptions> = {
  previous: { kind: 'compose', files: [resolve('examples/shop/v1/compose.yaml')] }
}
