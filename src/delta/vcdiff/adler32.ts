const MOD = 65521
// Largest n such that 255n(n+1)/2 + (n+1)(MOD-1) < 2^32 (zlib's NMAX).
const NMAX = 5552

/** Adler-32 of `data[start, end)`, as zlib and xdelta3 compute it (initial value 1). */
export function adler32(data: Uint8Array, start = 0, end = data.length): number {
  let a = 1
  let b = 0
  let i = start
  while (i < end) {
    const stop = Math.min(end, i + NMAX)
    for (; i < stop; i++) {
      a += data[i]!
      b += a
    }
    a %= MOD
    b %= MOD
  }
  return ((b << 16) | a) >>> 0
}
