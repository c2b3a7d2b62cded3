/**
 * A delta artifact only applies on top of the exact images it was computed
 * against, so by default it depends on the software version those images
 * came with (`<fs>.<app>.version`, app-update-module spec §9). A device on
 * another version then refuses the artifact up front instead of failing in
 * the middle of the install.
 */
export interface DeltaDependsOptions {
  /** The software name: the application, as app-gen's --software-name. */
  softwareName: string
  /** The software filesystem; app-gen leaves mender-artifact's default, rootfs-image. */
  softwareFilesystem?: string
  /** The version the devices run now: the previous artifact's name (its provided version). */
  previousVersion: string | undefined
}

export function softwareVersionKey(
  softwareName: string,
  softwareFilesystem = 'rootfs-image'
): string {
  return `${softwareFilesystem}.${softwareName}.version`
}

/** The depends a delta artifact declares; empty for a full artifact (no previous version). */
export function deltaDepends(options: DeltaDependsOptions): Record<string, string> {
  if (!options.previousVersion) return {}
  return {
    [softwareVersionKey(options.softwareName, options.softwareFilesystem)]: options.previousVersion
  }
}
