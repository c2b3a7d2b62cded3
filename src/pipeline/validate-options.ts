import { zstdAvailable } from '../artifact/index.js'
import { UsageError } from '../util/errors.js'
import type { BuildOptions, OptionKey } from './options.js'

/** How a front names its options in messages. */
export interface OptionNaming {
  /** `Input 'compression'` in the action, `Option '--compression'` in the CLI. */
  field(key: OptionKey): string
  /** How a user of this front gives Mender credentials or turns publishing off. */
  credentialsHint: string
}

/**
 * The rules that span options or depend on the runtime, checked by both
 * fronts once every option is parsed and before any work starts, so a run
 * never fails at the package or publish step for a reason known up front.
 */
export function validateBuildOptions(
  options: BuildOptions,
  naming: OptionNaming,
  runtime: { zstd: boolean } = { zstd: zstdAvailable() }
): void {
  if (options.compression.startsWith('zstd') && !runtime.zstd)
    throw new UsageError(
      `${naming.field('compression')} is ${options.compression}, but this Node.js (${process.version}) cannot write zstd`,
      { hint: 'use gzip or none, or run on Node.js 22.15 or newer' }
    )
  const c = options.credentials
  if (!options.dryRun && (options.upload || options.deploy) && !c.accessToken && !c.username)
    throw new UsageError(
      `${naming.field('menderAccessToken')} is empty, and uploading or deploying needs it`,
      { hint: naming.credentialsHint }
    )
}
