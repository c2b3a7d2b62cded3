import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import module from 'node:module'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { tempDir } from '../helpers/tmp.js'

// In a child process: turning the cache on in the test runner itself would change it.
it('the CLI turns on V8 code caching under the user cache folder where Node has it (≥ 22.1)', async () => {
  const dir = await tempDir('compile-cache-')
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: dir }
  delete env.NODE_COMPILE_CACHE
  delete env.NODE_DISABLE_COMPILE_CACHE
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('./src/cli/compile-cache.ts').then((m) => console.log(String(m.enableCompileCache())))"
    ],
    { encoding: 'utf8', env }
  ).trim()
  const expected = join(dir, 'mender-compose', 'node-compile-cache')
  if (typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function') {
    expect(out).toBe(expected)
    expect(existsSync(expected)).toBe(true)
  } else {
    // Node 20: nothing to turn on, and nothing written
    expect(out).toBe('undefined')
    expect(existsSync(expected)).toBe(false)
  }
})
