// Child process of the benchmark: writes one artifact with our writer, so its
// peak RSS is measured alone (by /usr/bin/time, like the reference tool's).
import { writeArtifact, type Compression } from '../../src/artifact/index.js'

const [payload, output, compression, concurrency, level] = process.argv.slice(2)
await writeArtifact(
  {
    type: 'bench',
    name: 'bench-1',
    deviceTypes: ['bench-device'],
    files: [payload!],
    compression: compression as Compression,
    compressionLevel: level ? Number(level) : undefined
  },
  output!,
  { concurrency: concurrency ? Number(concurrency) : undefined }
)
