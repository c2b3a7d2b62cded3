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

/** `linux/arm64/v8` → {os, architecture, variant}; a bare arch means linux. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split('/')
  if (parts.some((p) => p === '') || parts.length > 3) {
    throw new UsageError(`invalid platform "${text}"`, {
      hint: 'write it as os/arch[/variant], e.g. linux/arm64 or linux/arm/v7'
    })
  }
  if (parts.length === 1) return { os: 'linux', architecture: parts[0]! }
  const [os, architecture, variant] = parts as [string, string, string?]
  return variant ? { os, architecture, variant } : { os, architecture }
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
