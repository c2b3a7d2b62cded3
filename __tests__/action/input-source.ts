import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { InputName, InputSource } from '../../src/action/inputs.js'

// The runner fills unset inputs with action.yml's defaults; so does this source.
// github-token's default is an expression the runner evaluates: '' here.
export const actionDefaults: Record<string, string> = Object.fromEntries(
  Object.entries(
    (parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> })
      .inputs
  ).map(([k, v]) => [k, k === 'github-token' ? '' : String(v.default ?? '')])
)

/** An input source as the runner gives it: inputs over action.yml defaults, plus the runner env. */
export function inputSource(
  inputs: Partial<Record<InputName, string>>,
  env: Record<string, string | undefined>
): { src: InputSource; masked: string[] } {
  const masked: string[] = []
  return {
    src: {
      input: (name) => inputs[name] ?? actionDefaults[name] ?? '',
      env,
      mask: (s) => masked.push(s)
    },
    masked
  }
}
