import { UserError } from '../util/errors.js'
import { HttpError } from '../util/http-errors.js'
import { serverMessage, type MenderHttp } from './http.js'
import { idFromLocation } from './location.js'
import type { DeploymentRequest, DeploymentTarget, RemoteDeployment } from './types.js'

const V1 = '/api/management/v1/deployments/deployments'
const V2 = '/api/management/v2/deployments/deployments'
const SEARCH = '/api/management/v2/inventory/filters/search'

export function describeTarget(t: DeploymentTarget): string {
  if ('group' in t) return `group ${t.group}`
  if ('devices' in t) return `${t.devices.length} device(s)`
  return 'all devices'
}

/** Path and JSON body for the open-source and Enterprise create endpoints. */
export function deploymentCall(req: DeploymentRequest): {
  path: string
  body: Record<string, unknown>
} {
  const body: Record<string, unknown> = {
    name: req.name ?? req.artifactName,
    artifact_name: req.artifactName
  }
  if (req.forceInstallation) body.force_installation = true
  // Enterprise fields, sent only when given (open-source servers ignore unknown fields).
  if (req.retries !== undefined) body.retries = req.retries
  if (req.phases !== undefined) body.phases = req.phases
  if (req.updateControlMap !== undefined) body.update_control_map = req.updateControlMap
  const t = req.target
  if ('group' in t) return { path: `${V1}/group/${encodeURIComponent(t.group)}`, body }
  if ('devices' in t) return { path: V1, body: { ...body, devices: t.devices } }
  return { path: V1, body: { ...body, all_devices: true } }
}

/** The link a person opens to watch the deployment in the Mender UI. */
export function deploymentUrl(serverUrl: string, id: string): string {
  return `${serverUrl}/ui/deployments?open=true&id=${encodeURIComponent(id)}`
}

/** Accepted devices the target resolves to (inventory v2 search, X-Total-Count). */
export async function countAcceptedDevices(
  http: MenderHttp,
  target: DeploymentTarget
): Promise<number> {
  if ('devices' in target) return target.devices.length
  const filters: Record<string, string>[] = [
    { scope: 'identity', attribute: 'status', type: '$eq', value: 'accepted' }
  ]
  if ('group' in target) {
    filters.push({ scope: 'system', attribute: 'group', type: '$eq', value: target.group })
  }
  const answer = await http.retrying('counting accepted devices', () =>
    http.send('POST', SEARCH, { json: { page: 1, per_page: 1, filters } })
  )
  const total = Number(answer.headers['x-total-count'])
  if (Number.isFinite(total)) return total
  return (JSON.parse(answer.text || '[]') as unknown[]).length
}

export interface CreatedDeployment {
  id: string
  name: string
  created: boolean
}

/**
 * Create the deployment, retrying network errors, 5xx and 429. The server
 * refuses (409) a second active deployment with the same parameters, which
 * makes a retry after a lost answer safe: the 409 is resolved by looking the
 * active one up by name.
 */
export async function createDeployment(
  http: MenderHttp,
  req: DeploymentRequest
): Promise<CreatedDeployment> {
  const { path, body } = deploymentCall(req)
  const name = String(body.name)
  const target = describeTarget(req.target)
  if (req.checkAcceptedDevices) {
    const n = await countAcceptedDevices(http, req.target)
    if (n === 0) throw noDevices(http, req.target)
    http.log.info(`${target} has ${n} accepted device(s)`)
  }
  try {
    const answer = await http.retrying(`creating deployment ${name}`, () =>
      http.send('POST', path, { json: body })
    )
    const location = answer.headers.location
    const id = idFromLocation(Array.isArray(location) ? location[0] : location)
    if (id) {
      http.log.info(`Created deployment ${name} of ${req.artifactName} to ${target} (ID ${id})`)
      return { id, name, created: true }
    }
    const existing = await findActiveDeployment(http, name, req.artifactName)
    if (!existing)
      throw new UserError(
        `Mender server ${http.serverUrl} created deployment ${name} but sent no Location`
      )
    return { id: existing.id, name, created: true }
  } catch (err) {
    if (!(err instanceof HttpError)) throw err
    const msg = serverMessage(err)
    if (err.status === 409) {
      const existing = await findActiveDeployment(http, name, req.artifactName)
      if (!existing) {
        throw new UserError(`Mender server ${http.serverUrl} refused deployment ${name}: ${msg}`, {
          cause: err
        })
      }
      http.log.info(
        `An identical deployment ${name} is already active (ID ${existing.id}, ${existing.status}); not creating another`
      )
      return { id: existing.id, name, created: false }
    }
    if (err.status === 422) {
      throw new UserError(
        `Mender server ${http.serverUrl} has no artifact named ${req.artifactName} to deploy (422: ${msg})`,
        { cause: err, hint: 'upload the artifact first (mender-compose artifact upload FILE)' }
      )
    }
    if (err.status === 400 && /no devices/i.test(msg)) throw noDevices(http, req.target, err)
    if (err.status === 400) {
      throw new UserError(
        `Mender server ${http.serverUrl} rejected deployment ${name} (400: ${msg})`,
        { cause: err }
      )
    }
    throw err
  }
}

function noDevices(http: MenderHttp, target: DeploymentTarget, cause?: unknown): UserError {
  const what =
    'group' in target
      ? `group ${target.group} has no accepted devices on ${http.serverUrl} (groups exist only while a device carries them)`
      : `${describeTarget(target)} include no accepted device on ${http.serverUrl}`
  return new UserError(`Nothing to deploy to: ${what}`, {
    cause,
    hint: 'check the group name and that its devices are accepted'
  })
}

/** The newest active deployment with this exact name and artifact (v2 lookup, v1 search on older servers). */
export async function findActiveDeployment(
  http: MenderHttp,
  name: string,
  artifactName: string
): Promise<RemoteDeployment | undefined> {
  const found: RemoteDeployment[] = []
  for (const status of ['inprogress', 'pending', 'scheduled']) {
    let items: RemoteDeployment[]
    try {
      items = await http.retrying(`looking up deployment ${name}`, () =>
        http.sendJson<RemoteDeployment[]>('GET', V2, {
          query: { name, status, sort: 'desc', per_page: 500 }
        })
      )
    } catch (err) {
      // `scheduled` exists only on Enterprise; an open-source server may refuse the value.
      if (status === 'scheduled' && err instanceof HttpError && err.status === 400) continue
      if (!(err instanceof HttpError) || (err.status !== 404 && err.status !== 405)) throw err
      items = await http.retrying(`searching deployment ${name}`, () =>
        http.sendJson<RemoteDeployment[]>('GET', V1, {
          query: { search: name, status, per_page: 500 }
        })
      )
    }
    found.push(...(items ?? []).filter((d) => d.name === name && d.artifact_name === artifactName))
  }
  found.sort((a, b) => String(b.created ?? '').localeCompare(String(a.created ?? '')))
  return found[0]
}

export async function getDeployment(
  http: MenderHttp,
  id: string,
  deadlineMs?: number
): Promise<RemoteDeployment> {
  return http.retrying(
    `reading deployment ${id}`,
    () => http.sendJson<RemoteDeployment>('GET', `${V1}/${encodeURIComponent(id)}`),
    undefined,
    deadlineMs
  )
}

/** Device IDs of the deployment in one status (first page of up to 100). */
export async function listDevices(http: MenderHttp, id: string, status: string): Promise<string[]> {
  const items = await http.retrying(`listing ${status} devices of ${id}`, () =>
    http.sendJson<{ id: string }[]>('GET', `${V1}/${encodeURIComponent(id)}/devices/list`, {
      query: { status, per_page: 100 }
    })
  )
  return (items ?? []).map((d) => d.id)
}

/** PUT status aborted; 422 means it finished meanwhile, which is fine. */
export async function abortDeployment(http: MenderHttp, id: string): Promise<void> {
  try {
    await http.retrying(`aborting deployment ${id}`, () =>
      http.send('PUT', `${V1}/${encodeURIComponent(id)}/status`, { json: { status: 'aborted' } })
    )
    http.log.warn(`deployment ${id} aborted`)
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 422) throw err
    http.log.info(`deployment ${id} finished before it could be aborted`)
  }
}
