import { createWriteStream } from 'node:fs'
import { checkedReadStream } from '../oci/checked-read.js'
import { stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import tar from 'tar-stream'
import { writeAtomically } from '../util/atomic.js'

/** One member of a tar we write: a directory, in-memory bytes, or a file streamed from disk. */
export type TarEntry =
  | { name: string; type: 'directory' }
  | { name: string; type: 'file'; data: string | Uint8Array }
  | { name: string; type: 'file'; path: string }

/** Fixed owner and time so the same inputs give the same payload bytes. */
const MTIME = new Date(0)

/**
 * Writes `entries` in order as a tar (gzip when asked), streaming file entries
 * from disk so GB layers never sit in memory, to a temp sibling renamed on success.
 */
export async function writeTar(
  outPath: string,
  entries: readonly TarEntry[],
  options: { gzip?: boolean } = {}
): Promise<void> {
  await writeAtomically(outPath, async (tmp) => {
    const pack = tar.pack()
    const out = createWriteStream(tmp)
    const done = options.gzip ? pipeline(pack, createGzip({ level: 6 }), out) : pipeline(pack, out)
    try {
      for (const entry of entries) await addEntry(pack, entry)
      pack.finalize()
    } catch (err) {
      pack.destroy(err as Error)
    }
    await done
  })
}

const base = { mtime: MTIME, uid: 0, gid: 0, uname: 'root', gname: 'root' }

async function addEntry(pack: tar.Pack, entry: TarEntry): Promise<void> {
  if (entry.type === 'directory') {
    await new Promise<void>((resolve, reject) =>
      pack.entry({ ...base, name: entry.name, type: 'directory', mode: 0o755 }, (err) =>
        err ? reject(err) : resolve()
      )
    )
    return
  }
  if ('data' in entry) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : entry.data
    await new Promise<void>((resolve, reject) =>
      pack.entry({ ...base, name: entry.name, mode: 0o644 }, Buffer.from(data), (err) =>
        err ? reject(err) : resolve()
      )
    )
    return
  }
  const { size } = await stat(entry.path)
  const sink = pack.entry({ ...base, name: entry.name, mode: 0o644, size })
  // a store entry (named by its digest) is hashed on its way into the artifact
  await pipeline(checkedReadStream(entry.path), sink)
}
