// Over 500 lines: the encoder's hot loop (match search, extension, op emission) shares one set of buffers and counters, kept in one file so it stays one inlinable unit.
import { createRequire } from 'node:module'
import { adler32 } from './adler32.js'
import {
  ADD,
  AddressCache,
  COPY,
  RUN,
  S_NEAR,
  addCopyCode,
  copyAddCode,
  singleCode
} from './code-table.js'
import { MAGIC, VCD_ADLER32, VCD_SOURCE, WINDOW_SIZE } from './format.js'
import {
  BLOCK,
  SourceIndex,
  blockHash,
  bucket,
  SMALL_SOURCE,
  checkTag,
  denseIndexBudget,
  indexLayout,
  indexScratchBytes,
  rollHash
} from './source-index.js'
import { COPY_SOURCE, COPY_TARGET, OpList } from './op-list.js'
import { LOCAL_BLOCK, LOCAL_INDEX_MIN_SOURCE, LocalIndex, localHash } from './local-index.js'
import { matchLength, viewOf } from './match.js'
import { REFINE_TABLE_SIZE, refineLiterals } from './refine.js'
import { varintLength, writeVarint } from './varint.js'

/** A COPY found through the hash must cover at least this many bytes to pay for itself. */
const MIN_HASH_MATCH = 12
/** A COPY that continues the previous source copy at the same offset needs fewer. */
const MIN_CONTINUATION = 6
/** Farther away it must be this long (it still costs only a small near address). */
const MIN_FAR_CONTINUATION = 10
/** How far past the end of the last source copy a continuation is tried. */
const CONTINUATION_REACH = 64
/**
 * Earlier copy displacements (source − target) tried at every position besides
 * the last copy's, with the continuation minimums. Compiled code that moved
 * keeps a few recurring displacements (functions moved by different amounts,
 * interleaved with changed code), and a match at one of them needs no index
 * hit (which takes ~30 matching bytes with 16-byte blocks every 15).
 */
const REPEAT_OFFSETS = 3
/**
 * Local index (`local-index.ts`): the shortest copy taken from it; the page
 * this many bytes after a copy's end is indexed too (the next change is often
 * near); and how far into a literal stretch it is looked up (beyond, a match
 * rarely pays for the lookups).
 */
const MIN_LOCAL = 12
const LOCAL_AHEAD = 512
const LOCAL_REACH = 256
/** Runs of one byte at least this long inside literal data become RUN instructions. */
const MIN_RUN = 12
/** Matches shorter than this are checked against one starting a byte later. */
const LAZY_LIMIT = 256
/**
 * Bytes hashed for target-so-far matches (the local index's block: one hash
 * serves both lookups).
 */
const TARGET_BLOCK = LOCAL_BLOCK
/** The shortest target-so-far match taken. */
const MIN_TARGET_MATCH = 12
/** After 2^SKIP_SHIFT positions without a match, skip one more byte per look, up to MAX_SKIP. */
const SKIP_SHIFT = 7
const MAX_SKIP = 7
/**
 * Target bytes per slot of the per-window target hash table (4 bytes each:
 * 2 MiB for an 8 MiB window); a denser table found no better deltas for its
 * memory.
 */
const TARGET_SLOT_BITS = 4
/**
 * Largest source segment one window may reference. xdelta3 3.0.x keeps window
 * addresses in a 32-bit usize_t (segment + target must stay below 2^32); 1 GiB
 * keeps a wide margin. Matches that would widen a window's segment past this
 * are not taken.
 */
const MAX_SEGMENT = 1024 * 1024 * 1024
/**
 * Sources up to this size get the cost-based short-copy pass (`refine.ts`):
 * it searches around every literal byte, which pays where literals are a
 * large share of the delta and costs little on small pairs.
 */
const REFINE_LIMIT = 4 * 1024 * 1024

/**
 * Match thresholds of the parse (defaults: the constants above). Only the
 * choice of copies changes: every setting writes the same VCDIFF subset.
 * Longer minimums leave more literals, which the payload's gzip compresses
 * (about 2:1 on text); shorter ones cover more bytes with copies whose
 * instruction and address bytes gzip does not shrink. The payload engine
 * tries a few on small sources and keeps the smallest gzip.
 */
export interface EncoderOptions {
  /** Shortest source COPY found through the hash (default 12). */
  minHashMatch?: number
  /** Shortest target-so-far COPY (default 12). */
  minTargetMatch?: number
  /** Shortest continuation of the previous source copy, near / far (default 6 / 10). */
  minContinuation?: number
  minFarContinuation?: number
  /** log2 of the source index's entries per bucket (default `chooseWaysLog`: 9 up to 2 MiB, 7 up to 12, 3 up to 32, else 1). */
  indexWaysLog?: number
  /** Source index bytes (default `indexBudget`, or `denseIndexBudget` with `denseIndex`). */
  indexBudget?: number
  /** Index the source as densely as `denseIndexBudget` allows, past the memory goal's cut. */
  denseIndex?: boolean
  /** Target bytes per window, at most WINDOW_SIZE (default `defaultWindowSize`). */
  windowSize?: number
  /** Earlier copy displacements tried besides the last copy's, 0–7 (default 3). */
  repeatOffsets?: number
  /** Look up short source copies near recent ones in a small dense index (default: sources over LOCAL_INDEX_MIN_SOURCE). */
  localIndex?: boolean
  /** Take cost-based short copies inside literals (default: sources up to 4 MiB). */
  shortCopies?: boolean
  /** At most this many check bits per index entry (default: all the block numbers leave; 0 = none). For tests. */
  indexCheckBits?: number
  /**
   * End a window early once its op list holds this many operations (default
   * `defaultMaxWindowOps`; 0 = no limit); the rest of the target buffer
   * starts the next window (see `lastWindowLength`).
   */
  maxWindowOps?: number
}

export interface EncoderStats {
  windows: number
  copySourceBytes: number
  copyTargetBytes: number
  addBytes: number
  runBytes: number
  indexBytes: number
  indexStep: number
}

/**
 * Streaming VCDIFF encoder against an in-memory source. Memory: the source,
 * its index (`indexBudget`), a 2 MiB target table (also the index build's
 * scratch) and one window's op list and delta bytes; the caller feeds the
 * target a window (`windowSize`) at a time.
 */
export class VcdiffEncoder {
  private readonly index: SourceIndex
  private readonly sourceView: DataView
  private readonly targetTable: Int32Array
  private readonly targetShift: number
  /** Target bytes per window: feed `encodeWindow` windows of this size (the last may be shorter). */
  readonly windowSize: number
  /**
   * Target bytes the last `encodeWindow` encoded: the whole buffer it was
   * given, or a prefix when the window reached `maxWindowOps` (the caller
   * feeds the rest again at the start of the next window).
   */
  lastWindowLength = 0
  private readonly maxWindowOps: number
  private ops: OpList
  /** The short-copy pass's output, swapped with `ops`; null when the pass is off. */
  private spare: OpList | null
  private readonly shortTable: Int32Array | null
  private readonly cache = new AddressCache()
  private readonly scratch = new Float64Array(1)
  /** Absolute source position just after the last source COPY, or -1. */
  private contSource = -1
  /** Target offset (in the current window's coordinates) where that COPY ended. */
  private contTarget = 0
  /**
   * Earlier copy displacements (source − target position, window coordinates),
   * most recent first, distinct; `repEnd` = target offset where the latest copy
   * with that displacement ended. Entry 0 is the last copy's (the continuation).
   */
  private readonly repDisp = new Float64Array(8)
  private readonly repEnd = new Float64Array(8)
  private repCount = 0
  private readonly reps: number
  private readonly local: LocalIndex | null
  /** Source end of the last copy whose local pages are not indexed yet, or -1. */
  private localPending = -1
  readonly stats: EncoderStats
  private readonly minHashMatch: number
  private readonly minTargetMatch: number
  private readonly minContinuation: number
  private readonly minFarContinuation: number

  /** `targetSize` (if known) only sizes the per-window tables for small targets. */
  constructor(
    readonly source: Uint8Array,
    targetSize = WINDOW_SIZE,
    options: EncoderOptions = {}
  ) {
    this.minHashMatch = minimum(options.minHashMatch, MIN_HASH_MATCH)
    this.minTargetMatch = minimum(options.minTargetMatch, MIN_TARGET_MATCH)
    this.minContinuation = minimum(options.minContinuation, MIN_CONTINUATION)
    this.minFarContinuation = minimum(options.minFarContinuation, MIN_FAR_CONTINUATION)
    const reps = options.repeatOffsets ?? REPEAT_OFFSETS
    if (!(Number.isInteger(reps) && reps >= 0 && reps <= 7))
      throw new RangeError(`repeatOffsets must be an integer in [0, 7], got ${reps}`)
    this.reps = 1 + reps
    this.local =
      (options.localIndex ?? source.length > LOCAL_INDEX_MIN_SOURCE) ? new LocalIndex(source) : null
    const w = options.windowSize ?? defaultWindowSize(source.length)
    if (!(Number.isInteger(w) && w >= 1024 && w <= WINDOW_SIZE))
      throw new RangeError(`windowSize must be an integer in [1024, ${WINDOW_SIZE}], got ${w}`)
    this.windowSize = w
    const maxOps = options.maxWindowOps ?? defaultMaxWindowOps(source.length)
    if (!(Number.isInteger(maxOps) && maxOps >= 0))
      throw new RangeError(`maxWindowOps must be a non-negative integer, got ${maxOps}`)
    this.maxWindowOps = maxOps === 0 ? Infinity : Math.max(16, maxOps)
    // One slot per 16 bytes of a full window, per 2 bytes of a smaller target.
    const bits = Math.max(
      10,
      Math.min(
        Math.floor(Math.log2(w)) - TARGET_SLOT_BITS,
        Math.floor(Math.log2(Math.max(1, targetSize))) - 1
      )
    )
    this.targetShift = 32 - bits
    if (
      options.indexWaysLog !== undefined &&
      !(
        Number.isInteger(options.indexWaysLog) &&
        options.indexWaysLog >= 0 &&
        options.indexWaysLog <= 10
      )
    )
      throw new RangeError(
        `indexWaysLog must be an integer in [0, 10], got ${options.indexWaysLog}`
      )
    // The index build's scratch and then the target table share one buffer:
    // the scratch would otherwise stay in RSS (typed arrays are freed only by
    // a GC) for the whole encode.
    const budget =
      options.indexBudget ?? (options.denseIndex ? denseIndexBudget(source.length) : undefined)
    const layout = indexLayout(source.length, options.indexWaysLog, budget)
    const work = new ArrayBuffer(Math.max(4 << bits, indexScratchBytes(source.length, layout.step)))
    this.index = new SourceIndex(source, options.indexWaysLog, budget, work, options.indexCheckBits)
    this.sourceView = viewOf(source)
    this.targetTable = new Int32Array(work, 0, 1 << bits)
    const short = options.shortCopies ?? source.length <= REFINE_LIMIT
    // Room for a full window's ops (+ the few one step may push past the cap).
    const opRoom = Number.isFinite(this.maxWindowOps) ? this.maxWindowOps + 64 : 1024
    this.ops = new OpList(opRoom)
    this.spare = short ? new OpList(opRoom) : null
    // The pass runs after the window's search, so it reuses the target table when that is big enough.
    this.shortTable = !short
      ? null
      : this.targetTable.length >= REFINE_TABLE_SIZE
        ? this.targetTable
        : new Int32Array(REFINE_TABLE_SIZE)
    this.stats = {
      windows: 0,
      copySourceBytes: 0,
      copyTargetBytes: 0,
      addBytes: 0,
      runBytes: 0,
      indexBytes: this.index.bytes,
      indexStep: this.index.step
    }
  }

  /** The 5-byte file header: magic and an empty Hdr_Indicator (no app header, no secondary compression). */
  header(): Uint8Array {
    return Uint8Array.of(...MAGIC, 0)
  }

  /**
   * Encode one target window (≤ `windowSize` bytes) and return its bytes:
   * all of `whole`, or its first `lastWindowLength` bytes if the window hit
   * `maxWindowOps`. The returned view is reused by the next call: write it
   * out before then.
   */
  encodeWindow(whole: Uint8Array): Uint8Array {
    if (whole.length > this.windowSize) throw new RangeError('target window too large')
    this.ops.count = 0
    const seg = this.findMatches(whole)
    const target = this.tgt
    this.lastWindowLength = target.length
    let bytes: Uint8Array
    if (!this.spare || !this.shortTable) bytes = this.emit(target, seg.min, seg.max)
    else {
      // Short copies pay on some inputs and not on others (they break up
      // literals that gzip would have compressed in context), so the window
      // is emitted both ways and the one that deflates smaller is kept: the
      // payload ships deltas gzipped. Cheap here: small sources only, and a
      // window's delta is small next to its target. (Emitting rewrites the
      // op list in place, so the refined list is made first.)
      const moved = refineLiterals(
        this.ops,
        this.spare,
        target,
        this.source,
        seg.min,
        seg.max,
        this.shortTable
      )
      bytes = this.emit(target, seg.min, seg.max)
      if (moved.addBytes !== 0) {
        const plain = bytes.slice()
        const done = this.spare
        this.spare = this.ops
        this.ops = done
        const refined = this.emit(target, seg.min, seg.max)
        if (deflatedSize(refined) < deflatedSize(plain)) {
          bytes = refined
          this.stats.addBytes += moved.addBytes
          this.stats.copySourceBytes += moved.copySourceBytes
          this.stats.copyTargetBytes += moved.copyTargetBytes
        } else bytes = plain
      }
    }
    // The continuation point is kept across windows in the next window's coordinates.
    this.contTarget -= target.length
    for (let r = 0; r < this.repCount; r++) {
      this.repDisp[r]! += target.length
      this.repEnd[r]! -= target.length
    }
    this.stats.windows++
    return bytes
  }

  // Result of the last `search`: length forward from p, bytes extended
  // backwards, kind (COPY_SOURCE/COPY_TARGET, 0 = none) and source/target position at p.
  private mLen = 0
  private mBack = 0
  private mKind = 0
  private mAt = 0
  // Per-window search state.
  private tgt: Uint8Array = new Uint8Array(0)
  private tgtView: DataView = viewOf(new Uint8Array(0))
  private addStart = 0
  private segMin = Infinity
  private segMax = -Infinity
  private h = 0
  private hPos = -2
  /** The TARGET_BLOCK-byte hash at thPos (computed one search ahead). */
  private th = 0
  private thPos = -2
  /** A load kept only so that it happens (see search). */
  private touched = 0

  private findMatches(tgt: Uint8Array): { min: number; max: number } {
    const len = tgt.length
    this.tgt = tgt
    this.tgtView = viewOf(tgt)
    this.targetTable.fill(-1)
    this.segMin = Infinity
    this.segMax = -Infinity
    this.addStart = 0
    this.hPos = -2
    this.thPos = -2
    const stats = this.stats
    let p = 0
    let pending = false
    let misses = 0
    while (p < len) {
      if (!pending) this.search(p)
      pending = false
      if (this.mKind === 0) {
        // Long stretches of new data: look less often the longer nothing
        // matched (a match still shows up within BLOCK + step + skip bytes).
        p += 1 + Math.min(MAX_SKIP, ++misses >> SKIP_SHIFT)
        continue
      }
      misses = 0
      // Lazy evaluation: a match starting one byte later may be longer
      // (its backward extension can still take this byte).
      if (this.mLen + this.mBack < LAZY_LIMIT && p + 1 < len) {
        const len0 = this.mLen + this.mBack
        const back0 = this.mBack
        const kind0 = this.mKind
        const at0 = this.mAt
        const flen0 = this.mLen
        this.search(p + 1)
        if (this.mKind !== 0 && this.mLen + this.mBack > len0 + 1) {
          p++
          pending = true
          continue
        }
        this.mLen = flen0
        this.mBack = back0
        this.mKind = kind0
        this.mAt = at0
      }
      const start = p - this.mBack
      const at = this.mAt - this.mBack
      const size = this.mLen + this.mBack
      if (start > this.addStart) this.pushLiteral(tgt, this.addStart, start)
      this.ops.push(this.mKind, size, at)
      if (this.mKind === COPY_SOURCE) {
        if (at < this.segMin) this.segMin = at
        if (at + size > this.segMax) this.segMax = at + size
        this.contSource = at + size
        this.contTarget = start + size
        this.pushRep(at - start, start + size)
        this.localPending = at + size
        this.near[this.nearNext] = at
        this.nearNext = (this.nearNext + 1) & 3
        stats.copySourceBytes += size
      } else {
        stats.copyTargetBytes += size
      }
      p = start + size
      this.addStart = p
      // Every op ends by p here, so the window can end at p: its op list
      // (9 bytes an op) stays bounded on op-dense targets.
      if (this.ops.count >= this.maxWindowOps && p < len) {
        this.tgt = tgt.subarray(0, p)
        this.tgtView = viewOf(this.tgt)
        break
      }
    }
    const end = this.tgt.length
    if (end > this.addStart) this.pushLiteral(tgt, this.addStart, end)
    return this.segMax < 0 ? { min: 0, max: 0 } : { min: this.segMin, max: this.segMax }
  }

  /** Bytes from target offset p that equal the source from s (s within the source). */
  private sourceMatch(p: number, s: number): number {
    const lim = Math.min(this.tgt.length - p, this.source.length - s)
    return matchLength(this.tgt, this.tgtView, p, this.source, this.sourceView, s, lim)
  }

  /** Best match at target offset p (result in mLen/mBack/mKind/mAt). */
  private search(p: number): void {
    const tgt = this.tgt
    const src = this.source
    const srcLen = src.length
    const len = tgt.length
    const addStart = this.addStart
    let bestLen = 0
    let bestBack = 0
    let bestKind = 0
    let bestAt = 0
    let bestScore = -Infinity

    // 1. Continue the previous source copy at the same offset (typical of
    //    binaries whose code moved by a constant, with a few bytes changed).
    if (this.contSource >= 0) {
      const s = this.contSource + (p - this.contTarget)
      if (s < srcLen && s >= 0 && tgt[p] === src[s]) {
        const k = this.sourceMatch(p, s)
        const min =
          p - this.contTarget <= CONTINUATION_REACH ? this.minContinuation : this.minFarContinuation
        if (k >= min && fitsSegment(this.segMin, this.segMax, s, s + k)) {
          bestScore = k - 1
          bestLen = k
          bestKind = COPY_SOURCE
          bestAt = s
        }
      }
    }

    // 1b. Earlier displacements (code that moved keeps a few recurring ones).
    for (let r = 1; r < this.repCount; r++) {
      const s = p + this.repDisp[r]!
      if (s < 0 || s >= srcLen || tgt[p] !== src[s]) continue
      const k = this.sourceMatch(p, s)
      const min =
        p - this.repEnd[r]! <= CONTINUATION_REACH ? this.minContinuation : this.minFarContinuation
      if (k < min) continue
      const score = k - this.addressCost(s)
      if (score > bestScore && fitsSegment(this.segMin, this.segMax, s, s + k)) {
        bestScore = score
        bestLen = k
        bestKind = COPY_SOURCE
        bestAt = s
      }
    }

    // 2. Hash lookups in the source index and the target-so-far table.
    if (p + BLOCK <= len) {
      let h: number
      if (this.hPos === p) h = this.h
      else if (this.hPos === p - 1) h = rollHash(this.h, tgt[p - 1]!, tgt[p + BLOCK - 1]!)
      else h = blockHash(tgt, p)
      const index = this.index
      const table = index.table
      const slot0 = index.slot(h)
      if (p + BLOCK < len) {
        // The next search is nearly always at p + 1 (after a miss, and the
        // lazy look after a match): load its buckets now, so that their cache
        // misses overlap this search's instead of following it.
        const h1 = rollHash(h, tgt[p]!, tgt[p + BLOCK]!)
        this.h = h1
        this.hPos = p + 1
        const th1 = localHash(tgt, p + 1)
        this.th = th1
        this.thPos = p + 1
        this.touched = table[index.slot(h1)]! ^ this.targetTable[bucket(th1, this.targetShift)]!
      } else {
        this.h = h
        this.hPos = p
      }
      const ways = index.ways
      const checkMask = index.checkMask
      const blockMask = index.blockMask
      const step = index.step
      const tag = checkTag(h, checkMask)
      for (let e = 0; e < ways; e++) {
        const v = table[slot0 + e]!
        if (v === 0) break
        // Another hash in this bucket: skip it without reading the source there.
        if (((v ^ tag) & checkMask) !== 0) continue
        const s = (((v & blockMask) >>> 0) - 1) * step
        const k = this.sourceMatch(p, s)
        if (k > 0) {
          let b = 0
          const blim = Math.min(p - addStart, s)
          while (b < blim && tgt[p - b - 1] === src[s - b - 1]) b++
          if (k + b >= this.minHashMatch) {
            // Score = bytes covered − estimated address bytes: among similar
            // lengths prefer the copy near a recent one (a small near-cache
            // address, and source reads close together when decoding).
            const score = k + b - this.addressCost(s - b)
            if (score > bestScore && fitsSegment(this.segMin, this.segMax, s - b, s + k)) {
              bestScore = score
              bestLen = k
              bestBack = b
              bestKind = COPY_SOURCE
              bestAt = s
            }
          }
        }
      }
    }
    // 3. Target-so-far: a dense table of short blocks (new text repeats words
    //    and lines; these copies have short HERE/near addresses).
    if (p + TARGET_BLOCK <= len) {
      const th = this.thPos === p ? this.th : localHash(tgt, p)
      // 4. Short source copies near recent ones (a dense index of those pages).
      if (bestKind === 0 && this.local && p - addStart <= LOCAL_REACH) {
        // Index the pages after the last copy only once literals follow it.
        if (this.localPending >= 0) {
          this.local.touch(this.localPending)
          this.local.touch(this.localPending + LOCAL_AHEAD)
          this.localPending = -1
        }
        const s = this.local.lookup(th)
        if (s >= 0) {
          const k = this.sourceMatch(p, s)
          if (k > 0) {
            let b = 0
            const blim = Math.min(p - addStart, s)
            while (b < blim && tgt[p - b - 1] === src[s - b - 1]) b++
            // (nothing else matched here, so no score to beat)
            if (k + b >= MIN_LOCAL && fitsSegment(this.segMin, this.segMax, s - b, s + k)) {
              bestLen = k
              bestBack = b
              bestKind = COPY_SOURCE
              bestAt = s
            }
          }
        }
      }
      const slot = bucket(th, this.targetShift)
      const ttable = this.targetTable
      const t = ttable[slot]!
      if (t !== p) ttable[slot] = p
      if (t >= 0 && t < p) {
        const k = matchLength(tgt, this.tgtView, p, tgt, this.tgtView, t, len - p)
        if (k > 0) {
          let b = 0
          const blim = Math.min(p - addStart, t)
          while (b < blim && tgt[p - b - 1] === tgt[t - b - 1]) b++
          const need = Math.max(this.minTargetMatch, 3 + varintLength(p - t))
          if (k + b > bestLen + bestBack + 2 && k + b >= need) {
            bestLen = k
            bestBack = b
            bestKind = COPY_TARGET
            bestAt = t
          }
        }
      }
    }
    this.mLen = bestLen
    this.mBack = bestBack
    this.mKind = bestKind
    this.mAt = bestAt
  }

  /** Make displacement d the most recent (its copy ended at target offset end). */
  private pushRep(d: number, end: number): void {
    const disp = this.repDisp
    let i = 0
    while (i < this.repCount && disp[i] !== d) i++
    if (i === this.repCount && this.repCount < this.reps) this.repCount++
    if (i >= this.repCount) i = this.repCount - 1
    for (; i > 0; i--) {
      disp[i] = disp[i - 1]!
      this.repEnd[i] = this.repEnd[i - 1]!
    }
    disp[0] = d
    this.repEnd[0] = end
  }

  /** Recent source copy addresses (a stand-in for the decoder's near cache). */
  private readonly near = new Float64Array(4)
  private nearNext = 0

  /** Estimated bytes of the address of a source copy at s. */
  private addressCost(s: number): number {
    let best = varintLength(s)
    const near = this.near
    for (let i = 0; i < 4; i++) {
      const d = s - near[i]!
      if (d >= 0) {
        const c = varintLength(d)
        if (c < best) best = c
      }
    }
    return best
  }

  /** Literal bytes [a, b): ADDs, with long single-byte runs as RUNs. */
  private pushLiteral(tgt: Uint8Array, a: number, b: number): void {
    let lit = a
    let i = a
    while (i < b) {
      const c = tgt[i]!
      let j = i + 1
      while (j < b && tgt[j] === c) j++
      if (j - i >= MIN_RUN) {
        if (i > lit) this.pushAdd(lit, i)
        this.ops.push(RUN, j - i, i)
        this.stats.runBytes += j - i
        lit = j
      }
      i = j
    }
    if (b > lit) this.pushAdd(lit, b)
  }

  private pushAdd(a: number, b: number): void {
    this.ops.push(ADD, b - a, a)
    this.stats.addBytes += b - a
  }

  /** Turn the op list into the window's bytes. */
  private emit(tgt: Uint8Array, segMin: number, segMax: number): Uint8Array {
    const ops = this.ops
    const n = ops.count
    const segLen = segMax - segMin
    const cache = this.cache
    cache.reset()

    // Pass 1: address modes in instruction order, as the decoder will see them.
    let here = 0
    let addrBytes = 0
    let dataBytes = 0
    // Instruction bytes at most: a code, and the size as a varint if it does not fit the code.
    let instBound = 16
    for (let i = 0; i < n; i++) {
      const type = ops.type[i]!
      const size = ops.size[i]!
      instBound += size > 17 || type === RUN ? 1 + varintLength(size) : 1
      if (type === COPY_SOURCE || type === COPY_TARGET) {
        const addr = type === COPY_SOURCE ? ops.where[i]! - segMin : segLen + ops.where[i]!
        const mode = cache.encode(addr, segLen + here, this.scratch)
        ops.type[i] = type | (mode << 3)
        ops.where[i] = this.scratch[0]!
        addrBytes += mode >= 2 + S_NEAR ? 1 : varintLength(this.scratch[0]!)
      } else {
        dataBytes += type === RUN ? 1 : size
      }
      here += size
    }

    // Pass 2: instructions (pairing into double codes where the table allows).
    // The section buffers are reused from window to window: typed arrays live
    // outside the V8 heap, so per-window garbage would pile up in RSS until a GC.
    // The data section is written straight into the output buffer (pass 3).
    const addrs = (this.addrBuf = grown(this.addrBuf, addrBytes))
    const inst = (this.instBuf = grown(this.instBuf, instBound))
    let ap = 0
    let ip = 0
    const putAddr = (i: number): void => {
      const mode = ops.type[i]! >> 3
      if (mode >= 2 + S_NEAR) addrs[ap++] = ops.where[i]!
      else ap = writeVarint(addrs, ap, ops.where[i]!)
    }
    for (let i = 0; i < n; i++) {
      const type = ops.type[i]! & 7
      const size = ops.size[i]!
      const next = i + 1 < n ? ops.type[i + 1]! & 7 : -1
      if (type === ADD) {
        if (next === COPY_SOURCE || next === COPY_TARGET) {
          const code = addCopyCode(size, ops.size[i + 1]!, ops.type[i + 1]! >> 3)
          if (code >= 0) {
            inst[ip++] = code
            putAddr(i + 1)
            i++
            continue
          }
        }
        if (size <= 17) inst[ip++] = 1 + size
        else {
          inst[ip++] = singleCode(ADD, 0)
          ip = writeVarint(inst, ip, size)
        }
      } else if (type === RUN) {
        inst[ip++] = singleCode(RUN, 0)
        ip = writeVarint(inst, ip, size)
      } else {
        const mode = ops.type[i]! >> 3
        if (next === ADD) {
          const code = copyAddCode(size, mode, ops.size[i + 1]!)
          if (code >= 0) {
            inst[ip++] = code
            putAddr(i)
            i++
            continue
          }
        }
        if (size >= 4 && size <= 18) inst[ip++] = singleCode(COPY, mode) + size - 3
        else {
          inst[ip++] = singleCode(COPY, mode)
          ip = writeVarint(inst, ip, size)
        }
        putAddr(i)
      }
    }
    // Sizes were computed in pass 1; a mismatch would be a bug here, not bad input.
    if (ap !== addrBytes) throw new Error('VCDIFF encoder: section sizes disagree')

    // Window header and delta encoding (RFC 3284 section 4.2 + xdelta3 Adler-32).
    const tlen = tgt.length
    const deltaLen =
      varintLength(tlen) +
      1 +
      varintLength(dataBytes) +
      varintLength(ip) +
      varintLength(addrBytes) +
      4 +
      dataBytes +
      ip +
      addrBytes
    const headLen =
      1 + (segLen > 0 ? varintLength(segLen) + varintLength(segMin) : 0) + varintLength(deltaLen)
    const out = (this.outBuf = grown(this.outBuf, headLen + deltaLen))
    let o = 0
    out[o++] = (segLen > 0 ? VCD_SOURCE : 0) | VCD_ADLER32
    if (segLen > 0) {
      o = writeVarint(out, o, segLen)
      o = writeVarint(out, o, segMin)
    }
    o = writeVarint(out, o, deltaLen)
    o = writeVarint(out, o, tlen)
    out[o++] = 0
    o = writeVarint(out, o, dataBytes)
    o = writeVarint(out, o, ip)
    o = writeVarint(out, o, addrBytes)
    const sum = adler32(tgt)
    out[o++] = sum >>> 24
    out[o++] = (sum >>> 16) & 0xff
    out[o++] = (sum >>> 8) & 0xff
    out[o++] = sum & 0xff
    // Pass 3: the data section, every ADD's bytes and every RUN's byte in
    // instruction order (pairing into double codes does not reorder them).
    const d0 = o
    for (let i = 0; i < n; i++) {
      const type = ops.type[i]! & 7
      if (type === ADD) {
        const at = ops.where[i]!
        out.set(tgt.subarray(at, at + ops.size[i]!), o)
        o += ops.size[i]!
      } else if (type === RUN) out[o++] = tgt[ops.where[i]!]!
    }
    if (o - d0 !== dataBytes) throw new Error('VCDIFF encoder: section sizes disagree')
    out.set(inst.subarray(0, ip), o)
    o += ip
    out.set(addrs.subarray(0, addrBytes), o)
    return out.subarray(0, headLen + deltaLen)
  }

  private addrBuf: Uint8Array = new Uint8Array(0)
  private instBuf: Uint8Array = new Uint8Array(0)
  private outBuf: Uint8Array = new Uint8Array(0)
}

/**
 * `buf` if it holds n bytes, else a new buffer with a quarter more room (not
 * doubled: the old one stays in RSS until a GC, and these can be megabytes).
 */
function grown(buf: Uint8Array, n: number): Uint8Array {
  return buf.length >= n ? buf : new Uint8Array(n + (n >> 2))
}

let zlib: typeof import('node:zlib') | undefined

/** Bytes of `data` deflated as the payload's gzip -6 would (without its 18-byte frame). */
function deflatedSize(data: Uint8Array): number {
  // node:zlib is loaded on first use (only the short-copy pass, sources ≤ 4
  // MiB, needs it): its RSS would count against every other source's memory goal.
  zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')
  return zlib.deflateRawSync(data, { level: 6 }).length
}

/**
 * Target bytes per window by default: WINDOW_SIZE, and half of it for sources
 * up to SMALL_SOURCE. The window buffer is held for the whole encode; beside
 * Node itself and a small source it is what keeps the encoder above
 * the memory goal (1.5 × source + 64 MiB); halving it costs a little delta
 * size (fewer target-so-far copies across a window boundary). The action's
 * pool keeps WINDOW_SIZE.
 */
export function defaultWindowSize(sourceSize: number): number {
  return sourceSize <= SMALL_SOURCE ? WINDOW_SIZE / 2 : WINDOW_SIZE
}

/**
 * Ops per window before it ends early, by default: 2^17 (a 1.1 MiB op list)
 * for sources up to SMALL_SOURCE, none above (the op lists are then sized
 * for it up front). Uncapped, the op list grows with the window's copies and
 * literals, by doubling, and the old arrays stay in RSS until a GC: a window
 * of a binary rewritten in many small places needs several times the cap and
 * pushes a small source past the memory goal. Text windows stay far below
 * the cap (figures: src/delta/README.md, Tuning notes). Larger sources have
 * more room in the bound and keep whole windows.
 */
export function defaultMaxWindowOps(sourceSize: number): number {
  return sourceSize <= SMALL_SOURCE ? 1 << 17 : 0
}

/** A match threshold: `value` if given (an integer ≥ 4, the shortest COPY code), else `fallback`. */
function minimum(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 4)
    throw new RangeError(`encoder match minimum must be an integer ≥ 4, got ${value}`)
  return value
}

function fitsSegment(min: number, max: number, a: number, b: number): boolean {
  if (max < 0) return true
  return Math.max(max, b) - Math.min(min, a) <= MAX_SEGMENT
}
