import { UserError } from '../util/errors.js'
import { sha256Hex } from './digest.js'

/**
 * Software provides in mender-artifact's convention (`--software-name`,
 * `--software-filesystem`, `--software-version`): the key
 * `<filesystem>.<name>.version`, and a clears pattern for exactly that
 * software, so an OS update (which clears `rootfs-image.*`) keeps the app's
 * version when the app lives on another filesystem such as `data-docker`.
 * Beside the version, `<filesystem>.<name>.images` names the exact images the
 * artifact installs, so a delta can depend on the images it was computed
 * against whatever the release was called.
 */
export interface SoftwareProvides {
  provides: Record<string, string>
  clearsProvides: string[]
  /** The key a delta artifact depends on when the base's version is known. */
  versionKey: string
  /** The key naming the installed images; a delta artifact depends on its base's value. */
  imagesKey: string
}

export function softwareProvides(options: {
  name: string
  version: string
  filesystem?: string
  /** The image IDs the artifact installs, as the device's store names them. */
  imageIds?: Iterable<string>
}): SoftwareProvides {
  const fs = options.filesystem ?? 'rootfs-image'
  const versionKey = `${fs}.${options.name}.version`
  const imagesKey = `${fs}.${options.name}.images`
  return {
    provides: {
      [versionKey]: options.version,
      ...(options.imageIds && { [imagesKey]: imagesValue(options.imageIds) })
    },
    // The docker-compose generator clears "*mender-docker-compose_*": `_`
    // where the key has `.`, so it never matches; ours matches the key's own prefix.
    clearsProvides: [`${fs}.${options.name}.*`],
    versionKey,
    imagesKey
  }
}

/**
 * The value of the images key: `sha256:` over the sorted, distinct image IDs
 * (bare hex), one a line. Two releases that install the same images provide
 * the same value.
 */
export function imagesValue(ids: Iterable<string>): string {
  const sorted = [...new Set([...ids].map((id) => id.replace(/^sha256:/, '')))].sort()
  return `sha256:${sha256Hex(sorted.map((id) => `${id}\n`).join(''))}`
}

/** App names go into file paths and provides keys (app-gen's own rule). */
export function checkAppName(name: string, what: string): void {
  if (!/^[a-zA-Z0-9_-]+$/.test(name))
    throw new UserError(`${what} "${name}" may only hold letters, digits, "_" and "-"`)
}
