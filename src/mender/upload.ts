import { basename } from 'node:path'
import { UserError } from '../util/errors.js'
import { HttpError } from '../util/http-errors.js'
import { formatBytes, formatDuration, formatRate } from '../util/format.js'
import { findArtifactsByName } from './artifacts.js'
import { matchArtifact, type Match } from './compare.js'
import { serverMessage, type MenderHttp } from './http.js'
import { idFromLocation } from './location.js'
import { buildMultipart } from './multipart.js'
import type { LocalArtifact, PublishOutcome, RemoteArtifact } from './types.js'

const UPLOAD_PATH = '/api/management/v1/deployments/artifacts'

export type ConflictPolicy = 'fail' | 'skip'

export interface UploadOptions {
  description?: string
  /** Same name and depends but other contents: fail (default) or keep the server's. */
  onConflict?: ConflictPolicy
  progressIntervalMs?: number
}

export type ArtifactOutcome = NonNullable<PublishOutcome['artifact']>

/** Look first, upload only when the server does not have this artifact. */
export async function ensureArtifact(
  http: MenderHttp,
  local: LocalArtifact,
  opts: UploadOptions = {}
): Promise<ArtifactOutcome> {
  const match = matchArtifact(local, await findArtifactsByName(http, local.name))
  if (match.kind === 'same') {
    http.log.info(
      `Artifact ${local.name} is already on ${http.serverUrl} (ID ${match.artifact.id}); not uploading`
    )
    return { name: local.name, id: match.artifact.id, outcome: 'found' }
  }
  if (match.kind === 'different-contents') return conflict(http, local, match, opts)
  if (match.otherDepends > 0) {
    http.log.info(
      `${match.otherDepends} artifact(s) named ${local.name} exist for other depends; uploading this one beside them`
    )
  }
  return uploadArtifact(http, local, opts)
}

function conflict(
  http: MenderHttp,
  local: LocalArtifact,
  match: Extract<Match, { kind: 'different-contents' }>,
  opts: UploadOptions
): ArtifactOutcome {
  const what = `Mender server ${http.serverUrl} already has an artifact named ${local.name} for device types ${local.deviceTypes.join(', ')} (ID ${match.artifact.id}), but ${match.reason}`
  if (opts.onConflict === 'skip') {
    http.log.warn(`${what}; keeping the server's artifact (on-conflict: skip)`)
    return { name: local.name, id: match.artifact.id, outcome: 'conflict-skipped' }
  }
  throw new UserError(what, {
    hint: 'give each build its own artifact name (e.g. with the version or commit), delete the old artifact, or set on-conflict to skip'
  })
}

/**
 * POST the artifact as a streamed multipart body with a Content-Length, and
 * retry network errors, 5xx and 429. Before each retry (except after a 429,
 * which the gateway answers before storing anything) the artifact is looked up:
 * a lost answer may hide a stored upload, and re-sending would get a 409.
 */
export async function uploadArtifact(
  http: MenderHttp,
  local: LocalArtifact,
  opts: UploadOptions = {}
): Promise<ArtifactOutcome> {
  const body = buildMultipart(
    opts.description !== undefined ? [{ name: 'description', value: opts.description }] : [],
    { name: 'artifact', filename: basename(local.path), path: local.path, size: local.size }
  )
  const lookup = async () => matchArtifact(local, await findArtifactsByName(http, local.name))
  const settle = (match: Match): ArtifactOutcome | undefined => {
    if (match.kind === 'same')
      return { name: local.name, id: match.artifact.id, outcome: 'uploaded' }
    if (match.kind === 'different-contents') return conflict(http, local, match, opts)
    return undefined
  }
  return http.retrying(`uploading ${basename(local.path)}`, async (attempt, lastError) => {
    if (attempt > 1 && !(lastError instanceof HttpError && lastError.status === 429)) {
      const found = settle(await lookup())
      if (found) {
        http.log.info(
          `The previous attempt stored ${local.name} (ID ${found.id}); not uploading again`
        )
        return found
      }
    }
    try {
      const location = await postOnce(http, local, body, opts.progressIntervalMs ?? 5000)
      const id = idFromLocation(location) ?? (await lookupId(http, local, lookup))
      http.log.info(`Uploaded ${local.name} to ${http.serverUrl} (ID ${id})`)
      return { name: local.name, id, outcome: 'uploaded' as const }
    } catch (err) {
      if (!(err instanceof HttpError)) throw err
      if (err.status === 409) {
        // Same name and depends is there: ours from an earlier attempt, or a conflict.
        const found = settle(await lookup())
        if (found) return attempt > 1 ? found : { ...found, outcome: 'found' as const }
        throw new UserError(
          `Mender server ${http.serverUrl} refused ${local.name}: ${serverMessage(err)}`,
          {
            cause: err,
            hint: 'an artifact with the same name and depends exists; give the build a new name'
          }
        )
      }
      if (err.status === 400 || err.status === 413 || err.status === 415 || err.status === 422) {
        throw new UserError(
          `Mender server ${http.serverUrl} rejected ${local.path} (${err.status}: ${serverMessage(err)})`,
          {
            cause: err,
            hint:
              err.status === 413
                ? 'the artifact is larger than the server accepts (10 GiB by default; 5 MiB on the Micro tier)'
                : 'check the artifact with `mender-artifact read`'
          }
        )
      }
      throw err
    }
  })
}

async function lookupId(
  http: MenderHttp,
  local: LocalArtifact,
  lookup: () => Promise<Match>
): Promise<string | undefined> {
  const m = await lookup()
  if (m.kind === 'none') http.log.warn(`The server stored ${local.name} but sent no Location`)
  return m.kind === 'none' ? undefined : (m.artifact as RemoteArtifact).id
}

async function postOnce(
  http: MenderHttp,
  local: LocalArtifact,
  body: ReturnType<typeof buildMultipart>,
  progressIntervalMs: number
): Promise<string | undefined> {
  const started = Date.now()
  let sent = 0
  const total = local.size
  const report = () =>
    http.log.info(
      `uploading ${basename(local.path)}: ${formatBytes(sent)} of ${formatBytes(total)} handed to the network (${formatRate(sent, Date.now() - started)})`
    )
  const timer = setInterval(report, progressIntervalMs)
  timer.unref()
  try {
    const answer = await http.send('POST', UPLOAD_PATH, {
      // `sent` counts bytes handed to the socket, which may still drop them: the
      // progress says "handed over" and 100 % is claimed only by the server's answer
      body: body.open((n) => {
        sent += n
        if (sent === total) {
          clearInterval(timer)
          http.log.debug(
            `all ${formatBytes(total)} handed to the network; the server parses and stores the artifact before answering`
          )
        }
      }),
      headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength) },
      timeoutMs: http.timeouts.uploadMs
    })
    const location = answer.headers.location
    http.log.info(
      `uploaded ${basename(local.path)}: 100% (${formatBytes(total)} in ${formatDuration(Date.now() - started)}, ${formatRate(total, Date.now() - started)})`
    )
    return Array.isArray(location) ? location[0] : location
  } finally {
    clearInterval(timer)
  }
}
