import { stat } from 'node:fs/promises'
import { readArtifact } from '../artifact/index.js'
import type { ArtifactInfo } from '../artifact/index.js'
import type { Depends, LocalArtifact } from './types.js'

/**
 * What the server will index for this artifact: header-info depends
 * (device_type, artifact_name, artifact_group) merged with the type-info
 * depends, plus the payload checksums from the manifest.
 */
export function toLocalArtifact(path: string, size: number, info: ArtifactInfo): LocalArtifact {
  const depends: Depends = {}
  for (const [k, v] of Object.entries(info.headerInfo.artifact_depends)) {
    if (v !== undefined && (!Array.isArray(v) || v.length > 0)) depends[k] = v
  }
  Object.assign(depends, info.depends)
  return {
    path,
    name: info.name,
    size,
    deviceTypes: [...info.deviceTypes],
    depends,
    files: info.files.map((f) => ({ name: f.name, sha256: f.sha256 }))
  }
}

/**
 * Reads and verifies the artifact (the streaming artifact reader: every payload
 * checksum is checked) before anything is sent, so a corrupt file fails here
 * rather than after a long upload.
 */
export async function inspectArtifact(path: string): Promise<LocalArtifact> {
  const info = await readArtifact(path)
  const { size } = await stat(path)
  return toLocalArtifact(path, size, info)
}
