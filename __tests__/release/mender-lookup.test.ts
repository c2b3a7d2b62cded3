import { expect, it } from 'vitest'
import { chooseBaseImages } from '../../src/release/base-images.js'
import { menderMetadataLookup } from '../../src/release/metadata.js'
import { MemoryLogger } from '../../src/util/log.js'
import { closeAfterEach, connect, startFake } from '../mender/helpers.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'
import { digest, fleetMetadata, writeAppArtifact } from './fixtures.js'

const meta = fleetMetadata('fleet-1.1.0', {
  web: {
    reference: 'ghcr.io/acme/web:1.1.0',
    manifestDigest: digest('a'),
    configDigest: digest('b'),
    diffIds: [digest('c')]
  }
})

describeWithTools(
  ['mender-artifact'],
  'lookup (1) through the Mender client and the fake server',
  () => {
    closeAfterEach()
    it('the uploaded previous artifact gives the base; nothing is resolved', async () => {
      const { fake } = await startFake()
      const { client } = await connect(fake)
      await client.uploadArtifact(await writeAppArtifact(await tempDir(), 'fleet-1.1.0', meta))
      const log = new MemoryLogger()
      const [web] = await chooseBaseImages({
        application: 'fleet',
        platform: 'linux/arm64',
        services: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.0', file: 'compose.yaml' }],
        previousServices: undefined,
        menderMetadata: menderMetadataLookup(
          (n) => client.findArtifacts(n),
          'fleet-1.1.0',
          'linux/arm64'
        ),
        resolver: { resolve: () => Promise.reject(new Error('must not be asked')) },
        log
      })
      expect(web).toMatchObject({ source: 'mender-metadata', manifestDigest: digest('a') })
      expect(log.text()).toContain(
        'previous release metadata from the previous artifact on the Mender server'
      )
    })

    it('no artifact of that name on the server: undefined, so the chain moves on', async () => {
      const { fake } = await startFake()
      const { client } = await connect(fake)
      const lookup = menderMetadataLookup(
        (n) => client.findArtifacts(n),
        'fleet-0.9.0',
        'linux/arm64'
      )
      expect(await lookup()).toBeUndefined()
    })
  }
)
