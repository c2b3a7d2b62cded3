import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { InputNames } from '../../src/action/inputs.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  runs: Record<string, string>
  inputs: Record<string, { default?: string; description: string }>
  outputs: Record<string, { description: string }>
}

describe('action.yml', () => {
  it('runs on node24 with main and a success-only post step', () => {
    expect(action.runs).toMatchObject({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post/index.js',
      'post-if': 'success()'
    })
  })

  it('declares exactly the inputs the typed inputs module reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(InputNames).sort())
  })

  it('gives every boolean input a default and every input a description', () => {
    for (const [name, def] of Object.entries(action.inputs)) {
      expect(def.description, name).toBeTruthy()
      if (def.default === 'true' || def.default === 'false') continue
      expect(name, `${name} looks boolean but has no true/false default`).not.toMatch(
        /^(dry-run|wait|upload|cache|deploy-all-devices|job-summary)$/
      )
    }
  })

  it('README tables are generated from action.yml', () => {
    execFileSync(process.execPath, ['scripts/generate-docs.mjs', '--check'])
  })
})
