import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { buildOutputs, OutputNames } from '../../src/action/outputs.js'
import { renderSummary } from '../../src/action/summary.js'
import { runPipeline } from '../../src/pipeline/run-pipeline.js'
import type { BuildResult, ServiceReport } from '../../src/pipeline/result.js'
import { MemoryLogger } from '../../src/util/log.js'
import { baseOptions, exampleApp, memoryStages } from '../pipeline/memory-stages.js'

async function result(over: Parameters<typeof baseOptions>[0] = {}): Promise<BuildResult> {
  const { stages } = memoryStages(exampleApp())
  return runPipeline(
    baseOptions({
      deploy: {
        target: { kind: 'group', group: 'prod' },
        name: 'shop-2.0',
        wait: false,
        waitTimeoutMs: 1
      },
      ...over
    }),
    stages,
    new MemoryLogger(),
    { cache: { restore: async () => ({ primaryKey: 'k', matchedKey: 'k' }) } }
  )
}

describe('outputs', () => {
  it('sets exactly the outputs action.yml declares', async () => {
    const declared = Object.keys(
      (parse(readFileSync('action.yml', 'utf8')) as { outputs: Record<string, unknown> }).outputs
    )
    expect([...OutputNames].sort()).toEqual(declared.sort())
    expect(Object.keys(buildOutputs(await result())).sort()).toEqual(declared.sort())
  })

  it('reports the artifact, upload, deployment and sizes as strings', async () => {
    const r = await result()
    const o = buildOutputs(r)
    expect(o).toMatchObject({
      'artifact-path': '/out/shop-2.0.mender',
      'artifact-name': 'shop-2.0',
      'metadata-path': '/out/shop-2.0.json',
      'artifact-id': 'id-linux-arm64',
      uploaded: 'true',
      'deployment-id': 'dep-1',
      'deployment-url': 'https://mender.example/ui/deployments/dep-1',
      'deployment-status': 'created',
      'previous-ref': 'v1.0.0',
      'cache-hit': 'true'
    })
    expect(Number(o['artifact-size'])).toBe(r.artifacts[0]!.size)
    expect(Number(o['full-size'])).toBe(r.fullSize)
    expect(Number(o['delta-size'])).toBe(r.deltaSize)
    expect(Number(o['delta-size'])).toBeLessThan(Number(o['full-size']))
    const json = JSON.parse(o.json) as Record<string, unknown>
    expect(json).toMatchObject({
      artifactName: 'shop-2.0',
      uploaded: true,
      deploymentId: 'dep-1',
      fullSize: r.fullSize,
      deltaSize: r.deltaSize,
      cacheHit: true,
      previousRef: 'v1.0.0'
    })
    expect((json.services as unknown[]).length).toBe(3)
  })

  it('leaves upload and deployment outputs empty on a dry run', async () => {
    const o = buildOutputs(await result({ dryRun: true }))
    expect(o).toMatchObject({
      'artifact-id': '',
      uploaded: 'false',
      'deployment-id': '',
      'deployment-url': '',
      'deployment-status': ''
    })
    expect(o['artifact-path']).toBe('/out/shop-2.0.mender')
  })
})

describe('job summary', () => {
  it('has a table per service, the artifact and the deployment', async () => {
    const md = renderSummary(
      await result({ provides: {}, depends: { 'device-rootfs.version': '5' } })
    )
    expect(md).toContain('## Mender release `shop-2.0`')
    expect(md).toContain('Deltas against the previous release `v1.0.0` (artifact `shop-1.0`)')
    expect(md).toMatch(
      /\| web \| linux\/arm64 \| `registry.example\/web:1`<br>`sha256:[0-9a-f]{12}` \| `registry.example\/web:2`<br>`sha256:[0-9a-f]{12}` \| 1 \/ 1 \/ 0 \| 2.9 KiB \| 900 B \| 70% \|/
    )
    expect(md).toMatch(/\| db \| .* \| 2 \/ 0 \/ 0 \| .* \| 0 B \| 100% \|/)
    expect(md).toMatch(
      /\| `shop-2.0` \| linux\/arm64 \| raspberrypi4 \| .* \| no \| `data-docker.shop.version: shop-2.0` \| `device-rootfs.version: 5` \|/
    )
    expect(md).toContain('| [dep-1](https://mender.example/ui/deployments/dep-1) | created | – |')
  })

  it('says per changed layer which current layer it was paired with and why', async () => {
    const r = await result()
    r.services[0]!.pairings = [
      {
        layer: 1,
        mode: 'delta',
        fullBytes: 35_400_000,
        shippedBytes: 15_100_000,
        reason: 'content similarity',
        source: 1,
        detail: 'current layer 1 by content similarity (~88 % of its bytes, 12 files renamed)'
      },
      {
        layer: 2,
        mode: 'full',
        fullBytes: 2_000_000,
        shippedBytes: 2_000_000,
        reason: 'none',
        detail: 'none: nothing in common with a current layer'
      }
    ]
    const md = renderSummary(r)
    const name = r.services[0]!.name
    expect(md).toContain('### Layer pairing')
    expect(md).toContain(
      `| ${name} | linux/arm64 | 1 | delta 14.4 MiB of 33.8 MiB | 1 | content similarity | current layer 1 by content similarity (~88 % of its bytes, 12 files renamed) |`
    )
    expect(md).toContain(
      `| ${name} | linux/arm64 | 2 | full of 1.9 MiB | – | none | none: nothing in common with a current layer |`
    )
    // without pairings (no current image) there is no such section
    expect(renderSummary(await result())).not.toContain('### Layer pairing')
  })

  it('says a dry run deployed nothing', async () => {
    expect(renderSummary(await result({ dryRun: true }))).toContain(
      'Dry run: nothing was uploaded or deployed.'
    )
  })

  it('never shows a secret, even one that slipped into a field', async () => {
    const r = await result()
    r.artifacts[0]!.provides['leak'] = 'token-SECRET-1234'
    const md = renderSummary(r, { secrets: ['token-SECRET-1234'] })
    expect(md).not.toContain('token-SECRET-1234')
    expect(md).toContain('`leak: ***`')
  })

  it('stays under the size limit by leaving out service rows, saying so', async () => {
    const r = await result()
    const row: ServiceReport = r.services[0]!
    r.services = Array.from({ length: 20000 }, (_, i) => ({ ...row, name: `svc-${i}` }))
    const limit = 1024 * 1024 - 4096
    const md = renderSummary(r)
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(limit)
    expect(Buffer.byteLength(md)).toBeGreaterThan(limit - 2000)
    expect(md).toMatch(
      /_\d+ more rows left out to keep this summary under 1 MiB; the `json` output has all of them._/
    )
    expect(md).toContain('### Deployment')
    const small = renderSummary(r, { maxBytes: 3000 })
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(3000)
  })

  it('cuts even a summary whose fixed part is too big', async () => {
    const r = await result()
    r.artifacts[0]!.provides = { huge: 'é'.repeat(5000) }
    const md = renderSummary(r, { maxBytes: 2000 })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(2000)
    expect(md).toContain('Summary cut to stay under 1 MiB')
    expect(md).not.toContain('\uFFFD')
  })
})
