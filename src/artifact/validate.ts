import { basename } from 'node:path'
import { UserError } from '../util/errors.js'
import type { ModuleImageOptions } from './types.js'

/** The C++ client rejects manifest lines whose path is longer than this. */
export const MAX_MANIFEST_PATH = 100
export const MAX_NAME_LENGTH = 256
export const PAYLOAD_NAME = /^[\w.,-]+$/
/** State scripts an artifact may carry (the C++ client's and mender-artifact's rule). */
export const SCRIPT_NAME =
  /^Artifact(Install|Reboot|Rollback|RollbackReboot|Commit|Failure)_(Enter|Leave|Error)_[0-9][0-9](_\S+)?$/

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u

/** mender-artifact's `utils/validation.go` rule for names, groups and device types. */
export function checkName(value: string, field: string): void {
  if (value.length === 0)
    throw new UserError(`${field} is empty`, { hint: 'give a non-empty value' })
  if ([...value].length > MAX_NAME_LENGTH)
    throw new UserError(
      `${field} ${JSON.stringify(value.slice(0, 40))}… is longer than 256 characters`
    )
  if (!PRINTABLE.test(value))
    throw new UserError(`${field} ${JSON.stringify(value)} contains non-printable characters`, {
      hint: 'use printable characters only (no tabs, newlines or control characters)'
    })
}

export function checkPayloadName(name: string, field = 'payload file'): void {
  if (!PAYLOAD_NAME.test(name))
    throw new UserError(`${field} ${JSON.stringify(name)} contains forbidden characters`, {
      hint: 'only letters, digits and the characters ".,_-" are allowed in payload file names'
    })
  const path = `data/0000/${name}`
  if (path.length > MAX_MANIFEST_PATH)
    throw new UserError(
      `${field} name ${JSON.stringify(name)} is too long (${name.length} characters)`,
      {
        hint: `the manifest path data/0000/<name> must be at most ${MAX_MANIFEST_PATH} characters, so names at most ${MAX_MANIFEST_PATH - 10}`
      }
    )
}

export function checkScriptName(name: string): void {
  if (!SCRIPT_NAME.test(name))
    throw new UserError(`invalid state script name ${JSON.stringify(name)}`, {
      hint: 'name scripts Artifact<Install|Reboot|Rollback|RollbackReboot|Commit|Failure>_<Enter|Leave|Error>_<NN>[_description], e.g. ArtifactInstall_Enter_05_migrate'
    })
  // tar names over 100 bytes need PAX records that some readers mishandle
  if (Buffer.byteLength(`scripts/${name}`) > MAX_MANIFEST_PATH)
    throw new UserError(`state script name ${JSON.stringify(name)} is too long`, {
      hint: `at most ${MAX_MANIFEST_PATH - 8} characters`
    })
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Every rule mender-artifact (and the device client) applies to the inputs,
 * checked before anything is written; each error names the field at fault.
 */
export function validateModuleImage(o: ModuleImageOptions): void {
  if (typeof o.type !== 'string' || o.type === '')
    throw new UserError('payload type (-T) is required')
  checkName(o.type, 'payload type (-T)')
  if (typeof o.name !== 'string' || o.name === '')
    throw new UserError('artifact name (-n) is required')
  checkName(o.name, 'artifact name (-n)')
  if (!Array.isArray(o.deviceTypes) || o.deviceTypes.length === 0)
    throw new UserError('at least one device type (-t) is required')
  for (const t of o.deviceTypes) checkName(t, 'device type (-t)')
  for (const n of o.artifactNameDepends ?? []) checkName(n, 'artifact name depends (-N)')
  if (o.providesGroup !== undefined && o.providesGroup !== '')
    checkName(o.providesGroup, 'provides group (-g)')
  for (const g of o.dependsGroups ?? []) checkName(g, 'depends group (-G)')
  for (const [k, v] of Object.entries(o.provides ?? {})) {
    if (k === '') throw new UserError('a provides (-p) key is empty')
    if (typeof v !== 'string')
      throw new UserError(`provides (-p) ${JSON.stringify(k)} must be a string, got ${typeof v}`)
  }
  for (const [k, v] of Object.entries(o.depends ?? {})) {
    if (k === '') throw new UserError('a depends (-d) key is empty')
    const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))
    if (!ok)
      throw new UserError(`depends (-d) ${JSON.stringify(k)} must be a string or a list of strings`)
  }
  if (o.metaData !== undefined && !isPlainObject(o.metaData))
    throw new UserError('meta-data (-m) must be a JSON object', {
      hint: 'wrap the values in {…}; arrays, strings and numbers are not accepted at the top level'
    })
  const seen = new Set<string>()
  for (const f of o.files ?? []) {
    const name = basename(f)
    checkPayloadName(name, `payload file (-f) ${f}:`)
    if (seen.has(name))
      throw new UserError(
        `payload file (-f) ${f}: a file named ${name} is already in the payload`,
        {
          hint: 'payload files are stored by basename, so two -f files must not share a name'
        }
      )
    seen.add(name)
  }
  const scripts = new Set<string>()
  for (const s of o.scripts ?? []) {
    checkScriptName(basename(s))
    if (scripts.has(basename(s)))
      throw new UserError(`state script (-s) ${basename(s)} given twice`)
    scripts.add(basename(s))
  }
  for (const p of o.clearsProvides ?? [])
    if (p === '') throw new UserError('a --clears-provides pattern is empty')
  if (o.compressionLevel !== undefined && !Number.isInteger(o.compressionLevel))
    throw new UserError(`compression level ${o.compressionLevel} is not an integer`)
}
