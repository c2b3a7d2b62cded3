import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { faultTable, ROWS_FILE_VARIABLE, type Row } from './table.js'

/**
 * Vitest global setup: the fault files run in parallel workers, each appending
 * its rows to one file; after the last test the whole suite's table prints
 * with its totals (nothing when no fault file ran).
 */
export default function setup(): () => void {
  const file = join(tmpdir(), `mender-compose-fault-rows-${process.pid}.jsonl`)
  rmSync(file, { force: true })
  process.env[ROWS_FILE_VARIABLE] = file
  return () => {
    if (!existsSync(file)) return
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row)
    rmSync(file, { force: true })
    process.stdout.write(`\nfault-injection suite, every case:\n${faultTable(rows)}\n`)
  }
}
