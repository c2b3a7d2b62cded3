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

// The grammar of distribution/reference (reference.go), without IPv6 hosts.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'
const REFERENCE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`)

/** True when Docker would accept `reference` (e.g. not `web:` from an empty variable). */
export function isValidReference(reference: string): boolean {
  return reference.length <= 512 && REFERENCE.test(reference)
}
