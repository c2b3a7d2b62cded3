/**
 * The file name an artifact name gets in the output folder. An artifact name
 * is a name, not a path: separators and anything outside a portable file
 * name become `_`, and leading dots go, so `../../x` stays inside the folder
 * and `a/b` makes no subfolder.
 */
export function artifactFileName(artifactName: string): string {
  const safe = artifactName.replace(/[^A-Za-z0-9._+-]/g, '_').replace(/^\.+/, '')
  return safe || 'artifact'
}
