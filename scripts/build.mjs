// Bundles the entry points with ncc (action main, action post, CLI) and
// regenerates the README's input/output tables from action.yml.
import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'

const bundles = [
  ['src/action/index.ts', 'dist'],
  ['src/action/post-index.ts', 'dist/post'],
  ['src/cli/index.ts', 'dist/cli'],
  // The delta encoder's worker thread (src/delta/pool.ts finds it from either bundle).
  ['src/delta/worker.ts', 'dist/delta-worker']
]

// The device module's text, bundled into the CLI (src/device/module-script.ts).
execFileSync(process.execPath, ['scripts/generate-device-module.mjs'], { stdio: 'inherit' })
rmSync('dist', { recursive: true, force: true })
for (const [entry, out] of bundles) {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2022'
    ],
    { stdio: 'inherit' }
  )
}
// ncc drops the shebang only sometimes; make the CLI runnable either way.
const cli = 'dist/cli/index.js'
const text = readFileSync(cli, 'utf8')
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`)
chmodSync(cli, 0o755)
if (existsSync('scripts/generate-docs.mjs'))
  execFileSync(process.execPath, ['scripts/generate-docs.mjs'], { stdio: 'inherit' })
