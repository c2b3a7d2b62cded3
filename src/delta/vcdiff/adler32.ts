const MOD = 65521
/**
 * Bytes summed before reducing: the largest multiple of 8 with 255n(n+1)/2 +
 * (n+1)(MOD-1) < 2^31 (zlib's NMAX, 5552, is for 2^32), so both sums stay
 * small integers and V8 never turns them into doubles: with the 8-byte
 * unrolling, about half the CPU of the plain loop.
 */
const NMAX = 3848

/** Adler-32 of `data[start, end)`, as zlib and xdelta3 compute it (initial value 1). */
export function adler32(data: Uint8Array, start = 0, end = data.length): number {
  let a = 1
  let b = 0
  let i = start
  while (i < end) {
    const stop = Math.min(end, i + NMAX)
    for (const stop8 = stop - 7; i < stop8; i += 8) {
      a = (a + data[i]!) | 0
      b = (b + a) | 0
      a = (a + data[i + 1]!) | 0
      b = (b + a) | 0
      a = (a + data[i + 2]!) | 0
      b = (b + a) | 0
      a = (a + data[i + 3]!) | 0
      b = (b + a) | 0
      a = (a + data[i + 4]!) | 0
      b = (b + a) | 0
      a = (a + data[i + 5]!) | 0
      b = (b + a) | 0
      a = (a + data[i + 6]!) | 0
      b = (b + a) | 0
      a = (a + data[i + 7]!) | 0
      b = (b + a) | 0
    }
    for (; i < stop; i++) {
      a = (a + data[i]!) | 0
      b = (b + a) | 0
    }
    a %= MOD
    b %= MOD
  }
  return ((b << 16) | a) >>> 0
}
