import { UserError } from '../util/errors.js'

/**
 * Image references parsed and normalised exactly as Docker does
 * (distribution/reference `regexp.go` + `normalize.go`).
 */
export interface ImageReference {
  /** Registry domain as written (after index.docker.io → docker.io), e.g. `docker.io`, `127.0.0.1:5000`. */
  registry: string
  /** Repository path without the registry, e.g. `library/nginx`. */
  repository: string
  tag?: string
  digest?: string
}

export const DOCKER_HUB_DOMAIN = 'docker.io'
const LEGACY_DOCKER_HUB_DOMAIN = 'index.docker.io'
/** The API host Docker's own client talks to for docker.io (docker/cli DefaultV2Registry). */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io'
/** The key Docker writes Docker Hub credentials under in config.json. */
export const DOCKER_HUB_CREDENTIAL_KEY = 'https://index.docker.io/v1/'
const NAME_TOTAL_LENGTH_MAX = 255

const alnum = '[a-z0-9]+'
const separator = '(?:[._]|__|[-]+)'
const pathComponent = `${alnum}(?:${separator}${alnum})*`
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]'
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})`
const domainAndPort = `${host}(?::[0-9]+)?`
const tagPat = '[\\w][\\w.-]{0,127}'
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}'
const remoteName = `${pathComponent}(?:/${pathComponent})*`
const REFERENCE_RE = new RegExp(
  `^((?:${domainAndPort}/)?${remoteName})(?::(${tagPat}))?(?:@(${digestPat}))?$`
)
const ANCHORED_IDENTIFIER_RE = /^[a-f0-9]{64}$/
const DOMAIN_RE = new RegExp(`^${domainAndPort}$`)
const TAG_RE = new RegExp(`^${tagPat}$`)

const DIGEST_HEX: Record<string, RegExp> = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/
}

/** Checks `algorithm:hex` with the lengths of the registered algorithms; returns it unchanged. */
export function validateDigest(digest: string, what = 'digest'): string {
  const i = digest.indexOf(':')
  const alg = digest.slice(0, i)
  const hex = digest.slice(i + 1)
  const re = DIGEST_HEX[alg]
  if (i < 0 || !re) {
    throw new UserError(`invalid ${what} "${digest}": unsupported digest algorithm`, {
      hint: 'use a sha256:<64 hex> digest'
    })
  }
  if (!re.test(hex)) {
    throw new UserError(
      `invalid ${what} "${digest}": ${alg} needs ${alg === 'sha256' ? 64 : 128} lowercase hex digits`
    )
  }
  return digest
}

function invalid(input: string, why: string): UserError {
  return new UserError(`invalid image reference "${input}": ${why}`, {
    hint: 'write it as [registry[:port]/]name[:tag][@sha256:<64 hex>], name in lowercase'
  })
}

/** Docker's splitDockerDomain: is the part before the first `/` a registry host? */
function splitDomain(name: string): [string, string] {
  const i = name.indexOf('/')
  let domain: string
  let rest: string
  const first = i < 0 ? '' : name.slice(0, i)
  if (i < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DOCKER_HUB_DOMAIN
    rest = name
  } else {
    domain = first
    rest = name.slice(i + 1)
  }
  if (domain === LEGACY_DOCKER_HUB_DOMAIN) domain = DOCKER_HUB_DOMAIN
  if (domain === DOCKER_HUB_DOMAIN && !rest.includes('/')) rest = `library/${rest}`
  return [domain, rest]
}

/**
 * ParseNormalizedNamed + TagNameOnly: `nginx` → docker.io/library/nginx:latest.
 * A digest wins over a tag for pulling; the tag is kept for display.
 */
export function parseReference(input: string, opts: { defaultTag?: boolean } = {}): ImageReference {
  const s = input.trim()
  if (s === '') throw invalid(input, 'it is empty')
  if (ANCHORED_IDENTIFIER_RE.test(s)) {
    throw invalid(input, 'a 64-character hexadecimal string is an image ID, not a name')
  }
  const [domain, remainder] = splitDomain(s)
  const tagSep = remainder.search(/[:@]/)
  const remote = tagSep < 0 ? remainder : remainder.slice(0, tagSep)
  if (remote.toLowerCase() !== remote) {
    throw invalid(input, `repository name "${remote}" must be lowercase`)
  }
  if (!DOMAIN_RE.test(domain)) throw invalid(input, `"${domain}" is not a valid registry host`)
  const m = REFERENCE_RE.exec(`${domain}/${remainder}`)
  if (!m) throw invalid(input, 'invalid reference format')
  const name = m[1]!
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw invalid(
      input,
      `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`
    )
  }
  const repository = name.slice(domain.length + 1)
  const ref: ImageReference = { registry: domain, repository }
  if (m[2] !== undefined) ref.tag = m[2]
  if (m[3] !== undefined) {
    try {
      ref.digest = validateDigest(m[3])
    } catch (err) {
      throw invalid(input, (err as Error).message)
    }
  }
  if (ref.tag === undefined && ref.digest === undefined && opts.defaultTag !== false)
    ref.tag = 'latest'
  return ref
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag)
}

export function isValidDomain(domain: string): boolean {
  return DOMAIN_RE.test(domain)
}

/** The full normalised form: docker.io/library/nginx:latest@sha256:… */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}

/** Docker's FamiliarString: drops docker.io/ and library/ again. */
export function familiarReference(ref: ImageReference): string {
  let name = `${ref.registry}/${ref.repository}`
  if (ref.registry === DOCKER_HUB_DOMAIN) {
    name =
      ref.repository.startsWith('library/') && ref.repository.split('/').length === 2
        ? ref.repository.slice('library/'.length)
        : ref.repository
  }
  return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}

/** `registry/repository` without tag or digest. */
export function referenceName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`
}

/** What to ask the registry for: the digest when there is one, else the tag. */
export function referenceTarget(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest'
}

/** The host[:port] the HTTP API lives on (docker.io is served by registry-1.docker.io). */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB_DOMAIN ? DOCKER_HUB_API_HOST : registry
}
