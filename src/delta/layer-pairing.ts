import { chooseSource, type SourceChoice, type SourceSignals } from './similarity/choose-source.js'
import { sharedBytes, type Fingerprint } from './similarity/fingerprint.js'
import { renameIndex, renamedOverlap, type RenameIndex } from './similarity/renamed-files.js'

/**
 * What the planner knows of one layer: its diff ID, its tar members (path →
 * size) and, when read, a sampled fingerprint of its content.
 */
export interface LayerFacts {
  diffId: string
  members: ReadonlyMap<string, number>
  fingerprint?: Fingerprint
}

/**
 * How one layer of a new image travels to the device, the one word for it
 * everywhere (pairing, payload reports, build results): `reused` (the device
 * has these bytes: an identical layer, shipped as a near-empty delta), `delta`
 * (a VCDIFF against a similar layer the device has), `full` (the layer itself).
 */
export type LayerMode = 'reused' | 'delta' | 'full'

export type LayerChoice =
  { kind: 'reused'; source: number } | ({ kind: 'delta' } & SourceChoice) | { kind: 'full' }

/**
 * Picks, for each new layer, the current layer to delta against, by content
 * rather than by position (the reference generator pairs by index, so an
 * inserted, removed or reordered layer defeats it):
 * - a current layer with the same diff ID gives a near-empty delta;
 * - otherwise the current layer expected to give the smallest delta, judged
 *   by shared file paths, files renamed only by their version, and sampled
 *   content fingerprints (`chooseSource`);
 * - nothing expected to copy (shared folders alone do not help): ship the full layer.
 * Pure, so it is tested on its own; whether the delta really beats the full
 * layer is decided after encoding.
 */
export function planDeepDelta(
  next: readonly LayerFacts[],
  current: readonly LayerFacts[]
): LayerChoice[] {
  const renames: Array<RenameIndex | undefined> = []
  const renamesOf = (j: number): RenameIndex => (renames[j] ??= renameIndex(current[j]!.members))
  return next.map((layer, i): LayerChoice => {
    const same = current.findIndex((c) => c.diffId === layer.diffId)
    if (same >= 0) return { kind: 'reused', source: same }
    const mine = renameIndex(layer.members)
    const candidates = current.map((c, j) => signals(layer, c, j, mine, renamesOf(j)))
    const size = layer.fingerprint?.size ?? sum(layer.members.values())
    const choice = chooseSource(i, size, candidates)
    return choice ? { kind: 'delta', ...choice } : { kind: 'full' }
  })
}

function signals(
  layer: LayerFacts,
  other: LayerFacts,
  source: number,
  mine: RenameIndex,
  theirs: RenameIndex
): SourceSignals {
  const { bytes, paths } = overlap(layer.members, other.members)
  const renamed = renamedOverlap(mine, theirs)
  return {
    source,
    pathBytes: bytes,
    sharedPaths: paths,
    renamedBytes: renamed.bytes,
    renamedFiles: renamed.files,
    contentBytes:
      layer.fingerprint && other.fingerprint ? sharedBytes(layer.fingerprint, other.fingerprint) : 0
  }
}

function sum(values: Iterable<number>): number {
  let n = 0
  for (const v of values) n += v
  return n
}

/** Shared non-empty files: the bytes of the smaller side of each, and their count. */
function overlap(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>
): { bytes: number; paths: number } {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let bytes = 0
  let paths = 0
  for (const [path, size] of small) {
    const other = large.get(path)
    if (other === undefined || Math.min(size, other) === 0) continue
    paths++
    bytes += Math.min(size, other)
  }
  return { bytes, paths }
}
