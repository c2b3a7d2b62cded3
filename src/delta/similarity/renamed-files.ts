/**
 * File-level likeness that survives versioned names: `opt/app-2.6.7/bin/app`
 * and `opt/app-2.6.8/bin/app`, `lib/app-1.4.2.jar` and `lib/app-1.4.3.jar`,
 * `node_modules/.pnpm/pkg@1.0.1_3f9a2c1d/` all lose their version (digit runs,
 * and hex runs that carry a digit, such as content hashes) and are matched by
 * what is left, when their sizes are of one class (within 2×, or both small).
 */
export function versionlessPath(path: string): string {
  return path.replace(/[0-9a-f]{7,}/gi, (run) => (/\d/.test(run) ? '#' : run)).replace(/\d+/g, '#')
}

/** Files this small are matched by name alone: their size says little. */
const SMALL_FILE = 4096

/** Versionless path → sizes of the non-empty files with that path, largest first. */
export type RenameIndex = ReadonlyMap<string, readonly number[]>

export function renameIndex(members: ReadonlyMap<string, number>): RenameIndex {
  const index = new Map<string, number[]>()
  for (const [path, size] of members) {
    if (size === 0) continue
    const key = versionlessPath(path)
    const list = index.get(key)
    if (list) list.push(size)
    else index.set(key, [size])
  }
  for (const list of index.values()) list.sort((a, b) => b - a)
  return index
}

/**
 * Bytes (the smaller side of each pair) and count of `layer`'s files that have
 * a counterpart in `other` under the same versionless path and size class;
 * files sharing a versionless path are paired largest with largest.
 */
export function renamedOverlap(
  layer: RenameIndex,
  other: RenameIndex
): { bytes: number; files: number } {
  let bytes = 0
  let files = 0
  for (const [key, sizes] of layer) {
    const theirs = other.get(key)
    if (!theirs) continue
    for (let k = 0; k < Math.min(sizes.length, theirs.length); k++) {
      const [a, b] = [sizes[k]!, theirs[k]!]
      const [lo, hi] = a < b ? [a, b] : [b, a]
      if (hi > SMALL_FILE && hi > 2 * lo) continue
      bytes += lo
      files++
    }
  }
  return { bytes, files }
}
