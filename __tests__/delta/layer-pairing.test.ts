import { describe, expect, it } from 'vitest'
import { planDeepDelta, type LayerFacts } from '../../src/delta/layer-pairing.js'

const layer = (diffId: string, members: Record<string, number>): LayerFacts => ({
  diffId,
  members: new Map(Object.entries(members))
})

describe('planDeepDelta: source layers chosen by content', () => {
  const base = layer('sha256:b', { usr: 0, 'usr/lib/libc.so': 3000, 'usr/bin/sh': 800 })
  const deps = layer('sha256:d', { 'node_modules/a.js': 500, 'node_modules/b.js': 700 })
  const app = layer('sha256:a', { 'app/main.js': 100 })

  it('pairs equal diff IDs wherever they are, even when layers moved', () => {
    expect(planDeepDelta([app, base, deps], [base, deps, app])).toEqual([
      { kind: 'reused', source: 2 },
      { kind: 'reused', source: 0 },
      { kind: 'reused', source: 1 }
    ])
  })

  it('picks the current layer sharing the most file bytes, not the one at the same index', () => {
    const deps2 = layer('sha256:d2', { 'node_modules/a.js': 520, 'node_modules/c.js': 9 })
    expect(planDeepDelta([base, deps2], [base, app, deps])).toEqual([
      { kind: 'reused', source: 0 },
      {
        kind: 'delta',
        source: 2,
        reason: 'path overlap',
        signals: {
          source: 2,
          pathBytes: 500,
          sharedPaths: 1,
          renamedBytes: 500,
          renamedFiles: 1,
          contentBytes: 0
        }
      }
    ])
  })

  it('ships a layer whole when only folders are shared', () => {
    const tools = layer('sha256:t', { usr: 0, 'usr/bin/curl': 900 })
    expect(planDeepDelta([tools], [base])).toEqual([{ kind: 'full' }])
  })

  it('prefers the same position on a tie', () => {
    const x = layer('sha256:x', { f: 10 })
    const c0 = layer('sha256:c0', { f: 10 })
    const c1 = layer('sha256:c1', { f: 10 })
    // equally good: both are encoded, the first one tried being the same position
    expect(planDeepDelta([app, x], [c0, c1])[1]).toMatchObject({
      kind: 'delta',
      source: 1,
      alternate: 0,
      reason: 'path overlap'
    })
  })

  it('handles a current image with more layers than the new one (the reference generator refuses)', () => {
    expect(planDeepDelta([base], [base, deps, app])).toEqual([{ kind: 'reused', source: 0 }])
  })

  it('ships everything whole without a current image', () => {
    expect(planDeepDelta([base, app], [])).toEqual([{ kind: 'full' }, { kind: 'full' }])
  })
})
