import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

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
