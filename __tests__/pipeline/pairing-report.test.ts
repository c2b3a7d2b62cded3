import { describe, expect, it } from 'vitest'
import type { ImageReport, ModulePayload } from '../../src/payload/index.js'
import { logPairings, servicePayloads } from '../../src/pipeline/stages/delta.js'
import { serviceReports } from '../../src/pipeline/run-pipeline.js'
import type { Plan } from '../../src/pipeline/stages.js'
import { MemoryLogger } from '../../src/util/log.js'

const signals = {
  source: 1,
  pathBytes: 0,
  sharedPaths: 0,
  renamedBytes: 500_000,
  renamedFiles: 4,
  contentBytes: 900_000
}

// one image with a current image: layer 0 unchanged, 1 paired by content, 2 with nothing
const image: ImageReport = {
  id: 'x',
  services: ['web', 'worker'],
  reference: 'r.example/web:2',
  mode: 'delta',
  layers: [
    {
      index: 0,
      digest: 'a',
      choice: 'reused',
      source: 0,
      pairing: { reason: 'same layer', source: 0 },
      fullSize: 10,
      shippedSize: 1
    },
    {
      index: 1,
      digest: 'b',
      choice: 'delta',
      source: 1,
      pairing: { reason: 'content similarity', source: 1, signals },
      fullSize: 1_000_000,
      shippedSize: 20_000
    },
    {
      index: 2,
      digest: 'c',
      choice: 'full',
      pairing: { reason: 'none' },
      fullSize: 300,
      shippedSize: 300
    }
  ]
}

describe('layer pairing in the delta stage reports', () => {
  it('logs one line per changed layer: its source and why (the CLI and action log)', () => {
    const log = new MemoryLogger()
    logPairings([image], log)
    expect(log.lines.map((l) => l.message)).toEqual([
      'web, worker: layer 1 (976.6 KiB, delta 19.5 KiB) paired with current layer 1 by content similarity (~90 % of its bytes, 4 files renamed)',
      'web, worker: layer 2 (300 B, full) not paired: nothing in common with a current layer'
    ])
  })

  it('carries the pairing of changed layers into the service reports (summary and json)', () => {
    const payloads = servicePayloads([image])
    // the second service reuses the first one's layers: no pairing shown twice
    expect(payloads.find((s) => s.name === 'worker')!.layers.every((l) => !l.pairing)).toBe(true)
    const plan = {
      services: [],
      targets: [{ platform: 'linux/amd64', deviceTypes: ['d'] }]
    } as unknown as Plan
    const [web] = serviceReports(
      plan,
      [],
      [
        {
          platform: 'linux/amd64',
          services: payloads,
          payloadDir: '/x',
          payload: {} as ModulePayload
        }
      ]
    )
    expect(web!.name).toBe('web')
    expect(web!.pairings).toEqual([
      {
        layer: 1,
        mode: 'delta',
        fullBytes: 1_000_000,
        shippedBytes: 20_000,
        reason: 'content similarity',
        source: 1,
        detail: 'current layer 1 by content similarity (~90 % of its bytes, 4 files renamed)'
      },
      {
        layer: 2,
        mode: 'full',
        fullBytes: 300,
        shippedBytes: 300,
        reason: 'none',
        detail: 'none: nothing in common with a current layer'
      }
    ])
  })
})
