import { parsePlatform } from '../oci/platform.js'
import { UserError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { mutableTagReason, referenceProblem } from './reference.js'
import { stringOr } from './values.js'

export interface ComposeService {
  name: string
  image: string
  platform?: string
  /** Where the image was named (for annotations). */
  file: string
  line?: number
}

/** One merged service as the action needs it, checked, with a warning for a tag that moves. */
export function toService(
  name: string,
  svc: Record<string, unknown>,
  where: { file: string; line?: number },
  log: Logger
): ComposeService {
  const image = stringOr(svc.image)
  if (svc.provider !== undefined)
    throw new UserError(
      `${where.file}${where.line ? `:${where.line}` : ''}: service "${name}" has "provider:": Compose hands such a service to a provider plugin on the machine that runs \`docker compose\` (a cloud model, a managed database) instead of running a container, so there is no image to ship and nothing a device could run`,
      {
        hint: `keep "${name}" out of the device's compose files (a profile the device does not enable, or a separate file), or replace it by a service with "image:"`
      }
    )
  if (!image) {
    if (svc.build !== undefined)
      throw new UserError(
        `${where.file}: service "${name}" has "build:" but no "image:": the devices cannot build it`,
        {
          hint: `build and push the image in an earlier step, then name it with "image:" (for example ghcr.io/owner/${name}:1.2.3)`
        }
      )
    throw new UserError(`${where.file}: service "${name}" has neither "image:" nor "build:"`)
  }
  const problem = referenceProblem(image)
  if (problem)
    throw new UserError(
      `${where.file}${where.line ? `:${where.line}` : ''}: service "${name}": "${image}" is not a valid image reference (${problem})`,
      { hint: 'check the variables it is built from (an unset one leaves "name:" with no tag)' }
    )
  const platform = stringOr(svc.platform)
  if (platform !== undefined)
    parsePlatform(
      platform,
      `${where.file}${where.line ? `:${where.line}` : ''}: service "${name}": platform`
    )
  const reason = mutableTagReason(image)
  if (reason)
    log.warn(
      `service "${name}": image "${image}" ${reason}; use a release tag (e.g. name:1.4.2), because a tag that moves cannot later be trusted as a delta base (not a digest: docker load on the device records no digests)`,
      { file: where.file, ...(where.line && { line: where.line }), title: 'Mutable image tag' }
    )
  return { name, image, ...(platform && { platform }), ...where }
}
