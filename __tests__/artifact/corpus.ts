import { randomBytes } from 'node:crypto'
import { open, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll } from 'vitest'
import { tempDir } from '../helpers/tmp.js'
import { makeKeys, type TestKeys } from './real-tool.js'

/** Deterministic pseudo-random bytes (xorshift32): property tests that replay from a seed. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

/**
 * Semi-compressible data (about 2:1 with gzip): 64 KiB blocks, half random
 * bytes and half repeated text, so compressors do real work.
 */
export async function writeSemiCompressible(path: string, size: number): Promise<void> {
  const fh = await open(path, 'w')
  try {
    const text = Buffer.from('mender-compose layer data '.repeat(1400))
    let written = 0
    while (written < size) {
      const block = Buffer.concat([randomBytes(32 * 1024), text.subarray(0, 32 * 1024)])
      const n = Math.min(block.length, size - written)
      await fh.write(block, 0, n)
      written += n
    }
  } finally {
    await fh.close()
  }
}

export interface InputFiles {
  dir: string
  p1: string
  p2: string
  empty: string
  metaData: Record<string, unknown>
  metaDataPath: string
  scripts: string[]
}

/** The payloads, meta-data and scripts the matrix writes with both tools. */
export async function makeInputs(dir: string): Promise<InputFiles> {
  const p1 = join(dir, 'payload1.txt')
  const p2 = join(dir, 'image-layer_2.bin')
  const empty = join(dir, 'empty.dat')
  await writeFile(p1, 'hello mender\n')
  await writeFile(p2, randomBytes(300 * 1024))
  await writeFile(empty, '')
  const metaData = {
    zeta: 1,
    alpha: 'x<&>y',
    nested: { b: [1, 2.5, 'three', null, true], a: { deep: 'é' } },
    big: 1e21,
    small: 1e-7
  }
  const metaDataPath = join(dir, 'meta.json')
  await writeFile(metaDataPath, JSON.stringify(metaData, null, 4))
  const scripts = [
    join(dir, 'ArtifactInstall_Enter_01_prepare'),
    join(dir, 'ArtifactCommit_Leave_99')
  ]
  for (const s of scripts) await writeFile(s, '#!/bin/sh\necho state\n', { mode: 0o755 })
  // whole-second mtimes so both tools record the same time
  const t = new Date('2024-05-01T12:00:00Z')
  for (const f of [p1, p2, empty, ...scripts]) await utimes(f, t, t)
  return { dir, p1, p2, empty, metaData, metaDataPath, scripts }
}

export interface Fixture {
  dir: string
  inp: InputFiles
  keys: TestKeys
}

/** A temporary folder with the matrix inputs and openssl-made keys, filled in beforeAll. */
export function useFixture(prefix: string): Fixture {
  const f = {} as Fixture
  beforeAll(async () => {
    f.dir = await tempDir(prefix)
    f.inp = await makeInputs(f.dir)
    f.keys = makeKeys(f.dir)
  })
  return f
}
