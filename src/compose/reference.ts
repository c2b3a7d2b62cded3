import { parseReference } from '../oci/reference.js'

/**
 * What a compose image reference says about trust as a delta base: its tag
 * and digest. Parsing is src/oci's (Docker's grammar and normalisation).
 */
export interface TagAndDigest {
  tag?: string
  digest?: string
}

/** Tag and digest as written (no tag stays no tag); throws a UserError for an invalid reference. */
export function tagAndDigest(reference: string): TagAndDigest {
  const { tag, digest } = parseReference(reference, { defaultTag: false })
  return { ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) }
}

/** Tags that are moved on purpose, so what they named at release time is lost. */
const MUTABLE_TAGS = new Set(['latest', 'dev', 'edge', 'main', 'master', 'nightly', 'develop'])

/**
 * Why `reference` is a poor delta base, or undefined when it is pinned by
 * digest or carries a release-like tag.
 */
export function mutableTagReason(reference: string): string | undefined {
  const { tag, digest } = tagAndDigest(reference)
  if (digest) return undefined
  if (tag === undefined) return 'has no tag (Docker reads it as "latest")'
  if (MUTABLE_TAGS.has(tag)) return `uses the moving tag "${tag}"`
  if (tag.endsWith('-dirty')) return `uses the tag "${tag}" built from uncommitted changes`
  return undefined
}

export function isDigestPinned(reference: string): boolean {
  return tagAndDigest(reference).digest !== undefined
}

/** Why Docker would refuse `reference` (e.g. `web:` left by an empty variable), or undefined. */
export function referenceProblem(reference: string): string | undefined {
  try {
    parseReference(reference, { defaultTag: false })
    return undefined
  } catch (err) {
    return (err as Error).message.replace(/^invalid image reference "[^"]*": /, '')
  }
}

export function isValidReference(reference: string): boolean {
  return referenceProblem(reference) === undefined
}
