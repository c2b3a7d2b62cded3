import { createHash } from 'node:crypto'
import { hashFile } from '../oci/store.js'

/** `sha256:<hex>` → `<hex>`; anything that is not a sha256 digest is refused. */
export function digestHex(digest: string): string {
  const m = /^sha256:([0-9a-f]{64})$/.exec(digest)
  if (!m?.[1]) throw new Error(`not a sha256 digest: ${digest}`)
  return m[1]
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Streams the file through sha256 (files may be GBs): the store's hasher, as bare hex. */
export async function sha256File(path: string): Promise<string> {
  return digestHex((await hashFile(path)).digest)
}
