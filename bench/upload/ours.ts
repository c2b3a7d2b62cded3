// Child process: one upload with our client. Prints a JSON line with the
// artifact outcome; peak RSS is measured from outside by /usr/bin/time.
import { stat } from 'node:fs/promises'
import { MenderClient, type LocalArtifact } from '../../src/mender/index.js'

// mode `full`: verify the artifact with readArtifact, look it up, upload.
// mode `upload-only`: skip the verifying read (the name is given), to show
// what the upload itself costs.
const [mode = 'full', serverUrl = '', token = '', path = '', name = ''] = process.argv.slice(2)
const given = async (p: string): Promise<LocalArtifact> => ({
  path: p,
  name,
  size: (await stat(p)).size,
  deviceTypes: ['dev'],
  depends: { device_type: ['dev'] },
  files: []
})
const client = await MenderClient.connect({
  serverUrl,
  credentials: { token },
  ...(mode === 'upload-only' ? { inspect: given } : {}),
  log: {
    debug: () => {},
    info: (m) => process.stderr.write(`${m}\n`),
    warn: (m) => process.stderr.write(`${m}\n`)
  }
})
const out = await client.uploadArtifact(path, { progressIntervalMs: 10_000 })
await client.close()
console.log(JSON.stringify({ ...out, maxRSS: process.resourceUsage().maxRSS }))
