import type { ArtifactInfo } from './types.js'

/** Go's `%v` of a JSON value as mender-artifact prints depends (lists as `[a b]`). */
function goValue(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(goValue).join(' ')}]` : String(v)
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep)
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortDeep(o[k])])
    )
  }
  return v
}

function keyValues(title: string, record: Record<string, unknown>): string[] {
  const keys = Object.keys(record).sort()
  if (keys.length === 0) return [`    ${title}: Nothing`]
  return [`    ${title}:`, ...keys.map((k) => `\t${k}: ${goValue(record[k])}`)]
}

function goTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`
}

/**
 * The text `mender-artifact read` prints (3.9 layout), so the two tools'
 * outputs can be compared line by line; times are shown in UTC. One
 * deliberate difference: meta-data with a list holding objects or lists is
 * shown as JSON, where mender-artifact prints only "Invalid metadata section:
 * KEY: List cannot contain JSON object or list" (the device gets it all the same).
 */
export function describeArtifact(info: ArtifactInfo): string {
  const signature = !info.signed
    ? 'no signature'
    : info.signatureVerified
      ? 'signed and verified correctly'
      : 'signed but no key for verification provided; please use `-k` option for providing verification key'
  const lines = [
    'Mender artifact:',
    `  Name: ${info.name}`,
    `  Format: ${info.format}`,
    `  Version: ${info.version}`,
    `  Signature: ${signature}`,
    `  Compatible devices: '[${info.deviceTypes.join(' ')}]'`,
    `  Provides group: ${info.providesGroup ?? ''}`,
    `  Depends on one of artifact(s): [${info.artifactNameDepends.join(', ')}]`,
    `  Depends on one of group(s): [${info.dependsGroups.join(', ')}]`,
    '  State scripts:',
    ...info.scripts.map((s) => `    ${s}`),
    '',
    'Updates:',
    '    0:',
    // mender-artifact's words for a bootstrap artifact's null payload type
    `    Type:   ${info.payloadType ?? 'Empty type'}`,
    ...keyValues('Provides', info.provides),
    ...keyValues('Depends', info.depends)
  ]
  if (info.clearsProvides?.length)
    lines.push(
      `    Clears Provides: [${info.clearsProvides.map((c) => JSON.stringify(c)).join(', ')}]`
    )
  if (info.metaData && Object.keys(info.metaData).length > 0) {
    const json = JSON.stringify(sortDeep(info.metaData), null, 2).replace(
      /[<>&]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
    )
    lines.push('    Metadata:', ...json.split('\n').map((l) => `\t${l}`))
  } else lines.push('    Metadata: Nothing')
  if (info.files.length === 0) lines.push('    Files: None')
  else {
    lines.push('    Files:')
    for (const f of info.files)
      lines.push(
        `      name:     ${f.name}`,
        `      size:     ${f.size}`,
        `      modified: ${goTime(f.mtime)}`,
        `      checksum: ${f.sha256}`
      )
  }
  return `${lines.join('\n')}\n`
}

/** ArtifactInfo as plain JSON (the manifest map becomes an object). */
export function artifactInfoJson(info: ArtifactInfo): string {
  return `${JSON.stringify({ ...info, manifest: Object.fromEntries(info.manifest) }, null, 2)}\n`
}
