import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const created: string[] = []

// Registered once, when a test file first imports this module, so folders made
// inside tests (where a hook registered on the spot would never run) are
// removed too. Each test file runs in its own process, so this is per file.
afterAll(async () => {
  if (process.env.KEEP_TMP === '1') return
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** A temporary folder removed after the test file (kept with KEEP_TMP=1 for debugging). */
export async function tempDir(prefix = 'mc-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  created.push(dir)
  return dir
}
