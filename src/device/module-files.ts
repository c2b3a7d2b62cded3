import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeArtifact, type ModuleImageOptions } from '../artifact/index.js'
import { writeAtomically } from '../util/atomic.js'
import { UsageError } from '../util/errors.js'
import { MODULE_SCRIPT, MODULE_VERSION } from './module-script.js'

export { MODULE_SCRIPT, MODULE_VERSION }

/** Where the Mender client looks for Update Modules, and the name it runs for `app` payloads. */
export const MODULES_DIR = '/usr/share/mender/modules/v3'
export const MODULE_NAME = 'app'
/** The software name in the installer artifact's provides. */
export const MODULE_SOFTWARE_NAME = 'mender-compose-app-module'

/** Writes the module script as `<dir>/app`, executable; returns its path. */
export async function writeModuleScript(dir: string): Promise<string> {
  const path = join(dir, MODULE_NAME)
  await writeAtomically(path, async (tmp) => {
    await writeFile(tmp, MODULE_SCRIPT, { mode: 0o755 })
    await chmod(tmp, 0o755)
  })
  return path
}

export interface ModuleArtifactOptions {
  output: string
  deviceTypes: string[]
  artifactName?: string
  /** Folder the module lands in on the device (default the client's modules folder). */
  destDir?: string
  signingKey?: string
}

/**
 * A Mender artifact of the stock `single-file` type that installs the module
 * (its payload files `dest_dir`, `filename`, `permissions` and the script), so
 * a fleet gets or updates the module through Mender itself; the single-file
 * module keeps a backup of the module it replaces and restores it on rollback.
 */
export async function writeModuleArtifact(
  options: ModuleArtifactOptions
): Promise<{ path: string; name: string }> {
  if (options.deviceTypes.length === 0)
    throw new UsageError('device-module --artifact needs --device-type')
  const destDir = options.destDir ?? MODULES_DIR
  if (!destDir.startsWith('/'))
    throw new UsageError(`--dest-dir ${destDir}: the folder on the device must be absolute`)
  const name = options.artifactName ?? `${MODULE_SOFTWARE_NAME}-${MODULE_VERSION}`
  const dir = await mkdtemp(join(tmpdir(), 'mender-compose-module-'))
  try {
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'dest_dir'), destDir)
    await writeFile(join(dir, 'filename'), MODULE_NAME)
    await writeFile(join(dir, 'permissions'), '755')
    const script = await writeModuleScript(dir)
    const o: ModuleImageOptions = {
      type: 'single-file',
      name,
      deviceTypes: options.deviceTypes,
      files: [join(dir, 'dest_dir'), join(dir, 'filename'), join(dir, 'permissions'), script],
      softwareName: MODULE_SOFTWARE_NAME,
      softwareVersion: MODULE_VERSION,
      signingKey: options.signingKey ? { path: options.signingKey } : undefined
    }
    await writeArtifact(o, options.output)
    return { path: options.output, name }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
