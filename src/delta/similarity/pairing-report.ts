import { formatBytes } from '../../util/format.js'
import type { PairReason, SourceSignals } from './choose-source.js'

/** Why a new layer was paired with a current layer, or `none` (it ships whole). */
export type PairingReason = 'same layer' | PairReason | 'none'

/** Which current layer a new layer was paired with and why, for logs, the summary and `json`. */
export interface LayerPairing {
  reason: PairingReason
  /** Index of the current layer (the delta's source when a delta shipped). */
  source?: number
  /** The other close source that was encoded as well; its delta was larger. */
  alsoTried?: number
  signals?: SourceSignals
}

/** The planner's choice for one layer, as far as a report needs it. */
interface PlannedChoice {
  kind: 'reused' | 'delta' | 'full'
  source?: number
  reason?: PairReason
  signals?: SourceSignals
  alternate?: number
}

/** The pairing of a planned layer; `encodedFrom` is the source whose delta was kept, if any. */
export function pairingOf(choice: PlannedChoice | undefined, encodedFrom?: number): LayerPairing {
  if (!choice || choice.kind === 'full' || choice.source === undefined) return { reason: 'none' }
  if (choice.kind === 'reused') return { reason: 'same layer', source: choice.source }
  const source = encodedFrom ?? choice.source
  // the other close source lost only when a delta shipped
  const tried =
    encodedFrom === undefined
      ? []
      : [choice.source, choice.alternate].filter((s) => s !== undefined && s !== source)
  return {
    reason: choice.reason ?? 'path overlap',
    source,
    ...(tried.length ? { alsoTried: tried[0] } : {}),
    ...(choice.signals && source === choice.source ? { signals: choice.signals } : {})
  }
}

/** One line: `current layer 2 by content similarity (~93 % of its bytes, 41 files renamed)`. */
export function describePairing(p: LayerPairing, layerBytes: number): string {
  if (p.reason === 'none') return 'none: nothing in common with a current layer'
  const what = `current layer ${p.source} by ${p.reason}`
  const s = p.signals
  const facts: string[] = []
  if (s) {
    if (s.contentBytes > 0 && layerBytes > 0)
      facts.push(
        `~${Math.min(100, Math.round((100 * s.contentBytes) / layerBytes))} % of its bytes`
      )
    if (s.sharedPaths > 0)
      facts.push(
        `${s.sharedPaths} file${s.sharedPaths === 1 ? '' : 's'} at the same path (${formatBytes(s.pathBytes)})`
      )
    const renamed = s.renamedFiles - s.sharedPaths
    if (renamed > 0) facts.push(`${renamed} file${renamed === 1 ? '' : 's'} renamed`)
  }
  if (p.alsoTried !== undefined) facts.push(`smaller delta than from layer ${p.alsoTried}`)
  return facts.length ? `${what} (${facts.join(', ')})` : what
}
