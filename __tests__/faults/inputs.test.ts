import { afterAll } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { inputCases } from './input-cases.js'
import { faultTable } from './table.js'

// Part of the fault-injection suite: each case runs the CLI against a fault
// and records what happened; this file's table prints at its end, and the
// whole suite's table (every fault file of the run) after the last test.
describeWithTools(['docker-registry'], 'hostile inputs', inputCases)

afterAll(() => {
  process.stdout.write(`\n${faultTable()}\n`)
})
