import { afterAll, describe, it } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { inputCases } from './input-cases.js'
import { menderCases } from './mender-cases.js'
import { registryCases } from './registry-cases.js'
import { storeCases } from './store-cases.js'
import { faultTable } from './table.js'

// The fault-injection suite: each case runs the CLI against a fault and
// records what happened; the table (case, expected, outcome, seconds) and its
// totals print at the end.
describeWithTools(['docker-registry', 'htpasswd'], 'registry faults', registryCases)
describeWithTools(['mender-artifact'], 'Mender server faults', menderCases)
describeWithTools(['docker-registry'], 'hostile inputs', inputCases)
describeWithTools(['docker-registry', 'skopeo'], 'content store faults', storeCases)

describe('fault table', () => {
  it('collects the rows above', () => {})
  afterAll(() => {
    process.stdout.write(`\n${faultTable()}\n`)
  })
})
