import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readArtifact } from '../../src/artifact/index.js'
import type { ComposeService } from '../../src/compose/load.js'
import { chooseBaseImages, type ImageResolver } from '../../src/release/base-images.js'
import { resolveImage } from '../../src/oci/index.js'
import { readMetadataFromArtifact } from '../../src/release/metadata.js'
import { MemoryLogger } from '../../src/util/log.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { makeImage, Pusher } from '../oci/fixtures.js'
import { fleetMetadata, writeAppArtifact } from './fixtures.js'

/**
 * A moved tag with every part real: a distribution registry where a tag is
 * re-pushed after the release, src/oci's resolver, an artifact written by
 * mender-artifact and read back by src/artifact's reader.
 */
describeWithTools(
  ['docker-registry', 'mender-artifact'],
  'a tag moved in a real registry after the release',
  () => {
    let registry: RunningRegistry
    let dir: string
    beforeAll(async () => {
      dir = await tempDir('mc-moved-')
      registry = await startRegistry(dir)
    })
    afterAll(() => registry.stop())

    it('the base is what the previous artifact recorded, not what the tag names now', async () => {
      const platform = { os: 'linux', architecture: 'arm64' }
      const ref = `${registry.host}/acme/web:1.1.0`
      const resolver: ImageResolver = {
        resolve: (r, p) =>
          resolveImage(r, p, { storeDir: join(dir, 'store'), insecureRegistries: [registry.host] })
      }
      const push = new Pusher(registry.url)
      const released = await makeImage({ platform, seed: 'release 1.1.0' })
      await push.image('acme/web', '1.1.0', released)

      // The run that built release 1.1.0 recorded what it resolved in the artifact.
      const atRelease = await resolver.resolve(ref, 'linux/arm64')
      expect(atRelease.manifestDigest).toBe(released.manifestDigest)
      const meta = fleetMetadata('fleet-1.1.0', { web: { ...atRelease, reference: ref } })
      const artifact = await writeAppArtifact(dir, 'fleet-1.1.0', meta)

      // Later the same tag is pushed again with other content.
      const rebuilt = await makeImage({ platform, seed: 'rebuilt later' })
      await push.image('acme/web', '1.1.0', rebuilt)
      expect((await resolver.resolve(ref, 'linux/arm64')).manifestDigest).toBe(
        rebuilt.manifestDigest
      )

      const services: ComposeService[] = [
        { name: 'web', image: `${registry.host}/acme/web:1.2.0`, file: 'compose.yaml' }
      ]
      const previousServices: ComposeService[] = [{ name: 'web', image: ref, file: 'compose.yaml' }]
      const log = new MemoryLogger()
      const [withMeta] = await chooseBaseImages({
        application: 'fleet',
        platform: 'linux/arm64',
        services,
        previousServices,
        menderMetadata: () => readMetadataFromArtifact(artifact, readArtifact),
        resolver,
        log
      })
      expect(withMeta).toMatchObject({
        source: 'mender-metadata',
        manifestDigest: released.manifestDigest,
        configDigest: released.config.digest,
        diffIds: released.layers.map((l) => l.diffId)
      })

      expect(log.text()).not.toMatch(/could not read|warn:/)

      const [withoutMeta] = await chooseBaseImages({
        application: 'fleet',
        platform: 'linux/arm64',
        services,
        previousServices,
        resolver,
        log
      })
      expect(withoutMeta?.manifestDigest).toBe(rebuilt.manifestDigest)
      expect(log.text()).toMatch(/warn: service "web": no metadata of the previous artifact/)
    })
  }
)
