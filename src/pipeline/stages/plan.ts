import { loadComposeProject, type ComposeProject } from '../../compose/index.js'
import {
  chooseBasesForPlatform,
  MenderLookup,
  previousArtifactName,
  findReleaseRecord,
  type BaseImage,
  type ImageResolver,
  type PreviousRelease
} from '../../release/index.js'
import { UserError } from '../../util/errors.js'
import { mapLimit } from '../../util/map-limit.js'
import type { Logger } from '../../util/log.js'
import type { BuildOptions, BuildTarget } from '../options.js'
import type {
  BaseInputs,
  Plan,
  PlannedImage,
  PlannedService,
  PlanStage,
  RebaseStage
} from '../stages.js'
import { menderCredentials, type Session } from './session.js'

/** Images resolved at once: bounds open files and requests, whatever the number of services. */
const RESOLVE_AT_ONCE = 8

/**
 * plan: the compose project, the previous release (by event, ref or files),
 * the delta base of every service per platform (the digest-source chain:
 * recorded metadata first, then pinned or resolved references) and the
 * platforms each new image offers.
 */
export function planStage(session: Session): PlanStage {
  return async ({ options }) => {
    const log = session.log
    const project = await loadComposeProject({
      files: options.composeFiles,
      workingDirectory: options.projectDirectory,
      ...(options.composeProjectDirectory && {
        projectDirectory: options.composeProjectDirectory
      }),
      env: options.composeEnv,
      log
    })
    if (project.services.length === 0)
      throw new UserError(`${project.files.join(', ')}: no service names an image`)
    const previous = await previousProject(options, session)
    const baseInputs: BaseInputs = {
      services: project.services,
      ...(previous ? { previousServices: previous.project.services } : {}),
      recordedPlatforms: []
    }
    const found = { artifactName: undefined as string | undefined, platforms: new Set<string>() }
    const mender = previous
      ? MenderLookup.create(
          { url: options.menderServerUrl, credentials: menderCredentials(options) },
          previousArtifactName(options, previous),
          log,
          session.opts.mask
        )
      : undefined
    if (mender)
      log.info(`looking for the previous artifact ${mender.artifactName} on the Mender server`)
    const bases: PlatformBaseMap = new Map()
    const baseImages: Record<string, string | false> = {}
    try {
      for (const target of options.targets) {
        const chosen = await chooseBases(options, session, target, baseInputs, previous, mender)
        bases.set(target.platform, chosen.bases)
        if (chosen.record) {
          found.platforms.add(chosen.record.platform)
          found.artifactName ??= chosen.record.artifactName
          baseInputs.recordedPlatforms.push(target.platform)
          baseImages[target.platform] = imagesProvided(chosen.record.provides)
        }
      }
    } finally {
      await mender?.close()
    }
    if (previous) explicitPreviousName(options, found, log)
    sayVersionOnly(baseImages, found.artifactName, log)
    // the services' images resolved side by side (a manifest and config request each)
    const services: PlannedService[] = await mapLimit(
      project.services,
      RESOLVE_AT_ONCE,
      async (svc) => {
        const image = await plannedImage(svc.image, options, session, svc.name)
        const prev = plannedPrevious(svc.name, options.targets, bases)
        return { name: svc.name, image, ...(prev ? { previous: prev } : {}) }
      }
    )
    return {
      applicationName: options.applicationName,
      artifactName: options.artifactName,
      targets: options.targets,
      services,
      ...(previous
        ? {
            previous: {
              ref: previous.ref,
              ...(previous.tag ? { tag: previous.tag } : {}),
              ...(found.artifactName ? { artifactName: found.artifactName } : {}),
              platforms: [...found.platforms],
              ...(Object.keys(baseImages).length > 0 ? { baseImages } : {})
            }
          }
        : {}),
      baseInputs,
      compose: project
    }
  }
}

/** The images value a recorded release provides; false for a record from before that key. */
function imagesProvided(provides: Record<string, string> | undefined): string | false {
  return Object.entries(provides ?? {}).find(([k]) => k.endsWith('.images'))?.[1] ?? false
}

/** One line when a recorded base predates the images key: the delta depends on its version. */
function sayVersionOnly(
  baseImages: Record<string, string | false>,
  artifactName: string | undefined,
  log: Logger
): void {
  if (Object.values(baseImages).includes(false))
    log.info(
      `the previous release ${artifactName ?? '(unnamed)'} was built before artifacts provided their images: the delta artifact depends on its version only`
    )
}

/** Per platform, the base of each service (by name), as the chain chose it. */
type PlatformBaseMap = Map<
  string,
  ReadonlyArray<Pick<BaseImage, 'service' | 'reference' | 'manifestDigest' | 'held'>>
>

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

/** Where the previous release's record may be: its ref, or the previous artifact's name. */
function recordPlace(options: BuildOptions, previous: Pick<PreviousRelease, 'ref' | 'tag'>) {
  const name = previousArtifactName(options, previous)
  return {
    cacheDir: options.cacheDir,
    applicationName: options.applicationName,
    ref: previous.ref,
    ...(name ? { previousArtifactName: name } : {})
  }
}

/** The digest-source chain for one platform, with this run's lookups. */
function chooseBases(
  options: BuildOptions,
  session: Session,
  target: BuildTarget,
  inputs: BaseInputs,
  previous: Pick<PreviousRelease, 'ref'> | undefined,
  mender?: MenderLookup
) {
  const resolver: ImageResolver = {
    resolve: (reference, platform) => session.resolve(options, session.source(reference), platform)
  }
  return chooseBasesForPlatform({
    application: options.applicationName,
    platform: target.platform,
    services: inputs.services,
    ...(inputs.previousServices ? { previousServices: inputs.previousServices } : {}),
    ...(mender ? { mender } : {}),
    ...(previous ? { records: recordPlace(options, previous) } : {}),
    resolver,
    log: session.log
  })
}

/**
 * The cache is restored after plan (its key needs the plan's digests), and
 * it may hold the previous release's record (the chain's second lookup). Where it
 * does and plan did not have one, the bases of that platform are chosen again
 * from it before anything is fetched.
 */
export function rebaseStage(session: Session): RebaseStage {
  return async ({ options, plan }) => {
    const inputs = plan.baseInputs
    const previous = plan.previous
    if (!inputs?.previousServices || !previous) return plan
    const bases = basesOf(plan)
    let next: Plan | undefined
    for (const target of plan.targets) {
      const done = next?.baseInputs?.recordedPlatforms ?? inputs.recordedPlatforms
      if (done.includes(target.platform)) continue
      if (!(await findReleaseRecord(recordPlace(options, previous), target.platform))) continue
      session.log.info(`the restored cache holds the metadata of release ${previous.ref}: using it`)
      const chosen = await chooseBases(options, session, target, inputs, previous)
      bases.set(target.platform, chosen.bases)
      const cur: Plan = next ?? plan
      const prev = cur.previous ?? previous
      const platforms = [...prev.platforms]
      if (chosen.record && !platforms.includes(chosen.record.platform))
        platforms.push(chosen.record.platform)
      const artifactName = prev.artifactName ?? chosen.record?.artifactName
      const baseImages = chosen.record
        ? { ...prev.baseImages, [target.platform]: imagesProvided(chosen.record.provides) }
        : prev.baseImages
      if (chosen.record)
        sayVersionOnly(
          { [target.platform]: baseImages![target.platform]! },
          artifactName,
          session.log
        )
      next = {
        ...cur,
        previous: {
          ...prev,
          ...(artifactName ? { artifactName } : {}),
          platforms,
          ...(baseImages ? { baseImages } : {})
        },
        baseInputs: {
          ...inputs,
          recordedPlatforms: chosen.record ? [...done, target.platform] : [...done]
        }
      }
    }
    if (!next) return plan
    return {
      ...next,
      services: plan.services.map((svc) => {
        const { previous: _old, ...rest } = svc
        const prev = plannedPrevious(svc.name, plan.targets, bases)
        return prev ? { ...rest, previous: prev } : rest
      })
    }
  }
}

/** The bases a plan holds, per platform (what `plannedPrevious` summed up). */
function basesOf(plan: Plan): PlatformBaseMap {
  const out: PlatformBaseMap = new Map()
  for (const t of plan.targets)
    out.set(
      t.platform,
      plan.services.flatMap((s) => {
        const digest = s.previous?.manifests[t.platform]
        return s.previous && digest
          ? [
              {
                service: s.name,
                reference: s.previous.reference,
                manifestDigest: digest,
                held: s.previous.held?.[t.platform]
              }
            ]
          : []
      })
    )
  return out
}

async function previousProject(
  options: BuildOptions,
  session: Session
): Promise<(Pick<PreviousRelease, 'ref' | 'tag'> & { project: ComposeProject }) | undefined> {
  const prev = options.previous
  const log = session.log
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
  session: Session,
  service: string
): Promise<PlannedImage> {
  const source = options.serviceImages[service] ?? session.source(reference)
  const manifests: Record<string, string> = {}
  let digest = ''
  for (const target of options.targets) {
    let r
    try {
      r = await session.resolve(options, source, target.platform)
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
  bases: PlatformBaseMap
): PlannedImage | undefined {
  const manifests: Record<string, string> = {}
  const held: Record<string, 'uncompressed' | 'registry'> = {}
  let reference: string | undefined
  for (const t of targets) {
    const b = bases.get(t.platform)?.find((x) => x.service === service)
    if (!b?.manifestDigest || !b.reference) continue
    manifests[t.platform] = b.manifestDigest
    if (b.held) held[t.platform] = b.held
    reference ??= b.reference
  }
  if (!reference) return undefined
  const platforms = Object.keys(manifests)
  return {
    reference,
    digest: manifests[platforms[0]!]!,
    platforms,
    manifests,
    ...(Object.keys(held).length ? { held } : {})
  }
}
