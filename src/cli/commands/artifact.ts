import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import {
  ArtifactOpenError,
  artifactInfoJson,
  describeArtifact,
  InvalidArtifactError,
  parseCompression,
  readArtifact,
  splitKeyValue,
  writeArtifact,
  type ModuleImageOptions
} from '../../artifact/index.js'
import { DEFAULT_SOFTWARE_FILESYSTEM } from '../../artifact/fields.js'

/** mender-artifact's exit codes, which its users script on: validation failed, cannot open. */
const EXIT_INVALID_ARTIFACT = 4
const EXIT_CANNOT_OPEN = 3

/**
 * Reads as readArtifact does, failing with mender-artifact's exit codes:
 * `validate` exits 4 for an invalid artifact, `read` 1 (the usual code).
 */
async function readWithExitCodes(file: string, key: string | undefined, invalidCode?: number) {
  try {
    return await readArtifact(file, { publicKey: key })
  } catch (err) {
    const exitCode =
      err instanceof InvalidArtifactError
        ? invalidCode
        : err instanceof ArtifactOpenError
          ? EXIT_CANNOT_OPEN
          : undefined
    if (exitCode === undefined || !(err instanceof UserError)) throw err
    throw new UserError(err.message, {
      ...(err.hint !== undefined && { hint: err.hint }),
      cause: err.cause,
      exitCode
    })
  }
}
import { UsageError, UserError } from '../../util/errors.js'
import { formatBytes } from '../../util/format.js'
import type { CliContext } from '../context.js'

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

interface ModuleImageFlags {
  type: string
  artifactName: string
  deviceType: string[]
  outputPath: string
  file?: string[]
  metaData?: string
  provides?: string[]
  depends?: string[]
  artifactNameDepends?: string[]
  providesGroup?: string
  dependsGroups?: string[]
  script?: string[]
  key?: string
  softwareFilesystem?: string
  softwareName?: string
  softwareVersion?: string
  clearsProvides?: string[]
  defaultSoftwareVersion: boolean
  defaultClearsProvides: boolean
  compression: string
}

function keyValues(args: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const a of args ?? []) {
    const kv = splitKeyValue(a)
    if (!kv)
      throw new UsageError(
        `${flag} ${JSON.stringify(a)}: argument must have a delimiting colon (KEY:VALUE)`
      )
    out[kv[0]] = kv[1]
  }
  return out
}

async function readMetaData(path: string): Promise<Record<string, unknown>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError(`meta-data (-m) ${path}: cannot read it: ${(err as Error).message}`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UserError(`meta-data (-m) ${path} is not valid JSON: ${(err as Error).message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UserError(`meta-data (-m) ${path} must hold a JSON object`)
  return value as Record<string, unknown>
}

/**
 * mender-artifact lets a `--software-*` flag given after an explicit
 * `-p <fs>.<name>.version:V` override it; commander parses options in command
 * line order, so the order is recorded as they are parsed.
 */
function orderTracker(): {
  provide: (v: string, prev?: string[]) => string[]
  software: (v: string) => string
  overrides: (key: string | undefined) => boolean
} {
  let seq = 0
  const provideSeq = new Map<string, number>()
  let lastSoftware = -1
  return {
    provide: (v, prev) => {
      const kv = splitKeyValue(v)
      if (kv) provideSeq.set(kv[0], ++seq)
      return collect(v, prev)
    },
    software: (v) => {
      lastSoftware = ++seq
      return v
    },
    overrides: (key) => key !== undefined && lastSoftware > (provideSeq.get(key) ?? Infinity)
  }
}

function registerWriteModuleImage(write: Command, ctx: CliContext): void {
  const order = orderTracker()
  write
    .command('module-image')
    .description(
      'write a Mender Artifact for an Update Module (as `mender-artifact write module-image`)'
    )
    .requiredOption('-T, --type <type>', 'payload type: the name of the Update Module')
    .requiredOption('-n, --artifact-name <name>', 'name of the artifact')
    .requiredOption('-t, --device-type <type>', 'compatible device type (repeatable)', collect)
    .option('-o, --output-path <path>', 'output artifact file', 'artifact.mender')
    .option('-f, --file <file>', 'include FILE in the payload (repeatable)', collect)
    .option('-m, --meta-data <file>', 'meta-data JSON file (an object)')
    .option(
      '-p, --provides <key:value>',
      'type-info artifact_provides entry (repeatable)',
      order.provide
    )
    .option('-d, --depends <key:value>', 'type-info artifact_depends entry (repeatable)', collect)
    .option(
      '-N, --artifact-name-depends <name>',
      'artifact name this one depends on (repeatable)',
      collect
    )
    .option('-g, --provides-group <group>', 'artifact group this artifact provides')
    .option('-G, --depends-groups <group>', 'artifact group depended on (repeatable)', collect)
    .option('-s, --script <file>', 'state script (repeatable)', collect)
    .option('-k, --key <pem>', 'private key (PEM: RSA or ECDSA P-256) to sign the artifact with')
    .option(
      '--software-filesystem <fs>',
      `software version key prefix (default ${DEFAULT_SOFTWARE_FILESYSTEM})`,
      order.software
    )
    .option(
      '--software-name <name>',
      'software name in the version key (default: the payload type)',
      order.software
    )
    .option(
      '--software-version <version>',
      'software version (default: the artifact name)',
      order.software
    )
    .option('--clears-provides <pattern>', 'clears_artifact_provides pattern (repeatable)', collect)
    .option(
      '--no-default-software-version',
      'no <fs>.<name>.version provide and no default clears entry'
    )
    .option('--no-default-clears-provides', 'no default clears_artifact_provides entry')
    .option('--compression <id>', 'none, gzip, zstd (zstd_fastest|fast|better|best)', 'gzip')
    .action(async (flags: ModuleImageFlags) => {
      const { compression, level } = parseCompression(flags.compression)
      const provides = keyValues(flags.provides, '-p/--provides')
      const o: ModuleImageOptions = {
        type: flags.type,
        name: flags.artifactName,
        deviceTypes: flags.deviceType,
        files: flags.file ?? [],
        provides,
        depends: keyValues(flags.depends, '-d/--depends'),
        artifactNameDepends: flags.artifactNameDepends,
        providesGroup: flags.providesGroup,
        dependsGroups: flags.dependsGroups,
        scripts: flags.script,
        softwareFilesystem: flags.softwareFilesystem,
        softwareName: flags.softwareName,
        softwareVersion: flags.softwareVersion,
        noDefaultSoftwareVersion: !flags.defaultSoftwareVersion,
        clearsProvides: flags.clearsProvides,
        noDefaultClearsProvides: !flags.defaultClearsProvides,
        compression,
        compressionLevel: level,
        signingKey: flags.key ? { path: flags.key } : undefined
      }
      if (flags.metaData) o.metaData = await readMetaData(flags.metaData)
      const swKey = `${o.softwareFilesystem || DEFAULT_SOFTWARE_FILESYSTEM}.${o.softwareName || o.type}.version`
      o.softwareVersionOverridesProvides = order.overrides(swKey)
      const started = Date.now()
      const result = await writeArtifact(o, flags.outputPath, { log: ctx.log })
      ctx.log.info(
        `wrote ${result.path} (${formatBytes(result.size)}, ${result.files.length} payload file(s)${result.signed ? ', signed' : ''}) in ${Date.now() - started} ms`
      )
      ctx.stdout(`${result.path}\n`)
    })
}

/** `artifact write module-image | read | validate` (Mender Artifact v3). */
export function registerArtifactCommands(artifact: Command, ctx: CliContext): void {
  const write = artifact.command('write').description('write Mender Artifacts')
  registerWriteModuleImage(write, ctx)

  artifact
    .command('read')
    .description('print the headers of an artifact (as `mender-artifact read`), verifying it')
    .argument('<file>', 'artifact file')
    .option('-k, --key <pem>', 'public key to verify the signature with')
    .option('--json', 'print JSON instead of text')
    .addHelpText(
      'after',
      `
Differences from mender-artifact read: meta-data with a list holding objects or
lists is printed as JSON, where mender-artifact prints only "Invalid metadata
section"; and a -k key the signature does not verify with is an error (exit 1),
where mender-artifact prints "verification using provided key failed" and exits 0.`
    )
    .action(async (file: string, flags: { key?: string; json?: boolean }) => {
      const info = await readWithExitCodes(file, flags.key)
      ctx.stdout(flags.json ? artifactInfoJson(info) : describeArtifact(info))
    })

  artifact
    .command('validate')
    .description('verify every checksum of an artifact, and its signature with -k')
    .argument('<file>', 'artifact file')
    .option('-k, --key <pem>', 'public key the artifact must be signed with')
    .addHelpText(
      'after',
      `
As mender-artifact validate: a signed artifact needs -k (its signature is what
there is to validate), an unsigned one given -k fails, and every validation
failure exits ${EXIT_INVALID_ARTIFACT} (a file that cannot be opened exits 3).`
    )
    .action(async (file: string, flags: { key?: string }) => {
      const info = await readWithExitCodes(file, flags.key, EXIT_INVALID_ARTIFACT)
      if (info.signed && !flags.key)
        throw new UserError(
          `invalid artifact ${file}: it is signed and no key was given to verify the signature (mender-artifact: "missing verifier")`,
          { hint: 'give the public key with -k', exitCode: EXIT_INVALID_ARTIFACT }
        )
      ctx.stdout(`Artifact file '${file}' validated successfully\n`)
    })
}
