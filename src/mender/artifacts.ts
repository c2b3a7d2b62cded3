import { HttpError } from '../util/http-errors.js'
import type { MenderHttp } from './http.js'
import type { RemoteArtifact } from './types.js'

const V2_ARTIFACTS = '/api/management/v2/deployments/artifacts'
const V1_ARTIFACT_LIST = '/api/management/v1/deployments/artifacts/list'
const PER_PAGE = 500

/** The v2 filter treats a trailing `*` as a prefix wildcard; `\*` keeps it literal. */
export function exactNameFilter(name: string): string {
  return name.endsWith('*') ? `${name.slice(0, -1)}\\*` : name
}

/**
 * Every artifact named exactly `name` (one per set of depends). Tries the v2
 * exact filter (server ≥ 4.1.0); on 404/405 falls back to the v1 list, whose
 * filter is a substring match, and keeps only exact names.
 */
export async function findArtifactsByName(
  http: MenderHttp,
  name: string
): Promise<RemoteArtifact[]> {
  try {
    const items = await http.retrying(`looking up artifact ${name}`, () =>
      http.sendJson<RemoteArtifact[]>('GET', V2_ARTIFACTS, {
        query: { name: exactNameFilter(name), per_page: PER_PAGE }
      })
    )
    return (items ?? []).filter((a) => a.name === name)
  } catch (err) {
    if (!(err instanceof HttpError) || (err.status !== 404 && err.status !== 405)) throw err
    http.log.debug(`server has no v2 artifact list (HTTP ${err.status}); using the v1 list`)
  }
  const found: RemoteArtifact[] = []
  for (let page = 1; ; page++) {
    const items = await http.retrying(`listing artifacts named ${name}`, () =>
      http.sendJson<RemoteArtifact[]>('GET', V1_ARTIFACT_LIST, {
        query: { name, page, per_page: PER_PAGE }
      })
    )
    found.push(...(items ?? []).filter((a) => a.name === name))
    if (!items || items.length < PER_PAGE) return found
  }
}
