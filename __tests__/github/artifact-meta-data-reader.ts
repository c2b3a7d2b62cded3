import { createReadStream } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { extract } from 'tar-stream'

/**
 * Stand-in for issue 3's `readArtifact(path)` until that branch is merged:
 * only the part ArtifactMetadata needs, the per-payload meta-data of an
 * uncompressed Mender Artifact v3 tar with a gzip header (what
 * mender-artifact writes by default). No signature or checksum checks.
 */
export async function readMetaDataStandIn(path: string): Promise<{ metaData: unknown }> {
  const tar = extract()
  let header: Buffer | undefined
  const done = new Promise<void>((resolve, reject) => {
    tar.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = []
      stream.on('data', (c: unknown) => {
        if (h.name === 'header.tar.gz') chunks.push(c as Buffer)
      })
      stream.on('end', () => {
        if (h.name === 'header.tar.gz') header = Buffer.concat(chunks)
        next()
      })
      stream.resume()
    })
    tar.on('finish', resolve)
    tar.on('error', reject)
  })
  createReadStream(path).pipe(tar)
  await done
  if (!header) throw new Error(`${path}: no header.tar.gz`)
  const inner = extract()
  let metaData: unknown
  const innerDone = new Promise<void>((resolve, reject) => {
    inner.on('entry', (h, stream, next) => {
      const chunks: Buffer[] = []
      stream.on('data', (c: unknown) => chunks.push(c as Buffer))
      stream.on('end', () => {
        if (/^headers\/0000\/meta-data$/.test(h.name))
          metaData = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
        next()
      })
    })
    inner.on('finish', resolve)
    inner.on('error', reject)
  })
  inner.end(gunzipSync(header))
  await innerDone
  return { metaData }
}
