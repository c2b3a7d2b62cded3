import { expect, it } from 'vitest'
import { runPipeline } from '../../src/pipeline/run-pipeline.js'
import { createStages } from '../../src/pipeline/stages/index.js'
import type { BuildOptions } from '../../src/pipeline/options.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { SHOP_V1_COMPOSE, shopBuildOptions, shopRegistry } from './shop.js'

const NO_RECORD = /no record of the previous release .* containerd-store devices/

// On the containerd store the base's form on the device comes from the
// previous release's record; without one the build says what it assumed,
// before the encodes, and how to get the record found.
describeWithTools(['skopeo', 'docker-registry'], 'containerd bases without a record', () => {
  const registryHost = shopRegistry()
  const build = async (release: 'v1' | 'v2', cacheDir: string, over: Partial<BuildOptions>) => {
    const log = new MemoryLogger()
    const options = await shopBuildOptions(registryHost(), release, {
      deviceImageStore: 'containerd',
      cacheDir,
      ...over
    })
    await runPipeline(options, createStages(log), log)
    return log.lines.filter((l) => l.level === 'warn').map((l) => l.message)
  }

  it('warns when the previous compose file alone gives the bases', async () => {
    const warnings = await build('v2', await tempDir('mc-ctrd-a-'), {
      artifactName: 'shop-2.0',
      ...SHOP_V1_COMPOSE
    })
    expect(warnings.filter((w) => NO_RECORD.test(w))).toHaveLength(1)
    expect(warnings.find((w) => NO_RECORD.test(w))).toMatch(/previous-artifact-name/)
  }, 120_000)

  it('says nothing once the previous artifact is named and its record is found', async () => {
    const cache = await tempDir('mc-ctrd-b-')
    await build('v1', cache, { artifactName: 'shop-1.0', previous: { kind: 'none' } })
    const warnings = await build('v2', cache, {
      artifactName: 'shop-2.0',
      previousArtifactName: 'shop-1.0',
      ...SHOP_V1_COMPOSE
    })
    expect(warnings.filter((w) => NO_RECORD.test(w))).toEqual([])
  }, 120_000)
})
