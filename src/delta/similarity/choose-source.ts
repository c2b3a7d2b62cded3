/** What one current layer has in common with a new layer, by each signal. */
export interface SourceSignals {
  /** Index of the current layer. */
  source: number
  /** Non-empty files at the same path: the smaller side's bytes, and their count. */
  pathBytes: number
  sharedPaths: number
  /** Files matched by versionless path and size class (same paths included). */
  renamedBytes: number
  renamedFiles: number
  /** Estimated bytes of the new layer found in this one by the sampled content fingerprints. */
  contentBytes: number
}

/**
 * Why a source was chosen: `path overlap` when pairing by shared file paths
 * alone picks it too; `content similarity` when only the content (equal
 * chunks, or files that kept their name but not their version) points to it.
 */
export type PairReason = 'path overlap' | 'content similarity'

export interface SourceChoice {
  source: number
  reason: PairReason
  signals: SourceSignals
  /** A runner-up close enough to encode as well; the smaller delta is kept. */
  alternate?: number
}

/** A runner-up within this share of the best estimate is worth a second encode… */
const CLOSE = 0.85
/** …on a layer no bigger than this (encoding twice costs a second encode of the layer). */
const ALTERNATE_MAX_BYTES = 16 << 20

/**
 * The bytes a delta against this source is expected to copy rather than
 * carry: the content estimate, or half the bytes of files matched by path
 * (same path or versionless) — a matched file is usually a changed file, and
 * the fingerprint's equal chunks are the surer sign, but a recompiled binary
 * shares few equal chunks and still gives a good delta.
 */
export function expectedCopied(s: SourceSignals): number {
  return Math.max(s.contentBytes, Math.max(s.pathBytes, s.renamedBytes) / 2)
}

/**
 * Picks the current layer a changed new layer (`index`, `size` bytes) should be
 * delta-encoded against: the one expected to leave the fewest bytes to carry,
 * i.e. the smallest delta; ties go to more shared paths, then the same
 * position, then the lower index. Undefined when nothing is expected to copy:
 * the layer ships whole.
 */
export function chooseSource(
  index: number,
  size: number,
  candidates: readonly SourceSignals[]
): SourceChoice | undefined {
  const ranked = candidates
    .map((signals) => ({ signals, score: expectedCopied(signals) }))
    .filter((c) => c.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.signals.pathBytes - a.signals.pathBytes ||
        Number(b.signals.source === index) - Number(a.signals.source === index) ||
        a.signals.source - b.signals.source
    )
  const best = ranked[0]
  if (!best) return undefined
  const byPath = pathChoice(index, candidates)
  const second = ranked[1]
  const close = second && second.score >= CLOSE * best.score && size <= ALTERNATE_MAX_BYTES
  return {
    source: best.signals.source,
    reason: byPath === best.signals.source ? 'path overlap' : 'content similarity',
    signals: best.signals,
    ...(close ? { alternate: second.signals.source } : {})
  }
}

/** The choice by shared paths alone: most shared bytes, then paths, then the same position. */
function pathChoice(index: number, candidates: readonly SourceSignals[]): number | undefined {
  let best: SourceSignals | undefined
  for (const c of candidates) {
    if (c.pathBytes === 0) continue
    const better =
      !best ||
      c.pathBytes > best.pathBytes ||
      (c.pathBytes === best.pathBytes && c.sharedPaths > best.sharedPaths) ||
      (c.pathBytes === best.pathBytes && c.sharedPaths === best.sharedPaths && c.source === index)
    if (better) best = c
  }
  return best?.source
}
