import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { readArtifact } from '../../../src/artifact/index.js'

const run = promisify(execFile)

/** What the fake keeps of an uploaded artifact (the fields of ArtifactV1). */
export interface ParsedArtifact {
  name: string
  device_types_compatible: string[]
  artifact_depends: Record<string, string | string[]>
  artifact_provides: Record<string, string>
  clears_artifact_provides: string[]
  updates: {
    type_info: { type: string }
    files: { name: string; checksum: string; size: number }[]
    /** deployments' Update.MetaData (`meta_data,omitempty`): the payload's meta-data. */
    meta_data?: unknown
  }[]
}

export type ArtifactParser = (path: string) => Promise<ParsedArtifact>

/**
 * The server side parses uploads with our artifact reader (src/artifact), which
 * verifies structure and every checksum; a throw becomes the server's 400.
 * Depends as the deployments service indexes them: header-info depends with
 * type-info depends merged in.
 */
export const ourArtifactReader: ArtifactParser = async (path) => {
  const info = await readArtifact(path)
  const depends: Record<string, string | string[]> = { device_type: info.deviceTypes }
  if (info.artifactNameDepends.length) depends.artifact_name = info.artifactNameDepends
  if (info.dependsGroups.length) depends.artifact_group = info.dependsGroups
  return {
    name: info.name,
    device_types_compatible: info.deviceTypes,
    artifact_depends: { ...depends, ...info.depends },
    artifact_provides: { ...info.provides, artifact_name: info.name },
    clears_artifact_provides: info.clearsProvides ?? [],
    updates: [
      {
        type_info: { type: info.payloadType ?? '' },
        files: info.files.map((f) => ({ name: f.name, checksum: f.sha256, size: f.size })),
        ...(info.metaData && { meta_data: info.metaData })
      }
    ]
  }
}

/**
 * An independent parser: the real `mender-artifact read` validates the file
 * (structure and payload checksums) and its listing gives the metadata. One
 * suite runs the fake with it so client and server cannot share a reader bug.
 */
export const menderArtifactRead: ArtifactParser = async (path) => {
  let stdout: string
  try {
    ;({ stdout } = await run('mender-artifact', ['read', path], { maxBuffer: 16 << 20 }))
  } catch (err) {
    const e = err as { stderr?: string; message: string }
    throw new Error((e.stderr || e.message).trim().split('\n').pop() ?? 'invalid artifact', {
      cause: err
    })
  }
  return parseReadListing(stdout)
}

export function parseReadListing(text: string): ParsedArtifact {
  const lines = text.split('\n')
  const value = (label: string) =>
    lines
      .find((l) => l.trim().startsWith(`${label}:`))
      ?.split(':')
      .slice(1)
      .join(':')
      .trim() ?? ''
  const list = (raw: string) =>
    raw
      .replace(/^'|'$/g, '')
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .map((s) => s.replace(/^"|"$/g, ''))
      .filter(Boolean)
  const name = value('Name')
  if (!name) throw new Error('artifact has no name')
  const deviceTypes = list(value('Compatible devices'))
  const depends: Record<string, string | string[]> = { device_type: deviceTypes }
  const dependsArtifacts = list(value('Depends on one of artifact(s)'))
  if (dependsArtifacts.length) depends.artifact_name = dependsArtifacts
  const dependsGroups = list(value('Depends on one of group(s)'))
  if (dependsGroups.length) depends.artifact_group = dependsGroups
  const provides: Record<string, string> = {}
  const updates: ParsedArtifact['updates'] = []
  const clears: string[] = []
  let section = ''
  let file: { name: string; checksum: string; size: number } | undefined
  for (const raw of lines.slice(lines.findIndex((l) => l.startsWith('Updates:')) + 1)) {
    const line = raw.trim()
    const [key = '', ...rest] = line.split(':')
    const val = rest.join(':').trim()
    if (/^\d+$/.test(key) && val === '') {
      updates.push({ type_info: { type: '' }, files: [] })
      section = ''
    } else if (key === 'Type') updates[updates.length - 1]!.type_info.type = val
    else if (key === 'Provides' || key === 'Depends' || key === 'Files' || key === 'Metadata') {
      section = val === '' ? key : ''
    } else if (key === 'Clears Provides') {
      clears.push(...(JSON.parse(val || '[]') as string[]))
      section = ''
    } else if (raw.startsWith('\t') && section === 'Provides') provides[key] = val
    else if (raw.startsWith('\t') && section === 'Depends') depends[key] = val
    else if (section === 'Files' && key === 'name') {
      file = { name: val, checksum: '', size: 0 }
      updates[updates.length - 1]!.files.push(file)
    } else if (section === 'Files' && file && key === 'size') file.size = Number(val)
    else if (section === 'Files' && file && key === 'checksum') file.checksum = val
  }
  provides.artifact_name = name
  return {
    name,
    device_types_compatible: deviceTypes,
    artifact_depends: depends,
    artifact_provides: provides,
    clears_artifact_provides: clears,
    updates
  }
}
