import { loadComposeProject, type ComposeProject } from '../../compose/index.js'
// not github/index.js: the previous-release lookup (with @actions/github, Octokit, ~1.5 MB
// bundled) loads only when a build looks up a Git ref, not for previous compose files
import { chooseBaseImages, type ImageResolver } from '../../github/base-images.js'
import { resolveImage, type ImageOptions } from '../../oci/index.js'
import type { ResolvedImage } from '../../oci/resolved.js'
import { UserError } from '../../util/errors.js'
import { mapLimit } from '../../util/map-limit.js'
import type { Logger } from '../../util/log.js'
import type { ArtifactMetadata } from '../metadata.js'
import type { BuildOptions, BuildTarget } from '../options.js'
import type { Plan, PlannedImage, PlannedService, PlanStage } from '../stages.js'
import { MenderLookup, previousArtifactName, type PreviousRelease } from './previous-artifact.js'
import { readReleaseRecord } from './release-records.js'
import { RunState } from './run-state.js'

export function imageOptions(options: BuildOptions, state: RunState): ImageOptions {
  return { storeDir: options.cacheDir, log: state.log, env: options.composeEnv }
}

/** Images resolved at once: bounds open files and requests, whatever the number of services. */
const RESOLVE_AT_ONCE = 8

/** resolveImage, once per source and platform in a run. */
export function resolveOnce(
  source: string,
  platform: string,
  options: BuildOptions,
  state: RunState
): Promise<ResolvedImage> {
  const key = `${platform} ${source}`
  let p = state.resolutions.get(key)
  if (!p) {
    p = resolveImage(source, platform, imageOptions(options, state))
    // a failure is not kept: a later caller (another platform rule) may ask again
    p.catch(() => state.resolutions.delete(key))
    state.resolutions.set(key, p)
  }
  return p
}

/**
 * plan: the compose project, the previous release (by event, ref or files),
 * the delta base of every service per platform (issue 7's digest-source
 * chain: recorded metadata first, then pinned or resolved references) and the
 * platforms each new image offers.
 */
export function planStage(state: RunState): PlanStage {
  return async ({ options }) => {
    const log = state.log
    const project = await loadComposeProject({
      files: options.composeFiles,
      workingDirectory: options.projectDirectory,
      env: options.composeEnv,
      log
    })
    if (project.services.length === 0)
      throw new UserError(`${project.files.join(', ')}: no service names an image`)
    const previous = await previousProject(options, state)
    state.baseInputs = { services: project.services, ...(previous ? { previous } : {}) }
    const found = { artifactName: undefined as string | undefined, platforms: new Set<string>() }
    const mender = previous
      ? MenderLookup.create(options, previousArtifactName(options, previous), log, state.opts.mask)
      : undefined
    if (mender)
      log.info(`looking for the previous artifact ${mender.artifactName} on the Mender server`)
    try {
      for (const target of options.targets) await chooseBases(options, state, target, found, mender)
    } finally {
      await mender?.close()
    }
    if (previous) explicitPreviousName(options, found, log)
    // the services' images resolved side by side (a manifest and config request each)
    const services: PlannedService[] = await mapLimit(
      project.services,
      RESOLVE_AT_ONCE,
      async (svc) => {
        const image = await plannedImage(svc.image, options, state, svc.name)
        const prev = plannedPrevious(svc.name, options.targets, state)
        return { name: svc.name, image, ...(prev ? { previous: prev } : {}) }
      }
    )
    const plan: Plan = {
      applicationName: options.applicationName,
      artifactName: options.artifactName,
      targets: options.targets,
      services
    }
    if (previous)
      plan.previous = {
        ref: previous.ref,
        ...(found.artifactName ? { artifactName: found.artifactName } : {}),
        platforms: [...found.platforms]
      }
    return plan
  }
}

/**
 * A name the user gave (`previous-artifact-name`) is what the delta artifact
 * depends on, found or not: a delta installed on a device that runs another
 * release fails there, so Mender must refuse it up front. When no release
 * record confirmed the name, the bases came from the previous compose files
 * or tags, which the user vouches for: say so.
 */
function explicitPreviousName(options: BuildOptions, found: FoundRecord, log: Logger): void {
  const named = options.previousArtifactName
  if (!named) return
  if (!found.artifactName)
    log.warn(
      `no release record of the previous artifact ${named} was found (Mender server or cache): its images could not be verified; the delta artifact depends on ${named} as given`
    )
  else if (found.artifactName !== named)
    log.warn(
      `the previous release's record names artifact ${found.artifactName}, but previous-artifact-name is ${named}: the delta artifact depends on ${named}`
    )
  found.artifactName = named
}

interface FoundRecord {
  artifactName: string | undefined
  platforms: Set<string>
}

/** Issue 7's chain for one platform: recorded metadata, else the previous compose file's images. */
async function chooseBases(
  options: BuildOptions,
  state: RunState,
  target: BuildTarget,
  found: FoundRecord,
  mender?: MenderLookup
): Promise<void> {
  const inputs = state.baseInputs
  if (!inputs) throw new Error('chooseBases before plan')
  const previous = inputs.previous
  /** A record the chain takes names the previous artifact and fixes this platform's bases. */
  const recorded =
    (lookup: () => Promise<ArtifactMetadata | undefined>, name?: string) =>
    async (): Promise<ArtifactMetadata | undefined> => {
      const rec = await lookup()
      if (rec && rec.application === options.applicationName) {
        found.platforms.add(rec.platform)
        found.artifactName ??= rec.artifactName ?? name
        state.recordUsed.add(target.platform)
      }
      return rec
    }
  const resolver: ImageResolver = {
    resolve: (reference, platform) => resolveOnce(state.source(reference), platform, options, state)
  }
  const bases = await chooseBaseImages({
    application: options.applicationName,
    platform: target.platform,
    services: inputs.services,
    previousServices: previous?.project.services,
    ...(mender
      ? { menderMetadata: recorded(mender.forPlatform(target.platform), mender.artifactName) }
      : {}),
    ...(previous
      ? {
          cacheMetadata: recorded(() => readReleaseRecord(options, previous.ref, target.platform))
        }
      : {}),
    resolver,
    log: state.log
  })
  for (const b of bases) state.bases.set(RunState.key(target.platform, b.service), b)
}

/**
 * The cache is restored after plan (its key needs the plan's digests), and
 * it may hold the previous release's metadata (lookup 2 of the chain). When
 * it does and plan did not have it, the bases are chosen again from it
 * before anything is fetched: the exact images the devices got beat a tag
 * resolved now.
 */
export async function refreshBasesFromCache(
  options: BuildOptions,
  plan: Plan,
  target: BuildTarget,
  state: RunState
): Promise<void> {
  const previous = state.baseInputs?.previous
  if (!previous || !plan.previous || state.recordUsed.has(target.platform)) return
  if (!(await readReleaseRecord(options, previous.ref, target.platform))) return
  state.log.info(`the restored cache holds the metadata of release ${previous.ref}: using it`)
  const found: FoundRecord = { artifactName: undefined, platforms: new Set() }
  await chooseBases(options, state, target, found)
  if (found.artifactName) plan.previous.artifactName ??= found.artifactName
  for (const p of found.platforms)
    if (!plan.previous.platforms.includes(p)) plan.previous.platforms.push(p)
  for (const svc of plan.services) {
    const prev = plannedPrevious(svc.name, plan.targets, state)
    if (prev) svc.previous = prev
    else delete svc.previous
  }
}

async function previousProject(
  options: BuildOptions,
  state: RunState
): Promise<(PreviousRelease & { project: ComposeProject }) | undefined> {
  const prev = options.previous
  const log = state.log
  if (prev.kind === 'none') return undefined
  if (prev.kind === 'compose') {
    const project = await loadComposeProject({
      files: prev.files,
      workingDirectory: options.projectDirectory,
      env: options.composeEnv,
      log: { ...log, warn: (m) => log.debug(m) }
    })
    return { ref: prev.files.join(', '), project }
  }
  const gh = options.github
  const [owner = '', repo = ''] = (gh?.repository ?? '/').split('/')
  const common = {
    workspace: options.projectDirectory,
    files: options.composeFiles,
    env: options.composeEnv,
    repo: { owner, repo },
    log
  }
  const { findPreviousRelease, loadPreviousCompose } =
    await import('../../github/previous-release.js')
  if (gh && gh.token) {
    const found = await findPreviousRelease({
      ...common,
      eventName: gh.eventName,
      payload: gh.payload,
      sha: gh.sha,
      ...(prev.kind === 'ref' ? { previousRef: prev.ref } : {}),
      api: (await import('../../github/client.js')).githubClient({
        token: gh.token,
        baseUrl: gh.apiUrl
      })
    })
    if (!found) return undefined
    const { ref, tag } = found.baseline
    return { ref, ...(tag ? { tag } : {}), project: found.project }
  }
  const ref = prev.kind === 'ref' ? prev.ref : pushBefore(options)
  if (!ref) {
    log.info('no previous release: no previous-ref and no GitHub token to find one by event')
    return undefined
  }
  const project = await loadPreviousCompose({ ...common, ref })
  return project ? { ref, project } : undefined
}

/** Without a token, a push event still names the commit before it (local history must have it). */
function pushBefore(options: BuildOptions): string | undefined {
  const push = options.github?.push
  if (!push || push.created || push.forced || /^0+$/.test(push.before)) return undefined
  return push.before
}

/** The new image per target platform; a platform it lacks is left out for the coverage check. */
async function plannedImage(
  reference: string,
  options: BuildOptions,
  state: RunState,
  service: string
): Promise<PlannedImage> {
  const source = options.serviceImages[service] ?? state.source(reference)
  const manifests: Record<string, string> = {}
  let digest = ''
  for (const target of options.targets) {
    let r: ResolvedImage
    try {
      r = await resolveOnce(source, target.platform, options, state)
    } catch (err) {
      if (err instanceof UserError && /has no image for platform/.test(err.message)) continue
      throw err
    }
    manifests[target.platform] = r.manifestDigest
    digest ||= r.indexDigest ?? r.manifestDigest
  }
  return { reference, digest, platforms: Object.keys(manifests), manifests }
}

function plannedPrevious(
  service: string,
  targets: BuildTarget[],
  state: RunState
): PlannedImage | undefined {
  const manifests: Record<string, string> = {}
  let reference: string | undefined
  for (const t of targets) {
    const b = state.bases.get(RunState.key(t.platform, service))
    if (!b?.manifestDigest || !b.reference) continue
    manifests[t.platform] = b.manifestDigest
    reference ??= b.reference
  }
  if (!reference) return undefined
  const platforms = Object.keys(manifests)
  return { reference, digest: manifests[platforms[0]!]!, platforms, manifests }
}
