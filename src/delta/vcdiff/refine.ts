import { ADD, AddressCache, S_NEAR } from './code-table.js'
import { COPY_SOURCE, COPY_TARGET, OpList } from './op-list.js'
import { varintLength } from './varint.js'

/**
 * Short copies inside literal stretches, chosen by cost (small inputs only).
 *
 * The main parse takes copies of 12+ bytes found through 16-byte hashes. What
 * it leaves as literals still holds many short repeats: 4–7 bytes of the
 * target so far (words, tags), 8–15 bytes near a recent source copy (a field
 * that changed between two unchanged ones). xdelta3 -9 takes them, and
 * covers more of a small tree than the main parse alone. Each costs an
 * instruction and an address that gzip hardly shrinks, while literals gzip to
 * about half; so a
 * short copy is taken only where its estimated bytes are below the literal
 * bytes it replaces × LITERAL_COST. Addresses are costed with the same
 * near/same caches the emitter will use (this pass walks the ops in the same
 * order and keeps its own copy of the caches).
 */

/**
 * Estimated bytes per literal byte after the payload's gzip, and instruction
 * bytes a short copy adds (its code, and the split of the ADD around it).
 * Literals gzip to about half on their own, but costing them a whole byte
 * takes more short copies, and that made the gzipped delta smaller, as it
 * does for xdelta3 -9 (figures: src/delta/README.md, Tuning notes).
 */
const LITERAL_COST = 1
const COPY_OVERHEAD = 1
/** Shortest copy this pass takes (the shortest COPY code). */
const MIN_SHORT = 4
/**
 * Source bytes searched past each recent copy's start (a near-cache address
 * of 1–2 bytes): a longer reach finds more short copies, and past this one
 * it gains little for its CPU (figures: src/delta/README.md, Tuning notes).
 * Bounded per window by NEAR_WORK so literal-heavy windows stay cheap.
 */
const NEAR_REACH = 8192
/**
 * Byte comparisons the near search may start per target byte of the window
 * (reach × 4 × literal bytes ≤ this × window): a window of mostly copies
 * keeps most of NEAR_REACH; below MIN_REACH (mostly literals, e.g. random
 * data) the near search is skipped.
 */
const NEAR_WORK = 256
const MIN_REACH = 256
const HASH_BITS = 16
/** Latest target positions kept per 4-byte hash: more find nearer repeats (README, Tuning notes). */
const TARGET_WAYS = 4
/** Entries of the table `refineLiterals` needs. */
export const REFINE_TABLE_SIZE = TARGET_WAYS << HASH_BITS

function hash4(t: Uint8Array, p: number): number {
  const v = t[p]! | (t[p + 1]! << 8) | (t[p + 2]! << 16) | (t[p + 3]! << 24)
  return Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS)
}

/** Bytes of the cheapest address mode for `addr` at `here` (the emitter's choice, without updating). */
function addressBytes(cache: AddressCache, addr: number, here: number): number {
  const s = addr % (256 * 3)
  if (cache.same[s] === addr) return 1
  let best = varintLength(addr)
  const h = varintLength(here - addr)
  if (h < best) best = h
  for (let i = 0; i < S_NEAR; i++) {
    const d = addr - cache.near[i]!
    if (d >= 0) {
      const c = varintLength(d)
      if (c < best) best = c
    }
  }
  return best
}

export interface RefineCounts {
  copySourceBytes: number
  copyTargetBytes: number
  addBytes: number
}

/**
 * Rewrite `ops` (one window over `tgt`, source segment [segMin, segMax)) into
 * `out`, replacing parts of ADDs by short copies where they are cheaper.
 * Returns how many bytes moved from literals to source / target copies.
 */
export function refineLiterals(
  ops: OpList,
  out: OpList,
  tgt: Uint8Array,
  src: Uint8Array,
  segMin: number,
  segMax: number,
  table: Int32Array
): RefineCounts {
  const counts = { copySourceBytes: 0, copyTargetBytes: 0, addBytes: 0 }
  const segLen = segMax - segMin
  const cache = new AddressCache()
  const scratch = new Float64Array(1)
  table.fill(-1, 0, TARGET_WAYS << HASH_BITS)
  out.count = 0
  let literals = 0
  for (let i = 0; i < ops.count; i++) if (ops.type[i] === ADD) literals += ops.size[i]!
  const reach = Math.min(
    NEAR_REACH,
    Math.floor((NEAR_WORK * tgt.length) / (4 * Math.max(1, literals)))
  )
  let here = 0
  let hashed = 0
  // Every target position before `upto` becomes a candidate for target copies.
  const hashTo = (upto: number): void => {
    const last = Math.min(upto, tgt.length - 3)
    for (; hashed < last; hashed++) {
      const e = hash4(tgt, hashed) * TARGET_WAYS
      for (let w = TARGET_WAYS - 1; w > 0; w--) table[e + w] = table[e + w - 1]!
      table[e] = hashed
    }
  }
  const pushCopy = (type: number, size: number, where: number): void => {
    out.push(type, size, where)
    const addr = type === COPY_SOURCE ? where - segMin : segLen + where
    cache.encode(addr, segLen + here, scratch)
    here += size
  }
  for (let i = 0; i < ops.count; i++) {
    const type = ops.type[i]!
    const size = ops.size[i]!
    const where = ops.where[i]!
    if (type !== ADD || size < MIN_SHORT) {
      if (type === COPY_SOURCE || type === COPY_TARGET) pushCopy(type, size, where)
      else {
        out.push(type, size, where)
        here += size
      }
      hashTo(here)
      continue
    }
    const end = where + size
    let lit = where
    let q = where
    while (q + MIN_SHORT <= end) {
      hashTo(q)
      let bestGain = 0
      let bestLen = 0
      let bestType = 0
      let bestAt = 0
      const hereAddr = segLen + q
      // Target so far: the latest position with the same 4 bytes.
      const e = hash4(tgt, q) * TARGET_WAYS
      for (let w = 0; w < TARGET_WAYS; w++) {
        const t = table[e + w]!
        if (t < 0) break
        let k = 0
        while (q + k < end && tgt[t + k] === tgt[q + k]) k++
        if (k >= MIN_SHORT) {
          const gain = k * LITERAL_COST - COPY_OVERHEAD - addressBytes(cache, segLen + t, hereAddr)
          if (gain > bestGain) {
            bestGain = gain
            bestLen = k
            bestType = COPY_TARGET
            bestAt = t
          }
        }
      }
      // Source bytes just after a recent copy's start (a 1-byte near address).
      if (segLen > 0 && reach >= MIN_REACH) {
        const b0 = tgt[q]!
        for (let n = 0; n < S_NEAR; n++) {
          const base = cache.near[n]!
          if (base >= segLen) continue
          const lim = Math.min(segLen - MIN_SHORT, base + reach)
          for (let a = base; a <= lim; a++) {
            const s = segMin + a
            if (src[s] !== b0) continue
            let k = 1
            while (q + k < end && s + k < segMax && src[s + k] === tgt[q + k]) k++
            if (k < MIN_SHORT) continue
            const gain = k * LITERAL_COST - COPY_OVERHEAD - addressBytes(cache, a, hereAddr)
            if (gain > bestGain) {
              bestGain = gain
              bestLen = k
              bestType = COPY_SOURCE
              bestAt = s
            }
          }
        }
      }
      if (bestLen === 0) {
        q++
        continue
      }
      if (q > lit) {
        out.push(ADD, q - lit, lit)
        here += q - lit
      }
      pushCopy(bestType, bestLen, bestAt)
      counts.addBytes -= bestLen
      if (bestType === COPY_SOURCE) counts.copySourceBytes += bestLen
      else counts.copyTargetBytes += bestLen
      q += bestLen
      lit = q
    }
    if (end > lit) {
      out.push(ADD, end - lit, lit)
      here += end - lit
    }
    hashTo(here)
  }
  return counts
}
