import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { it } from 'vitest'

/** What a case should end in: the work done despite the fault, or a clear error. */
export type Expected = 'works' | 'clear error'

export interface Row {
  name: string
  expected: Expected
  outcome: string
  seconds: number
}

const rowsHere: Row[] = []

/** Rows of every fault file of the run, for the combined table the global teardown prints. */
export const ROWS_FILE_VARIABLE = 'MENDER_COMPOSE_FAULT_ROWS'

function keep(row: Row): void {
  rowsHere.push(row)
  const file = process.env[ROWS_FILE_VARIABLE]
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`)
}

/**
 * One fault case: runs `fn`, which returns what happened in a few words
 * ("works", "clear error") and throws when the outcome is wrong. The row
 * is kept for the table either way.
 */
export function faultCase(
  name: string,
  expected: Expected,
  fn: () => Promise<string>,
  timeoutMs = 120_000
): void {
  it(
    `${name} → ${expected}`,
    async () => {
      const t0 = performance.now()
      try {
        const outcome = await fn()
        keep({ name, expected, outcome, seconds: (performance.now() - t0) / 1000 })
      } catch (err) {
        const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!
        keep({
          name,
          expected,
          outcome: `WRONG: ${first.slice(0, 80)}`,
          seconds: (performance.now() - t0) / 1000
        })
        throw err
      }
    },
    timeoutMs
  )
}

/** The table of the cases (by default those run in this file), with totals, for the test log. */
export function faultTable(rows: readonly Row[] = rowsHere): string {
  const w = Math.max(4, ...rows.map((r) => r.name.length))
  const o = Math.max(7, ...rows.map((r) => r.outcome.length))
  const line = (a: string, b: string, c: string, d: string) =>
    `${a.padEnd(w)}  ${b.padEnd(11)}  ${c.padEnd(o)}  ${d.padStart(7)}`
  const wrong = rows.filter((r) => r.outcome.startsWith('WRONG')).length
  const works = rows.filter((r) => r.outcome === 'works').length
  const total = rows.reduce((n, r) => n + r.seconds, 0)
  return [
    line('case', 'expected', 'outcome', 'seconds'),
    line('-'.repeat(w), '-'.repeat(11), '-'.repeat(o), '-------'),
    ...rows.map((r) => line(r.name, r.expected, r.outcome, r.seconds.toFixed(1))),
    `totals: ${rows.length} cases, ${works} worked despite the fault, ${rows.length - works - wrong} clear errors, ${wrong} wrong; ${total.toFixed(1)} s`
  ].join('\n')
}

/** tsx by file URL: the child may run in another folder (a project with a compose file). */
const TSX = pathToFileURL(`${process.cwd()}/node_modules/tsx/dist/loader.mjs`).href

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  seconds: number
}

/** `mender-compose ARGS` from the sources, in a child process, as a user runs it. */
export function runCli(
  args: string[],
  opts: {
    env?: Record<string, string>
    cwd?: string
    timeoutMs?: number
    /** The soft limit on open files for the child. */
    openFiles?: number
    /** Called once the child runs (to kill it mid-work). */
    onSpawn?: (child: ChildProcess, output: () => string) => void
  } = {}
): Promise<CliRun> {
  const t0 = performance.now()
  return new Promise((resolve) => {
    const argv = ['--import', TSX, `${process.cwd()}/src/cli/index.ts`, ...args]
    // a limit on open files as runners have it (1024): through a shell's ulimit
    const [cmd, cmdArgs] = opts.openFiles
      ? ['bash', ['-c', `ulimit -n ${opts.openFiles} && exec "$0" "$@"`, process.execPath, ...argv]]
      : [process.execPath, argv]
    const child = spawn(cmd, cmdArgs, {
      cwd: opts.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000)
    opts.onSpawn?.(child, () => stderr)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, seconds: (performance.now() - t0) / 1000 })
    })
  })
}

/** The `error: …` line of a failed run, or a WRONG outcome naming what happened instead. */
export function errorLine(r: CliRun): string {
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('error: '))
  if (r.code === 0) throw new Error(`exited 0; stderr: ${r.stderr.slice(-200)}`)
  if (lines.length !== 1)
    throw new Error(`${lines.length} error lines (exit ${r.code}): ${r.stderr.slice(-300)}`)
  return lines[0]!
}
