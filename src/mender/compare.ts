import type { Depends, LocalArtifact, RemoteArtifact } from './types.js'

/** Depends normalised for comparison: device_type folded in, values as sorted lists. */
export function normaliseDepends(depends: Depends | undefined, deviceTypes: string[] = []): string {
  const all: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(depends ?? {}))
    all[k] = (Array.isArray(v) ? v : [v]).map(String)
  if (deviceTypes.length > 0 || all.device_type) {
    all.device_type = [...new Set([...(all.device_type ?? []), ...deviceTypes])]
  }
  return JSON.stringify(
    Object.keys(all)
      .sort()
      .map((k) => [k, [...(all[k] ?? [])].sort()])
  )
}

export type Match =
  | { kind: 'same'; artifact: RemoteArtifact }
  | { kind: 'different-contents'; artifact: RemoteArtifact; reason: string }
  | { kind: 'none'; otherDepends: number }

/**
 * The server refuses (409) a second artifact with the same name and depends.
 * Among same-name artifacts: same depends and same payload checksums means
 * ours is already there; same depends with other payloads is a real conflict;
 * other depends (another device type) is a separate artifact of the release.
 */
export function matchArtifact(local: LocalArtifact, remote: RemoteArtifact[]): Match {
  const ours = normaliseDepends(local.depends, local.deviceTypes)
  const sameName = remote.filter((a) => a.name === local.name)
  const sameDepends = sameName.find(
    (a) => normaliseDepends(a.artifact_depends, a.device_types_compatible) === ours
  )
  if (!sameDepends) return { kind: 'none', otherDepends: sameName.length }
  const reason = contentDifference(local, sameDepends)
  return reason
    ? { kind: 'different-contents', artifact: sameDepends, reason }
    : { kind: 'same', artifact: sameDepends }
}

function contentDifference(local: LocalArtifact, remote: RemoteArtifact): string | undefined {
  const remoteFiles = (remote.updates ?? []).flatMap((u) => u.files ?? [])
  const withSums = remoteFiles.filter((f) => f.checksum)
  if (withSums.length > 0 || local.files.length === 0) {
    const key = (fs: { name: string; sha256?: string; checksum?: string }[]) =>
      fs
        .map((f) => `${f.name}:${f.sha256 ?? f.checksum}`)
        .sort()
        .join(',')
    if (key(local.files) === key(withSums)) return undefined
    return 'its payload files or checksums differ'
  }
  // No checksums listed: the artifact size is the best evidence left.
  if (remote.size !== undefined && remote.size !== local.size) {
    return `its size differs (${remote.size} bytes on the server, ${local.size} here)`
  }
  return undefined
}
