// Prints the CHANGELOG.md section of one version (the release notes), or
// fails naming what is missing: the release workflow runs it before it
// creates anything, so a tag without notes stops early.
//   node scripts/release-notes.mjs 1.2.3 [CHANGELOG.md]
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The body of `## [version]` (Keep a Changelog), without its heading; undefined when absent. */
export function releaseNotes(changelog, version) {
  const lines = changelog.split(/\r?\n/)
  const heading = new RegExp(`^## \\[?v?${version.replace(/\./g, '\\.')}\\]?(\\s|$)`)
  const start = lines.findIndex((l) => heading.test(l))
  if (start < 0) return undefined
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l))
  if (end < 0) end = lines.length
  // link references ([1.2.3]: https://…) at the end belong to no section
  const body = lines.slice(start + 1, end).filter((l) => !/^\[[^\]]+\]: /.test(l))
  const text = body.join('\n').trim()
  return text || undefined
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2)
  if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    process.stderr.write('usage: node scripts/release-notes.mjs X.Y.Z [CHANGELOG.md]\n')
    process.exit(2)
  }
  const notes = releaseNotes(readFileSync(file, 'utf8'), version)
  if (!notes) {
    process.stderr.write(
      `${file} has no section "## [${version}]" with notes: add one before tagging v${version}\n`
    )
    process.exit(1)
  }
  process.stdout.write(`${notes}\n`)
}
