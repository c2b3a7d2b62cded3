// Writes src/device/module-script.ts from device/app, so the CLI bundle
// carries the device-side Update Module as text (ncc bundles imports, not
// files read at run time). `--check` fails instead of writing when it is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import * as prettier from 'prettier'

const script = readFileSync('device/app', 'utf8')
const version = /^MODULE_VERSION=(\S+)$/m.exec(script)?.[1]
if (!version) throw new Error('device/app: no MODULE_VERSION= line')
const text = `// Generated from device/app by scripts/generate-device-module.mjs (run by npm run build); do not edit.
/** The version device/app carries (its MODULE_VERSION). */
export const MODULE_VERSION = ${JSON.stringify(version)}
/** The text of device/app, the \`app\` Update Module. */
export const MODULE_SCRIPT = ${JSON.stringify(script)}
`
const target = 'src/device/module-script.ts'
const out = await prettier.format(text, {
  ...(await prettier.resolveConfig(target)),
  filepath: target
})
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== out) {
    console.error(`${target} is stale: run node scripts/generate-device-module.mjs`)
    process.exit(1)
  }
} else writeFileSync(target, out)
