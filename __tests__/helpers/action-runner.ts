import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tempDir } from './tmp.js'

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
}

/** Parses the file-command format core writes: `name<<delim\nvalue\ndelim` or `name=value`. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] ?? '')
      out[name!] = value.join('\n')
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return out
}

/**
 * Runs a bundled entry point exactly as the runner does: inputs as INPUT_*
 * variables (hyphens kept), outputs/state/summary through files, state passed
 * to the post step as STATE_*.
 */
export async function runAction(
  entry: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  state: Record<string, string> = {}
): Promise<ActionRun> {
  const dir = await tempDir('mc-runner-')
  const files = {
    GITHUB_OUTPUT: 'output',
    GITHUB_STATE: 'state',
    GITHUB_STEP_SUMMARY: 'summary',
    GITHUB_ENV: 'env',
    GITHUB_PATH: 'path'
  }
  const fileEnv: Record<string, string> = {}
  for (const [k, f] of Object.entries(files)) {
    fileEnv[k] = join(dir, f)
    await writeFile(fileEnv[k]!, '')
  }
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: process.cwd(),
    ...fileEnv,
    ...env
  }
  for (const [k, v] of Object.entries(inputs))
    childEnv[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v
  for (const [k, v] of Object.entries(state)) childEnv[`STATE_${k}`] = v
  const child = spawn(process.execPath, [entry], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)))
  return {
    code,
    stdout,
    stderr,
    outputs: parseFileCommands(await readFile(fileEnv.GITHUB_OUTPUT!, 'utf8')),
    state: parseFileCommands(await readFile(fileEnv.GITHUB_STATE!, 'utf8')),
    summary: await readFile(fileEnv.GITHUB_STEP_SUMMARY!, 'utf8')
  }
}
