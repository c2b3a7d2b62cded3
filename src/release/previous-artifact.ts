import { MenderClient, type Credentials } from '../mender/index.js'
import type { Logger } from '../util/log.js'
import { defaultArtifactName } from './artifact-name.js'
import { menderMetadataLookup, type ArtifactMetadata } from './metadata.js'
import type { PreviousRelease } from './previous-release.js'

/** What naming the previous artifact needs from the build's options. */
export interface PreviousNameOptions {
  /** The user's `previous-artifact-name`. */
  previousArtifactName?: string
  /** True when this run's artifact name came from the default rule. */
  artifactNameIsDefault?: boolean
  applicationName: string
  /** The run's GitHub context: its ref, and a pull request's base in the event payload. */
  github?: { ref: string; payload: Record<string, unknown> }
}

const LOOKUP_RETRY = { attempts: 3, baseDelayMs: 500, maxDelayMs: 4000 }

const SHA = /^[0-9a-f]{7,40}$/i

/**
 * The name of the artifact the devices run now: the explicit option, else the
 * name the default rule gave the previous release, which is only known when
 * this run used that rule too (a user-set artifact-name follows a rule of its
 * own). Undefined when it cannot be told.
 */
export function previousArtifactName(
  options: PreviousNameOptions,
  previous: Pick<PreviousRelease, 'ref' | 'tag'>
): string | undefined {
  if (options.previousArtifactName) return options.previousArtifactName
  if (!options.artifactNameIsDefault) return undefined
  const tag = previous.tag ?? tagName(previous.ref)
  if (tag) return tag
  // A branch or a symbolic name: which commit it meant when built is unknown.
  if (!SHA.test(previous.ref)) return undefined
  return defaultArtifactName({
    ref: branchOfPrevious(options.github),
    sha: previous.ref,
    applicationName: options.applicationName
  })
}

function tagName(ref: string): string | undefined {
  return ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined
}

/**
 * The branch the previous commit was built on: a pull request's base branch
 * (its base commit was built there), else the branch of this run.
 */
function branchOfPrevious(github: PreviousNameOptions['github']): string | undefined {
  const pr = github?.payload.pull_request as { base?: { ref?: unknown } } | undefined
  const base = pr?.base?.ref
  if (typeof base === 'string' && base) return `refs/heads/${base}`
  return github?.ref
}

/** The Mender server the previous artifact is looked up on; no credentials, no lookup. */
export interface MenderServer {
  url: string
  credentials: Credentials | undefined
}

/**
 * Lookup (1) of the digest-source chain, per platform, over one client
 * connected on first use (so a server that is down costs a warning from the
 * chain, never the build). Undefined when no server, credentials or name.
 */
export class MenderLookup {
  private client?: Promise<MenderClient>

  private constructor(
    private readonly server: MenderServer,
    private readonly credentials: Credentials,
    readonly artifactName: string,
    private readonly log: Logger,
    private readonly mask?: (secret: string) => void
  ) {}

  static create(
    server: MenderServer,
    artifactName: string | undefined,
    log: Logger,
    mask?: (secret: string) => void
  ): MenderLookup | undefined {
    const credentials = server.credentials
    if (!server.url || !credentials || !artifactName) {
      if (server.url && credentials)
        log.debug('no previous artifact name known: the Mender server is not asked for it')
      return undefined
    }
    return new MenderLookup(server, credentials, artifactName, log, mask)
  }

  forPlatform(platform: string): () => Promise<ArtifactMetadata | undefined> {
    return menderMetadataLookup(
      async (name) => (await this.connect()).findArtifacts(name),
      this.artifactName,
      platform
    )
  }

  async close(): Promise<void> {
    const client = await this.client?.catch(() => undefined)
    await client?.close()
  }

  private connect(): Promise<MenderClient> {
    this.client ??= MenderClient.connect({
      serverUrl: this.server.url,
      credentials: this.credentials,
      credentialSource: 'token' in this.credentials ? 'mender-access-token' : undefined,
      log: this.log,
      // The lookup only improves the delta base: a server in trouble should
      // cost seconds, not the minutes an upload is worth waiting.
      retry: LOOKUP_RETRY,
      ...(this.mask ? { maskSecret: this.mask } : {})
    })
    return this.client
  }
}
