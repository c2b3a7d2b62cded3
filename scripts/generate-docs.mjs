// Rewrites the README's inputs/outputs tables from action.yml (as
// actions/checkout does), so the two cannot drift. `--check` fails instead of
// writing when the README is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'

const action = parse(readFileSync('action.yml', 'utf8'))
const cell = (s) =>
  String(s ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim()

const inputs = Object.entries(action.inputs ?? {}).map(
  ([name, d]) =>
    `| \`${name}\` | ${cell(d.description)} | ${d.default === undefined ? '' : `\`${cell(d.default)}\``} |`
)
const outputs = Object.entries(action.outputs ?? {}).map(
  ([name, d]) => `| \`${name}\` | ${cell(d.description)} |`
)

const block = [
  '<!-- start usage -->',
  '### Inputs',
  '',
  '| input | description | default |',
  '| --- | --- | --- |',
  ...inputs,
  '',
  '### Outputs',
  '',
  '| output | description |',
  '| --- | --- |',
  ...outputs,
  '<!-- end usage -->'
].join('\n')

const readme = readFileSync('README.md', 'utf8')
const re = /<!-- start usage -->[\s\S]*?<!-- end usage -->/
if (!re.test(readme))
  throw new Error('README.md lacks the <!-- start usage --> / <!-- end usage --> markers')
const next = readme.replace(re, block)
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md usage tables are stale: run `npm run docs`')
    process.exit(1)
  }
} else if (next !== readme) {
  writeFileSync('README.md', next)
}
