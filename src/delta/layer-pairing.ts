/** What the planner knows of one layer: its diff ID and its tar members (path → size). */
export interface LayerFacts {
  diffId: string
  members: ReadonlyMap<string, number>
}

export type LayerChoice =
  | { kind: 'same'; source: number }
  | { kind: 'similar'; source: number; sharedBytes: number; sharedPaths: number }
  | { kind: 'full' }

/**
 * Picks, for each new layer, the current layer to delta against, by content
 * rather than by position (the reference generator pairs by index, so an
 * inserted, removed or reordered layer defeats it):
 * - a current layer with the same diff ID gives a near-empty delta;
 * - otherwise the current layer sharing the most file bytes (by path), ties
 *   broken by the same position, then the lower index;
 * - no shared non-empty file (shared folders alone do not help): ship the full layer.
 * Pure, so it is tested on its own; whether the delta really beats the full
 * layer is decided after encoding.
 */
export function planDeepDelta(
  next: readonly LayerFacts[],
  current: readonly LayerFacts[]
): LayerChoice[] {
  return next.map((layer, i) => {
    const same = current.findIndex((c) => c.diffId === layer.diffId)
    if (same >= 0) return { kind: 'same', source: same }
    let best: { source: number; sharedBytes: number; sharedPaths: number } | undefined
    current.forEach((c, j) => {
      const { bytes, paths } = overlap(layer.members, c.members)
      if (bytes === 0) return
      const better =
        !best ||
        bytes > best.sharedBytes ||
        (bytes === best.sharedBytes && paths > best.sharedPaths) ||
        (bytes === best.sharedBytes && paths === best.sharedPaths && j === i)
      if (better) best = { source: j, sharedBytes: bytes, sharedPaths: paths }
    })
    return best ? { kind: 'similar', ...best } : { kind: 'full' }
  })
}

/** Shared paths and the bytes of the smaller side of each shared member (folders count 0). */
function overlap(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>
): { bytes: number; paths: number } {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let bytes = 0
  let paths = 0
  for (const [path, size] of small) {
    const other = large.get(path)
    if (other === undefined) continue
    paths++
    bytes += Math.min(size, other)
  }
  return { bytes, paths }
}
