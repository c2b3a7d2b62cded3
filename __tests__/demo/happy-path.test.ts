import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readArtifact } from '../../src/artifact/index.js'
import { runDemo } from '../../src/demo/run-demo.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'

describe('the demo shows what a good run looks like', () => {
  it('prints no warning: v2 finds v1 by its artifact name in the release records', async () => {
    const log = new MemoryLogger()
    const out = join(await tempDir(), 'demo')
    const { v1, v2 } = await runDemo({
      outputDir: out,
      platform: 'linux/arm64',
      deviceType: 'raspberrypi4',
      log
    })
    expect(log.lines.filter((l) => l.level === 'warn')).toEqual([])
    // the bases are the exact images v1 shipped, from v1's record, not tags resolved again
    for (const s of ['api', 'db', 'web'])
      expect(log.text()).toMatch(
        new RegExp(
          `base image for service "${s}": sha256:[0-9a-f]{64} .*from the previous artifact metadata from the cache`
        )
      )
    expect(v2.deltaSize).toBeLessThan(v1.deltaSize / 10)
    const info = await readArtifact(v2.artifacts[0]!.path)
    expect(info.depends).toMatchObject({ 'data-docker.shop.version': 'shop-1.0' })
  }, 120_000)
})
