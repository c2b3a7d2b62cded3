import { readFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { gunzipSync } from 'node:zlib'
import * as tar from 'tar-stream'

/** Every member of a tar held in memory, by name (test-side, independent of the reader under test). */
export async function tarMembers(
  buf: Buffer
): Promise<Map<string, { header: tar.Header; body: Buffer }>> {
  const out = new Map<string, { header: tar.Header; body: Buffer }>()
  const extract = tar.extract()
  Readable.from([buf]).pipe(extract)
  for await (const entry of extract) {
    const chunks: Buffer[] = []
    for await (const c of entry as AsyncIterable<Buffer>) chunks.push(c)
    out.set(entry.header.name, { header: entry.header, body: Buffer.concat(chunks) })
  }
  return out
}

/** The outer members and the unpacked header members of an artifact file (none/gzip only). */
export async function artifactMembers(path: string): Promise<{
  outer: Map<string, { header: tar.Header; body: Buffer }>
  header: Map<string, { header: tar.Header; body: Buffer }>
}> {
  const outer = await tarMembers(await readFile(path))
  const name = [...outer.keys()].find((n) => n.startsWith('header.tar'))!
  const raw = outer.get(name)!.body
  const header = await tarMembers(name.endsWith('.gz') ? gunzipSync(raw) : raw)
  return { outer, header }
}
