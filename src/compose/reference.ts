/**
 * Just enough of an image reference to judge whether it can be trusted later
 * as a delta base: its tag and digest. Full parsing (registry, repository,
 * normalisation) belongs to the image resolver (src/oci/).
 */
export interface TagAndDigest {
  tag?: string
  digest?: string
}

export function tagAndDigest(reference: string): TagAndDigest {
  const at = reference.indexOf('@')
  const digest = at >= 0 ? reference.slice(at + 1) : undefined
  const name = at >= 0 ? reference.slice(0, at) : reference
  const colon = name.lastIndexOf(':')
  // A colon before the last slash is a registry port (localhost:5000/app), not a tag.
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined
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
