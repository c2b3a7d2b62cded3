import { isAbsolute, relative, resolve, sep } from 'node:path'
import { loadComposeProject, type ComposeProject } from '../compose/load.js'
import type { ComposeFileSource } from '../compose/source.js'
import { UserError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { findBaseline, type Baseline } from './baseline.js'
import type { GitHubApi } from './client.js'
import { readFileAtRef, type RepoRef } from './contents.js'
import { gitHasCommit, gitShowFile } from './git-files.js'

export interface PreviousComposeInputs {
  /** The commit or tag of the previous release. */
  ref: string
  /** The checkout: compose paths are resolved against it and mapped to repository paths. */
  workspace: string
  files: string[]
  projectDirectory?: string
  profiles?: string[]
  env?: Record<string, string | undefined>
  repo: RepoRef
  /** Omit to read through git only (the CLI, or a run without a token). */
  api?: GitHubApi
  log: Logger
}

/**
 * The compose project as it was at the previous release, read through git
 * when the checkout has that commit, else through the contents API. A missing
 * compose file means "no previous release" (undefined), logged with the reason.
 */
export async function loadPreviousCompose(
  inputs: PreviousComposeInputs
): Promise<ComposeProject | undefined> {
  const { log, workspace } = inputs
  const viaGit = await gitHasCommit(workspace, inputs.ref)
  if (!viaGit && !inputs.api)
    throw new UserError(`the checkout does not have the previous release ${inputs.ref}`, {
      hint: 'check out with fetch-depth: 0 (or 2 for push events), or give a github-token'
    })
  log.debug(
    `reading the previous compose files at ${inputs.ref} through ${viaGit ? 'git' : 'the GitHub API'}`
  )
  const repoPath = (abs: string) => {
    const rel = relative(workspace, abs)
    if (rel.startsWith('..') || isAbsolute(rel))
      throw new UserError(`${abs} is outside the repository checkout ${workspace}`)
    return rel.split(sep).join('/')
  }
  const source: ComposeFileSource = cached({
    read: (abs) =>
      viaGit
        ? gitShowFile(workspace, inputs.ref, repoPath(abs))
        : readFileAtRef(
            inputs.api as GitHubApi,
            { ...inputs.repo, ref: inputs.ref, path: repoPath(abs) },
            log
          )
  })
  const files = inputs.files.map((f) => resolve(workspace, f))
  for (const f of files) {
    if ((await source.read(f)) === undefined) {
      log.info(
        `no previous release: ${repoPath(f)} did not exist at ${inputs.ref}, so the artifact carries full images`
      )
      return undefined
    }
  }
  const project = await loadComposeProject({
    files,
    ...(inputs.projectDirectory && {
      projectDirectory: resolve(workspace, inputs.projectDirectory)
    }),
    ...(inputs.profiles && { profiles: inputs.profiles }),
    workingDirectory: workspace,
    env: inputs.env ?? {},
    source,
    // Mutable tags of the previous release were warned about when it was built.
    log: { ...log, warn: (m) => log.debug(m) }
  })
  if (project.variablesFromProcess.length > 0)
    log.warn(
      `the compose files of the previous release (${inputs.ref}) were interpolated with this run's ${project.variablesFromProcess.map((v) => `$${v}`).join(', ')}; if the value was different at that release, the base images read from them are wrong. Keep such values in the committed .env, or rely on the previous artifact's metadata`
    )
  return project
}

/** Each file is read once even though the existence check and the loader both ask. */
function cached(source: ComposeFileSource): ComposeFileSource {
  const seen = new Map<string, Promise<string | undefined>>()
  return {
    read: (p) => {
      let r = seen.get(p)
      if (!r) seen.set(p, (r = source.read(p)))
      return r
    }
  }
}

export interface PreviousReleaseInputs extends Omit<PreviousComposeInputs, 'ref'> {
  eventName: string
  payload: Record<string, unknown>
  sha: string
  previousRef?: string
  api: GitHubApi
}

/** The previous release's commit (by event) and its compose project there. */
export interface PreviousCompose {
  baseline: Baseline
  project: ComposeProject
}

/**
 * The whole lookup the action runs: the baseline commit for this event, then
 * the compose project there. Undefined when there is no previous release
 * (the reason is logged by the step that found none).
 */
export async function findPreviousRelease(
  inputs: PreviousReleaseInputs
): Promise<PreviousCompose | undefined> {
  const baseline = await findBaseline({
    eventName: inputs.eventName,
    payload: inputs.payload,
    sha: inputs.sha,
    repo: inputs.repo,
    api: inputs.api,
    log: inputs.log,
    ...(inputs.previousRef && { previousRef: inputs.previousRef })
  })
  if (!baseline) return undefined
  const project = await loadPreviousCompose({ ...inputs, ref: baseline.ref })
  return project ? { baseline, project } : undefined
}
