import { UsageError } from '../util/errors.js'

/** An OCI platform (image-index.md): Go GOOS/GOARCH values plus an optional variant. */
export interface Platform {
  os: string
  architecture: string
  variant?: string
}

/**
 * containerd's normalisation (platforms `database.go`): both sides of a match
 * go through this, so `arm64/v8` equals `arm64` and `arm` means `arm/v7`.
 */
export function normalizePlatform(p: Platform): Platform {
  let os = p.os.toLowerCase()
  if (os === 'macos') os = 'darwin'
  let arch = p.architecture.toLowerCase()
  let variant = (p.variant ?? '').toLowerCase()
  switch (arch) {
    case 'i386':
      arch = '386'
      variant = ''
      break
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      arch = 'amd64'
      if (variant === 'v1') variant = ''
      break
    case 'aarch64':
    case 'arm64':
      arch = 'arm64'
      if (variant === '8' || variant === 'v8' || variant === 'v8.0') variant = ''
      else if (variant === '9' || variant === '9.0' || variant === 'v9.0') variant = 'v9'
      break
    case 'armhf':
      arch = 'arm'
      variant = 'v7'
      break
    case 'armel':
      arch = 'arm'
      variant = 'v6'
      break
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7'
      else if (variant === '5' || variant === '6' || variant === '8') variant = `v${variant}`
      break
  }
  return variant ? { os, architecture: arch, variant } : { os, architecture: arch }
}

// Go's GOOS and GOARCH lists, as containerd's platforms package knows them.
const KNOWN_OS = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos'.split(
    ' '
  )
)
const KNOWN_ARCH = new Set(
  '386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm'.split(
    ' '
  )
)

const PLATFORM_HINT =
  'write it as docker --platform takes it: os/arch[/variant] or arch[/variant], e.g. linux/arm64, arm64, linux/arm/v7 or arm/v7'

/**
 * The one platform parser of the project (inputs, flags, compose files, image
 * commands): what `docker --platform` accepts, normalised as containerd
 * normalises it. `os/arch[/variant]`; a bare `arch` or `arch/variant` means
 * linux (containerd would read `arm/v7` as OS `arm`, but no OS is called
 * that). The result is normalised: `arm64` and `linux/arm64/v8` are
 * `linux/arm64`, `arm` is `linux/arm/v7`, `x86_64` is `linux/amd64`.
 * `where` names the input, flag or file in the error.
 */
export function parsePlatform(text: string, where = 'platform'): Platform {
  const spec = text.trim().toLowerCase()
  const fail = (why: string): never => {
    throw new UsageError(`${where} has '${text.trim()}', which is not a platform: ${why}`, {
      hint: PLATFORM_HINT
    })
  }
  const parts = spec.split('/')
  if (spec === '') fail('it is empty')
  if (parts.length > 3) fail('more than three parts')
  const bad = parts.find((p) => !/^[a-z0-9_.-]+$/.test(p))
  if (bad !== undefined)
    fail(
      bad === '' ? 'an empty part' : `'${bad}' holds other than letters, digits, '.', '_' or '-'`
    )
  const os = (name: string) => (name === 'macos' ? 'darwin' : name)
  const arch = (name: string, variant?: string): Platform => {
    const n = normalizePlatform({
      os: 'linux',
      architecture: name,
      ...(variant ? { variant } : {})
    })
    if (!KNOWN_ARCH.has(n.architecture)) fail(`unknown architecture '${name}'`)
    return n
  }
  const [first, second, third] = parts as [string, string?, string?]
  let p: Platform
  if (second === undefined) {
    if (KNOWN_OS.has(os(first)))
      fail(`'${first}' is an operating system; name the architecture too, e.g. ${os(first)}/arm64`)
    p = arch(first)
  } else if (third !== undefined || KNOWN_OS.has(os(first))) {
    if (!KNOWN_OS.has(os(first))) fail(`unknown operating system '${first}'`)
    p = { ...arch(second, third), os: os(first) }
  } else if (KNOWN_ARCH.has(normalizePlatform({ os: 'linux', architecture: first }).architecture)) {
    p = arch(first, second)
  } else fail(`'${first}' is neither an operating system nor an architecture`)
  return normalizePlatform(p!)
}

/** `parsePlatform` as text: the normalised `os/arch[/variant]`. */
export function canonicalPlatform(text: string, where?: string): string {
  return formatPlatform(parsePlatform(text, where))
}

export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`
}

/** Exact match after normalising both sides (deterministic: no fallback to older variants). */
export function platformMatches(wanted: Platform, candidate: Platform): boolean {
  const a = normalizePlatform(wanted)
  const b = normalizePlatform(candidate)
  return (
    a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? '')
  )
}

/** BuildKit attestation entries carry unknown/unknown: never a runnable image. */
export function isAttestationPlatform(p: Platform | undefined): boolean {
  return p?.os === 'unknown' || p?.architecture === 'unknown'
}
