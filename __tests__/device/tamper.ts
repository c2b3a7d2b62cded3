import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Unpacks a payload's images.tar.gz and the image.img of its one image
 * folder, lets `change` alter the image folder, and packs both back with
 * real tar: the broken payloads that must fail on the device.
 */
export async function tamperImage(
  root: string,
  imagesTarGz: string,
  change: (imageDir: string) => Promise<void>
): Promise<string> {
  const dir = await mkdtemp(join(root, 'tamper-'))
  await run('tar', ['-xzf', imagesTarGz, '-C', dir])
  const { stdout } = await run('ls', [join(dir, 'images')])
  const id = stdout.trim().split('\n')[0]!
  const img = join(dir, 'images', id, 'image.img')
  const x = join(dir, 'x')
  await run('mkdir', [x])
  await run('tar', ['-xf', img, '-C', x])
  await change(x)
  await run('tar', ['-cf', img, '-C', x, '.'])
  const out = join(dir, 'images.tar.gz')
  await run('tar', ['-czf', out, '-C', dir, 'images'])
  return out
}
