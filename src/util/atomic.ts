import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

let serial = 0

/**
 * A temporary name in the same folder, so the final rename never crosses file
 * systems. Unique by process ID and a counter (the random part only guards
 * against a reused PID); not node:crypto, whose loading would spend part of
 * the delta encoder's memory goal for nothing.
 */
export function temporarySibling(path: string): string {
  const tag = `${process.pid}.${++serial}.${Math.random().toString(36).slice(2, 8)}`
  return join(dirname(path), `.${basename(path)}.${tag}.tmp`)
}

/**
 * Run `produce` against a temporary path and rename it to `path` only when it
 * succeeds; on any error the temporary file is removed and `path` is untouched.
 */
export async function writeAtomically<T>(
  path: string,
  produce: (tmpPath: string) => Promise<T>
): Promise<T> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = temporarySibling(path)
  try {
    const result = await produce(tmp)
    await rename(tmp, path)
    return result
  } catch (err) {
    await rm(tmp, { force: true, recursive: true })
    throw err
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeAtomically(path, (tmp) => writeFile(tmp, data))
}
