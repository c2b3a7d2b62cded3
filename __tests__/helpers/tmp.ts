import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** A temporary folder removed after the suite (kept with KEEP_TMP=1 for debugging). */
export async function tempDir(prefix = 'mc-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  afterAll(async () => {
    if (process.env.KEEP_TMP !== '1') await rm(dir, { recursive: true, force: true })
  })
  return dir
}
