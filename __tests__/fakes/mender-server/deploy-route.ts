import type { IncomingMessage } from 'node:http'
import { constructorChecksum, deploymentStatus, newId, type StoredDeployment } from './state.js'
import { readJson, type Ctx, type RequestRecord, type Respond } from './types.js'

/** POST /deployments and /deployments/group/{name}: validation, expansion, 422/400/409 as the server does. */
export async function deploy(
  ctx: Ctx,
  req: IncomingMessage,
  path: string,
  rec: RequestRecord,
  respond: Respond
) {
  const body = await readJson(req, rec)
  const group = /\/deployments\/deployments\/group\/([^/]+)$/.exec(path)?.[1]
  const name = typeof body.name === 'string' ? body.name : ''
  const artifactName = typeof body.artifact_name === 'string' ? body.artifact_name : ''
  if (!name || name.length > 256)
    return respond(400, { error: 'Validating request body: name: cannot be blank.' })
  if (!artifactName)
    return respond(400, { error: 'Validating request body: artifact_name: cannot be blank.' })
  const listedDevices = Array.isArray(body.devices) ? (body.devices as string[]) : []
  const all = body.all_devices === true
  let devices: string[]
  if (group !== undefined) {
    if (listedDevices.length || all) {
      return respond(400, {
        error:
          'The deployment for group constructor should have neither list of devices nor all_devices flag set'
      })
    }
    const g = decodeURIComponent(group)
    devices = ctx.state.devices
      .filter((d) => d.group === g && d.status === 'accepted')
      .map((d) => d.id)
  } else if (listedDevices.length && all) {
    return respond(400, {
      error:
        'Validating request body: Invalid deployments definition: list of devices provided togheter with all_devices flag'
    })
  } else if (!listedDevices.length && !all) {
    return respond(400, {
      error:
        'Validating request body: Invalid deployments definition: provide list of devices or set all_devices flag'
    })
  } else
    devices = all
      ? ctx.state.devices.filter((d) => d.status === 'accepted').map((d) => d.id)
      : listedDevices
  if (!ctx.state.artifacts.some((a) => a.name === artifactName))
    return respond(422, { error: 'No artifact for the deployment' })
  if (devices.length === 0) return respond(400, { error: 'No devices for the deployment' })
  const checksum = constructorChecksum({
    name,
    artifact_name: artifactName,
    devices,
    all_devices: all,
    force_installation: body.force_installation === true
  })
  if (
    ctx.state.deployments.some((d) => d.checksum === checksum && deploymentStatus(d) !== 'finished')
  ) {
    return respond(409, {
      error:
        'Invalid deployment definition: there is already an active deployment with the same parameters'
    })
  }
  const d: StoredDeployment = {
    id: newId(),
    name,
    artifact_name: artifactName,
    created: new Date(Date.now() + ctx.state.deployments.length).toISOString(),
    all_devices: all,
    ...(group !== undefined ? { groups: [decodeURIComponent(group)] } : {}),
    force_installation: body.force_installation === true,
    checksum,
    devices: new Map(devices.map((id) => [id, 'pending'])),
    body
  }
  ctx.state.deployments.push(d)
  return respond(201, undefined, ctx.created(`/api/management/v1/deployments/deployments/${d.id}`))
}
