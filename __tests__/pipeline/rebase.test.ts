import { describe, expect, it } from 'vitest'
import { writeReleaseRecords, type ArtifactMetadata } from '../../src/release/index.js'
import { runPipeline } from '../../src/pipeline/run-pipeline.js'
import { rebaseStage } from '../../src/pipeline/stages/plan.js'
import { Session } from '../../src/pipeline/stages/session.js'
import type { Plan } from '../../src/pipeline/stages.js'
import { MemoryLogger } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'
import { baseOptions, digestOf, exampleApp, memoryStages } from './memory-stages.js'

const PLATFORM = 'linux/arm64'
const svc = (name: string, image: string) => ({ name, image, file: '/ws/compose.yaml' })

/** A plan whose base for `web` came from the previous compose file's tag, resolved now. */
function taggedPlan(): Plan {
  const resolvedNow = digestOf('web:1 now')
  return {
    applicationName: 'shop',
    artifactName: 'shop-2.0',
    targets: [{ platform: PLATFORM, deviceTypes: ['pi4'] }],
    services: [
      {
        name: 'web',
        image: {
          reference: 'r/web:2',
          digest: digestOf('web:2'),
          platforms: [PLATFORM],
          manifests: { [PLATFORM]: digestOf('web:2') }
        },
        previous: {
          reference: 'r/web:1',
          digest: resolvedNow,
          platforms: [PLATFORM],
          manifests: { [PLATFORM]: resolvedNow }
        }
      }
    ],
    previous: { ref: 'abc1234', platforms: [] },
    baseInputs: {
      services: [svc('web', 'r/web:2')],
      previousServices: [svc('web', 'r/web:1')],
      recordedPlatforms: []
    }
  }
}

function record(): ArtifactMetadata {
  return {
    formatVersion: 1,
    application: 'shop',
    platform: PLATFORM,
    artifactName: 'shop-1.0',
    services: [
      {
        service: 'web',
        reference: 'r/web:1',
        manifestDigest: digestOf('web:1 shipped'),
        configDigest: digestOf('web:1 config'),
        diffIds: [digestOf('web:1 layer')]
      }
    ]
  }
}

describe('the rebase step (bases chosen again after the cache restore)', () => {
  it('takes the release record the restored store holds, in a new plan', async () => {
    const cacheDir = await tempDir()
    const options = baseOptions({
      cacheDir,
      targets: [{ platform: PLATFORM, deviceTypes: ['pi4'] }]
    })
    // what the restored cache brings: the record the run that built the previous release wrote
    await writeReleaseRecords(
      { cacheDir, applicationName: 'shop', github: { ref: 'refs/heads/main', sha: 'abc1234' } },
      record()
    )
    const log = new MemoryLogger()
    const plan = taggedPlan()
    const before = JSON.stringify(plan)
    const next = await rebaseStage(new Session(log))({ options, plan })
    expect(JSON.stringify(plan)).toBe(before)
    expect(next.services[0]!.previous).toMatchObject({
      reference: 'r/web:1',
      digest: digestOf('web:1 shipped'),
      platforms: [PLATFORM],
      manifests: { [PLATFORM]: digestOf('web:1 shipped') }
    })
    expect(next.previous).toMatchObject({
      ref: 'abc1234',
      artifactName: 'shop-1.0',
      platforms: [PLATFORM]
    })
    expect(next.baseInputs?.recordedPlatforms).toEqual([PLATFORM])
    expect(log.lines.filter((l) => l.level === 'info').map((l) => l.message)).toContain(
      'the restored cache holds the metadata of release abc1234: using it'
    )
  })

  it('keeps the plan when no record is there, or a record already fixed the platform', async () => {
    const options = baseOptions({ cacheDir: await tempDir() })
    const plan = taggedPlan()
    expect(await rebaseStage(new Session(new MemoryLogger()))({ options, plan })).toBe(plan)
    const recorded = { ...plan, baseInputs: { ...plan.baseInputs!, recordedPlatforms: [PLATFORM] } }
    expect(await rebaseStage(new Session(new MemoryLogger()))({ options, plan: recorded })).toBe(
      recorded
    )
  })

  it('runs after the restore and before fetch, and fetch gets the plan it returns', async () => {
    const { stages } = memoryStages(exampleApp())
    const order: string[] = []
    const fetch = stages.fetch
    stages.rebase = async ({ plan }) => {
      order.push('rebase')
      return {
        ...plan,
        artifactName: plan.artifactName,
        previous: { ref: 'rebased', platforms: [] }
      }
    }
    stages.fetch = async (input) => {
      order.push(`fetch ${input.plan.previous?.ref}`)
      return fetch(input)
    }
    const r = await runPipeline(baseOptions({ dryRun: true }), stages, new MemoryLogger(), {
      cache: {
        restore: async () => {
          order.push('restore')
          return undefined
        }
      }
    })
    expect(order).toEqual(['restore', 'rebase', 'fetch rebased'])
    expect(r.previousRef).toBe('rebased')
  })
})
