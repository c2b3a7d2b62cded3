import { UserError } from '../util/errors.js'

/** sha256 of the fixed `version` member; it appears in every manifest. */
export const VERSION_JSON = Buffer.from('{"format":"mender","version":3}')

/** `sha256sum` form, in insertion order: `<hex>  <path>\n` per line. */
export function formatManifest(entries: [path: string, sha256: string][]): Buffer {
  return Buffer.from(entries.map(([path, sum]) => `${sum}  ${path}\n`).join(''), 'utf8')
}

/** Byte length of the manifest before the checksums are known (64 hex digits each). */
export function manifestLength(paths: string[]): number {
  return paths.reduce((n, p) => n + 64 + 2 + Buffer.byteLength(p) + 1, 0)
}

const LINE = /^([0-9a-f]{64}) {2}(\S+)$/

/** Parse a manifest; errors on malformed or duplicate lines, as the Go and C++ readers do. */
export function parseManifest(text: string, member = 'manifest'): Map<string, string> {
  const out = new Map<string, string>()
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  lines.forEach((line, i) => {
    const m = LINE.exec(line)
    if (!m)
      throw new UserError(
        `invalid artifact: ${member} line ${i + 1} is malformed: ${JSON.stringify(line.slice(0, 120))}`
      )
    const [, sum, path] = m as unknown as [string, string, string]
    if (out.has(path)) throw new UserError(`invalid artifact: ${member} lists ${path} twice`)
    out.set(path, sum)
  })
  return out
}
