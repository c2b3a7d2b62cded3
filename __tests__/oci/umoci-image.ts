import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * An OCI layout made by the real umoci (spec §3.3) at `layout`, tagged v1:
 * one layer holding `files` (path → content), config for linux/`architecture`.
 */
export async function makeUmociImage(
  layout: string,
  architecture: string,
  files: Record<string, string>
): Promise<void> {
  const bundle = `${layout}-bundle`
  execFileSync('umoci', ['init', '--layout', layout])
  execFileSync('umoci', ['new', '--image', `${layout}:v1`])
  execFileSync('umoci', ['unpack', '--rootless', '--image', `${layout}:v1`, bundle])
  for (const [path, content] of Object.entries(files)) {
    const full = join(bundle, 'rootfs', path)
    await mkdir(dirname(full), { recursive: true })
    await writeFile(full, content)
  }
  execFileSync('umoci', ['repack', '--image', `${layout}:v1`, bundle])
  execFileSync('umoci', [
    'config',
    '--image',
    `${layout}:v1`,
    '--architecture',
    architecture,
    '--os',
    'linux'
  ])
  execFileSync('umoci', ['gc', '--layout', layout])
}
