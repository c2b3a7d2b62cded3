import type { Command } from 'commander'
import {
  MODULES_DIR,
  MODULE_VERSION,
  writeModuleArtifact,
  writeModuleScript
} from '../../device/module-files.js'
import { UsageError } from '../../util/errors.js'
import type { CliContext } from '../context.js'

interface DeviceModuleFlags {
  output?: string
  artifact?: string
  deviceType?: string[]
  signingKey?: string
  artifactName?: string
  destDir: string
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/** `mender-compose device-module`: the device-side `app` Update Module, as a file or an installer artifact. */
export function registerDeviceModule(program: Command, ctx: CliContext): void {
  program
    .command('device-module')
    .description(
      `write the device-side app Update Module (version ${MODULE_VERSION}), or a single-file artifact that installs it`
    )
    .option('--output <dir>', 'write the module script as <dir>/app')
    .option('--artifact <file>', 'write a single-file Mender artifact that installs the module')
    .option('--device-type <type>', 'device type of the artifact (repeatable)', collect)
    .option('--signing-key <pem>', 'private key (PEM: RSA or ECDSA P-256) to sign the artifact')
    .option('--artifact-name <name>', 'artifact name (default mender-compose-app-module-<version>)')
    .option('--dest-dir <dir>', 'folder the module is installed to on the device', MODULES_DIR)
    .action(async (flags: DeviceModuleFlags) => {
      if (!flags.output && !flags.artifact)
        throw new UsageError('device-module needs --output <dir> or --artifact <file>')
      if (flags.output) {
        const path = await writeModuleScript(flags.output)
        ctx.stdout(`${path}\n`)
      }
      if (flags.artifact) {
        if (!flags.deviceType?.length)
          throw new UsageError('device-module --artifact needs --device-type <type>')
        const a = await writeModuleArtifact({
          output: flags.artifact,
          deviceTypes: flags.deviceType,
          artifactName: flags.artifactName,
          destDir: flags.destDir,
          signingKey: flags.signingKey
        })
        ctx.log.info(
          `installer artifact ${a.name}: module ${MODULE_VERSION} → ${flags.destDir}/app`
        )
        ctx.stdout(`${a.path}\n`)
      }
    })
}
