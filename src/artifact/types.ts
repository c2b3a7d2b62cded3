/** Compression of the header and data members, signalled only by the member-name suffix. */
export type Compression = 'none' | 'gzip' | 'zstd' | 'lzma'

/** What `mender-artifact write module-image` takes, as data (see the CLI for the flag names). */
export interface ModuleImageOptions {
  /** `-T`: payload type = the Update Module's name. */
  type: string
  /** `-n`: artifact name. */
  name: string
  /** `-t`: compatible device types, in order. */
  deviceTypes: string[]
  /** `-f`: payload files on disk, streamed; stored flat by basename in this order. */
  files?: string[]
  /** `-p`: type-info provides (values are strings). */
  provides?: Record<string, string>
  /** `-d`: type-info depends (string or list of strings). */
  depends?: Record<string, string | string[]>
  /** `-N`: artifact names this one depends on. */
  artifactNameDepends?: string[]
  /** `-g`: artifact group provided. */
  providesGroup?: string
  /** `-G`: artifact groups depended on. */
  dependsGroups?: string[]
  /** `-m`: meta-data, a JSON object (re-serialised as the Go tool does). */
  metaData?: Record<string, unknown>
  /** `-s`: state scripts on disk; the basename is the script's name. */
  scripts?: string[]
  /** `--software-filesystem` (default `rootfs-image`). */
  softwareFilesystem?: string
  /** `--software-name` (default: the payload type). */
  softwareName?: string
  /** `--software-version` (default: the artifact name). */
  softwareVersion?: string
  /** `--no-default-software-version`. */
  noDefaultSoftwareVersion?: boolean
  /** `--clears-provides` patterns (user entries come first). */
  clearsProvides?: string[]
  /** `--no-default-clears-provides`. */
  noDefaultClearsProvides?: boolean
  /**
   * True when a `--software-*` flag came after an explicit `-p <fs>.<name>.version:V`
   * on the command line: then the software version wins over that provide, as in
   * mender-artifact's `softwareVersionOverridesProvides`.
   */
  softwareVersionOverridesProvides?: boolean
  /** Default `gzip`. */
  compression?: Compression
  /** gzip/zstd level; gzip defaults to 6 (zlib default, as pgzip's default level). */
  compressionLevel?: number
  /** Private key (PEM text or a path to a PEM file) to sign the manifest with. */
  signingKey?: { pem: string } | { path: string }
}

/** header-info as stored (key order matters for byte similarity). */
export interface HeaderInfo {
  payloads: { type: string | null }[]
  artifact_provides: { artifact_name: string; artifact_group?: string }
  artifact_depends: { artifact_name?: string[]; device_type: string[]; artifact_group?: string[] }
}

/** headers/0000/type-info as stored. */
export interface TypeInfo {
  type: string | null
  artifact_depends?: Record<string, string | string[]>
  artifact_provides?: Record<string, string>
  clears_artifact_provides?: string[]
}

export interface PayloadFileInfo {
  name: string
  size: number
  sha256: string
  /** Modification time recorded in the payload tar. */
  mtime: Date
}

export interface ArtifactInfo {
  name: string
  version: 3
  format: 'mender'
  deviceTypes: string[]
  payloadType: string | null
  providesGroup: string | undefined
  artifactNameDepends: string[]
  dependsGroups: string[]
  provides: Record<string, string>
  depends: Record<string, string | string[]>
  clearsProvides: string[] | undefined
  metaData: Record<string, unknown> | undefined
  scripts: string[]
  files: PayloadFileInfo[]
  signed: boolean
  /** True when a public key was given and the signature verified against it. */
  signatureVerified: boolean
  headerCompression: Compression
  dataCompression: Compression | undefined
  headerInfo: HeaderInfo
  typeInfo: TypeInfo
  /** The raw manifest lines: path → sha256. */
  manifest: Map<string, string>
}

export interface WriteResult {
  path: string
  size: number
  files: PayloadFileInfo[]
  manifest: string
  signed: boolean
}
