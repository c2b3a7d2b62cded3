import { expect, it } from 'vitest'
import { sha256File } from '../../src/payload/digest.js'
import { runPipeline } from '../../src/pipeline/run-pipeline.js'
import type { Stages } from '../../src/pipeline/stages.js'
import { createStages } from '../../src/pipeline/stages/index.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { SHOP_V1_COMPOSE, shopBuildOptions, shopRegistry } from './shop.js'

/**
 * What crosses from one stage to the next, copied: data (objects, arrays,
 * Maps, Sets) survives, while identity, prototypes and closures do not.
 */
const handoff = <T>(value: T): T => structuredClone(value)

// The production stages share a session (content store, registry client) but
// no stage data: delta and package from a second, fresh set of stages, given
// a copy of what plan and fetch returned, write the artifact the single set
// writes. A stage that still read state another stage left behind would
// fail here or write something else.
describeWithTools(['skopeo', 'docker-registry'], 'stages hand off plain data', () => {
  const registryHost = shopRegistry()
  const options = async (cacheDir: string, module: 'app' | 'docker-compose') =>
    shopBuildOptions(registryHost(), 'v2', { ...SHOP_V1_COMPOSE, cacheDir, module })

  it.each(['app', 'docker-compose'] as const)(
    '%s: delta and package from a fresh set of stages write the same artifact',
    async (module) => {
      const log = new MemoryLogger()
      const whole = await runPipeline(
        await options(await tempDir('mc-handoff-a-'), module),
        createStages(log),
        log
      )

      const first = createStages(log)
      const second = createStages(log)
      const seen: string[] = []
      const mixed: Stages = {
        ...first,
        delta: (input) => {
          seen.push('delta from the second set')
          return second.delta(handoff(input))
        },
        package: (input) => {
          seen.push('package from the second set')
          return second.package(handoff(input))
        },
        close: async () => {
          await first.close?.()
          await second.close?.()
        }
      }
      const split = await runPipeline(
        await options(await tempDir('mc-handoff-b-'), module),
        mixed,
        log
      )

      expect(seen).toEqual(['delta from the second set', 'package from the second set'])
      const [a] = whole.artifacts
      const [b] = split.artifacts
      expect(a && b).toBeTruthy()
      expect(b!.sha256).toBe(a!.sha256)
      expect(await sha256File(b!.path)).toBe(await sha256File(a!.path))
      // the app module: a delta build, not a full one (the previous release was found and used)
      if (module === 'app') expect(split.phaseLines.delta).toMatch(/\b[1-9]\d* delta/)
    },
    180_000
  )
})
