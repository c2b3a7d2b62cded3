import { afterAll } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { menderCases } from './mender-cases.js'
import { faultTable } from './table.js'

// Part of the fault-injection suite: each case runs the CLI against a fault
// and records what happened; this file's table prints at its end, and the
// whole suite's table (every fault file of the run) after the last test.
describeWithTools(['mender-artifact'], 'Mender server faults', menderCases)

afterAll(() => {
  process.stdout.write(`\n${faultTable()}\n`)
})
