import { basename } from 'node:path'
import type { HeaderInfo, ModuleImageOptions, TypeInfo } from './types.js'

export const DEFAULT_SOFTWARE_FILESYSTEM = 'rootfs-image'

/**
 * header-info for a module-image artifact. Key order and `omitempty` follow
 * mender-artifact's `HeaderInfoV3`, so the JSON bytes are the same as its.
 */
export function buildHeaderInfo(o: ModuleImageOptions): HeaderInfo {
  const provides: HeaderInfo['artifact_provides'] = { artifact_name: o.name }
  if (o.providesGroup) provides.artifact_group = o.providesGroup
  const depends: HeaderInfo['artifact_depends'] = {} as HeaderInfo['artifact_depends']
  if (o.artifactNameDepends?.length) depends.artifact_name = [...o.artifactNameDepends]
  depends.device_type = [...o.deviceTypes]
  if (o.dependsGroups?.length) depends.artifact_group = [...o.dependsGroups]
  return { payloads: [{ type: o.type }], artifact_provides: provides, artifact_depends: depends }
}

/** The `<fs>.<name>.version` key and its value, or undefined when disabled. */
export function softwareVersionProvide(o: ModuleImageOptions): [string, string] | undefined {
  if (o.noDefaultSoftwareVersion) return undefined
  const fs = o.softwareFilesystem || DEFAULT_SOFTWARE_FILESYSTEM
  const name = o.softwareName || o.type
  return [`${fs}.${name}.version`, o.softwareVersion || o.name]
}

/**
 * type-info, as `makeTypeInfo` + `makeClearsArtifactProvides` in mender-artifact:
 * the default software-version provide is added unless an explicit provide of
 * the same key exists (and no later `--software-*` flag overrides it); the
 * default clears entry `<fs>.<name>.*` comes after the user's patterns unless
 * it repeats one of them.
 */
export function buildTypeInfo(o: ModuleImageOptions): TypeInfo {
  const provides: Record<string, string> = { ...o.provides }
  const sw = softwareVersionProvide(o)
  if (sw && (!(sw[0] in provides) || o.softwareVersionOverridesProvides)) provides[sw[0]] = sw[1]
  const clears = [...(o.clearsProvides ?? [])]
  if (sw && !o.noDefaultClearsProvides) {
    const fs = o.softwareFilesystem || DEFAULT_SOFTWARE_FILESYSTEM
    const pattern = `${fs}.${o.softwareName || o.type}.*`
    if (!clears.includes(pattern)) clears.push(pattern)
  }
  const info: TypeInfo = { type: o.type }
  if (o.depends && Object.keys(o.depends).length > 0) info.artifact_depends = sortKeys(o.depends)
  if (Object.keys(provides).length > 0) info.artifact_provides = sortKeys(provides)
  if (clears.length > 0) info.clears_artifact_provides = clears
  return info
}

/** Go marshals maps with sorted keys; JSON.stringify keeps insertion order, so sort first. */
function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {}
  for (const k of Object.keys(record).sort((a, b) =>
    Buffer.compare(Buffer.from(a), Buffer.from(b))
  ))
    out[k] = record[k] as T
  return out
}

/** Payload files are stored flat, by basename, as `data/0000/<basename>` in the manifest. */
export function payloadName(path: string): string {
  return basename(path)
}

/** `KEY:VALUE` split at the first colon, as mender-artifact does for -p/-d. */
export function splitKeyValue(arg: string): [string, string] | undefined {
  const i = arg.indexOf(':')
  if (i < 0) return undefined
  return [arg.slice(0, i), arg.slice(i + 1)]
}
