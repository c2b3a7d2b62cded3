import { UserError } from '../util/errors.js'

/**
 * Software provides in mender-artifact's convention (`--software-name`,
 * `--software-filesystem`, `--software-version`): the key
 * `<filesystem>.<name>.version`, and a clears pattern for exactly that
 * software, so an OS update (which clears `rootfs-image.*`) keeps the app's
 * version when the app lives on another filesystem such as `data-docker`.
 */
export interface SoftwareProvides {
  provides: Record<string, string>
  clearsProvides: string[]
  /** The key a delta artifact must depend on: the version the device has now. */
  versionKey: string
}

export function softwareProvides(options: {
  name: string
  version: string
  filesystem?: string
}): SoftwareProvides {
  const fs = options.filesystem ?? 'rootfs-image'
  const versionKey = `${fs}.${options.name}.version`
  return {
    provides: { [versionKey]: options.version },
    // The docker-compose generator clears "*mender-docker-compose_*": `_`
    // where the key has `.`, so it never matches; ours matches the key's own prefix.
    clearsProvides: [`${fs}.${options.name}.*`],
    versionKey
  }
}

/** App names go into file paths and provides keys (app-gen's own rule). */
export function checkAppName(name: string, what: string): void {
  if (!/^[a-zA-Z0-9_-]+$/.test(name))
    throw new UserError(`${what} "${name}" may only hold letters, digits, "_" and "-"`)
}
