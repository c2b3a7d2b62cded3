/** Depends as the server indexes them: device types plus every other artifact depend. */
export type Depends = Record<string, string | string[]>

/** What the client needs to know about the artifact file on disk. */
export interface LocalArtifact {
  path: string
  name: string
  /** File size in bytes (what the upload sends as the `artifact` part). */
  size: number
  deviceTypes: string[]
  /** header-info and type-info depends merged, device_type included. */
  depends: Depends
  /** Payload files with their SHA-256, from the artifact's manifest. */
  files: { name: string; sha256: string }[]
}

/** Reads the name/depends/files of an artifact on disk (default: the artifact reader's readArtifact). */
export type ArtifactInspector = (path: string) => Promise<LocalArtifact>

/** One item of the server's artifact lists (ArtifactV1/ArtifactV2); extra fields are ignored. */
export interface RemoteArtifact {
  id: string
  name: string
  description?: string
  device_types_compatible?: string[]
  artifact_depends?: Depends
  artifact_provides?: Record<string, string>
  updates?: { type_info?: { type?: string }; files?: { name: string; checksum?: string }[] }[]
  size?: number
  modified?: string
}

export type DeploymentTarget = { group: string } | { devices: string[] } | { allDevices: true }

export interface DeploymentPhase {
  batch_size?: number
  start_ts?: string
}

export interface DeploymentRequest {
  artifactName: string
  /** Defaults to the artifact name. */
  name?: string
  target: DeploymentTarget
  forceInstallation?: boolean
  /** Enterprise: device retries, phases, update control map; sent only when given. */
  retries?: number
  phases?: DeploymentPhase[]
  updateControlMap?: Record<string, unknown>
  /** Ask the inventory first whether the target has accepted devices. */
  checkAcceptedDevices?: boolean
}

/** Per-device status counts (`statistics.status`); unknown keys are kept. */
export type StatusCounts = Record<string, number>

export interface RemoteDeployment {
  id: string
  name: string
  artifact_name: string
  status: string
  created?: string
  finished?: string
  device_count?: number
  max_devices?: number
  statistics?: { status?: StatusCounts; total_size?: number }
}

export type WaitOutcome = 'finished' | 'failed' | 'paused' | 'timeout'

export interface WaitResult {
  outcome: WaitOutcome
  status: string
  counts: StatusCounts
  /** Devices counted as failed (failure + aborted). */
  failures: number
  /** Devices waiting for a user action (pause_before_*). */
  paused: number
  /** IDs of failed devices (first page), when the wait failed. */
  failedDevices?: string[]
}

/** Every fact one publish call (upload, deployment, wait) learns from the server. */
export interface PublishOutcome {
  server: string
  /** Absent for a deploy-only run. */
  artifact?: {
    name: string
    id: string | undefined
    /** uploaded: this run stored it; found: it was there already; conflict-skipped: same name, other contents, skipped. */
    outcome: 'uploaded' | 'found' | 'conflict-skipped'
  }
  deployment?: {
    id: string
    name: string
    /** false when an identical active deployment already existed (409) and was reported. */
    created: boolean
    url: string
    status?: string
    counts?: StatusCounts
    wait?: WaitOutcome
    failedDevices?: string[]
  }
  ok: boolean
  problem?: string
}
