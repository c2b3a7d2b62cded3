/**
 * Length of the common run of `a` from `p` and `b` from `q`, at most `lim`
 * bytes (the caller keeps p + lim and q + lim within the arrays). `av` and
 * `bv` are DataViews of exactly `a` and `b`. After the first byte it compares
 * 8 bytes at a time (two unaligned 32-bit reads each side): the encoder
 * compares more bytes than the target holds, mostly in long copies, where a
 * byte loop would spend several times the CPU.
 */
export function matchLength(
  a: Uint8Array,
  av: DataView,
  p: number,
  b: Uint8Array,
  bv: DataView,
  q: number,
  lim: number
): number {
  if (lim === 0 || a[p] !== b[q]) return 0
  let k = 1
  while (
    k + 8 <= lim &&
    av.getInt32(p + k, true) === bv.getInt32(q + k, true) &&
    av.getInt32(p + k + 4, true) === bv.getInt32(q + k + 4, true)
  )
    k += 8
  while (k < lim && a[p + k] === b[q + k]) k++
  return k
}

/** A DataView of exactly the bytes of `a`. */
export function viewOf(a: Uint8Array): DataView {
  return new DataView(a.buffer, a.byteOffset, a.byteLength)
}
