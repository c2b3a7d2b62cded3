// `npm run bench [-- NAME...]`: runs bench/<NAME>/index.ts for each named
// benchmark (all when none is named). Each prints its own table of ratios
// against the reference tool measured in the same run.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const all = readdirSync('bench', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`bench/${d.name}/index.ts`))
  .map((d) => d.name)
  .sort()
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = wanted.length ? wanted : all
let failed = 0
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`no benchmark '${name}' (have: ${all.join(', ') || 'none'})`)
    failed++
    continue
  }
  console.log(`\n### bench/${name}`)
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      `bench/${name}/index.ts`,
      ...process.argv.slice(2).filter((a) => a.startsWith('-'))
    ],
    {
      stdio: 'inherit'
    }
  )
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
