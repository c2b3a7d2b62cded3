/**
 * Seeded pseudo-random numbers for generated test and benchmark inputs: the
 * same sequence on every machine. No test-runner imports, so the benchmarks
 * (bench/) can use it without loading vitest.
 */

/** mulberry32: a small, fast PRNG with 32 bits of state; numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
