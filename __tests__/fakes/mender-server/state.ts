import { createHash, randomUUID } from 'node:crypto'
import type { ParsedArtifact } from './artifact-parser.js'

export interface StoredArtifact extends ParsedArtifact {
  id: string
  description: string
  size: number
  modified: string
  signed: boolean
  info: { format: string; version: number }
}

export interface Device {
  id: string
  status: 'accepted' | 'pending' | 'rejected' | 'preauthorized' | 'noauth'
  group?: string
}

export interface StoredDeployment {
  id: string
  name: string
  artifact_name: string
  created: string
  finished?: string
  all_devices: boolean
  groups?: string[]
  force_installation: boolean
  checksum: string
  /** Per-device status, driven by the test through `setDeviceStatus`. */
  devices: Map<string, string>
  body: Record<string, unknown>
}

/** All 13 keys the open-source server initialises (`NewDeviceDeploymentStats`). */
export const STAT_KEYS = [
  'success',
  'pending',
  'downloading',
  'installing',
  'rebooting',
  'failure',
  'noartifact',
  'already-installed',
  'aborted',
  'pause_before_installing',
  'pause_before_rebooting',
  'pause_before_committing',
  'decommissioned'
]
const TERMINAL = [
  'success',
  'failure',
  'noartifact',
  'already-installed',
  'aborted',
  'decommissioned'
]

/** depends_idx: the unique index is on (name, depends). */
export function dependsKey(a: Pick<ParsedArtifact, 'artifact_depends'>): string {
  const d = a.artifact_depends
  return JSON.stringify(
    Object.keys(d)
      .sort()
      .map((k) => {
        const v = d[k]
        return [k, Array.isArray(v) ? [...v].sort() : v]
      })
  )
}

export function stats(d: StoredDeployment): Record<string, number> {
  const s: Record<string, number> = Object.fromEntries(STAT_KEYS.map((k) => [k, 0]))
  for (const st of d.devices.values()) s[st] = (s[st] ?? 0) + 1
  return s
}

/** `GetStatus` of model/deployment.go. */
export function deploymentStatus(d: StoredDeployment): 'pending' | 'inprogress' | 'finished' {
  const s = stats(d)
  if (d.finished) return 'finished'
  if (TERMINAL.reduce((n, k) => n + (s[k] ?? 0), 0) >= d.devices.size) return 'finished'
  if (Object.entries(s).some(([k, n]) => k !== 'pending' && n > 0)) return 'inprogress'
  return 'pending'
}

/** SHA-256 of the constructor, as the 409 rule for active deployments uses it. */
export function constructorChecksum(c: {
  name: string
  artifact_name: string
  devices: string[]
  all_devices: boolean
  force_installation: boolean
}): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...c, devices: [...c.devices].sort() }))
    .digest('hex')
}

export function view(d: StoredDeployment, artifacts: StoredArtifact[]): Record<string, unknown> {
  const status = deploymentStatus(d)
  return {
    id: d.id,
    name: d.name,
    artifact_name: d.artifact_name,
    created: d.created,
    ...(d.finished || status === 'finished'
      ? { finished: d.finished ?? new Date().toISOString() }
      : {}),
    status,
    device_count: [...d.devices.values()].filter((s) => s !== 'pending').length,
    max_devices: d.devices.size,
    artifacts: artifacts.filter((a) => a.name === d.artifact_name).map((a) => a.id),
    ...(d.groups ? { groups: d.groups } : {}),
    type: 'software',
    statistics: { status: stats(d), total_size: 0 }
  }
}

export const newId = (): string => randomUUID()
export const isUuid = (s: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
