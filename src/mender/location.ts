/**
 * The ID of a created resource is the last path segment of `Location`.
 * Servers ≥ 4.1.0 send `/api/management/v1/deployments/artifacts/<id>`, older
 * ones `./management/v1/deployments/artifacts/<id>`; both end in the ID (and a
 * proxy may make it absolute with a host).
 */
export function idFromLocation(location: string | undefined): string | undefined {
  if (!location) return undefined
  const path = location.split(/[?#]/)[0] ?? ''
  const segments = path.split('/').filter((s) => s !== '' && s !== '.')
  const last = segments[segments.length - 1]
  return last ? decodeURIComponent(last) : undefined
}
