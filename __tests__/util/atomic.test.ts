import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeAtomically, writeFileAtomic } from '../../src/util/atomic.js'
import { tempDir } from '../helpers/tmp.js'

describe('atomic writes', () => {
  it('renames into place only on success', async () => {
    const dir = await tempDir()
    await writeFileAtomic(join(dir, 'out.txt'), 'done')
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('done')
    expect(await readdir(dir)).toEqual(['out.txt'])
  })

  it('leaves neither the target nor a temporary file behind on failure', async () => {
    const dir = await tempDir()
    await expect(
      writeAtomically(join(dir, 'out.bin'), async (tmp) => {
        await writeFile(tmp, 'partial')
        throw new Error('boom')
      })
    ).rejects.toThrow('boom')
    expect(await readdir(dir)).toEqual([])
  })
})
