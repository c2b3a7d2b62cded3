import { UserError } from '../util/errors.js'
import type { Plan } from './stages.js'

/**
 * Before anything is fetched: every new image must offer every platform that
 * a device type needs and that the previous release shipped. A dropped
 * architecture would otherwise strand part of the fleet on the previous release,
 * or, worse, ship it an image it cannot run.
 */
export function platformCoverageProblems(plan: Plan): string[] {
  const needs = new Map<string, string>()
  for (const t of plan.targets)
    needs.set(
      t.platform,
      `device type${t.deviceTypes.length > 1 ? 's' : ''} ${t.deviceTypes.join(', ')}`
    )
  for (const p of plan.previous?.platforms ?? [])
    if (!needs.has(p)) needs.set(p, `the previous release (${plan.previous?.ref})`)
  const problems: string[] = []
  for (const service of plan.services)
    for (const [platform, why] of needs)
      if (!service.image.platforms.includes(platform))
        problems.push(
          `image '${service.image.reference}' of service '${service.name}' has no ${platform} variant, which ${why} need${why.startsWith('device types') ? '' : 's'}`
        )
  return problems
}

export function checkPlatformCoverage(plan: Plan): void {
  const problems = platformCoverageProblems(plan)
  if (problems.length === 0) return
  throw new UserError(
    problems.length === 1
      ? `Platform check failed: ${problems[0]}`
      : `Platform check failed:\n- ${problems.join('\n- ')}`,
    {
      hint: 'build and push the image for that platform (docker buildx --platform), or remove the device type'
    }
  )
}
