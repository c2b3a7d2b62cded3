/** Bearer tokens cached by (realm, service, scopes, identity) until shortly before expiry. */
export interface CachedToken {
  token: string
  expiresAt: number
}

/** Refresh this long before the server's expiry, so a request never carries a dying token. */
const MARGIN_MS = 30_000
/** The token spec (distribution's docs/spec/auth/token.md): a missing expires_in means 60 s. */
const DEFAULT_LIFETIME_S = 60

export function tokenExpiry(
  body: { expires_in?: number; issued_at?: string },
  receivedAt: number
): number {
  const lifetime =
    (typeof body.expires_in === 'number' && body.expires_in > 0
      ? body.expires_in
      : DEFAULT_LIFETIME_S) * 1000
  const issued = body.issued_at ? Date.parse(body.issued_at) : NaN
  // a skewed issued_at from the server's clock must not make the token look expired
  const start =
    Number.isFinite(issued) && Math.abs(issued - receivedAt) < 5 * 60_000 ? issued : receivedAt
  // a short-lived token keeps at least half of its life
  return start + Math.max(lifetime - MARGIN_MS, lifetime / 2)
}

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>()
  constructor(private readonly now: () => number = Date.now) {}

  static key(realm: string, service: string, scopes: string[], identity: string): string {
    return JSON.stringify([realm, service, [...scopes].sort(), identity])
  }

  get(key: string): string | undefined {
    const t = this.tokens.get(key)
    if (!t) return undefined
    if (t.expiresAt <= this.now()) {
      this.tokens.delete(key)
      return undefined
    }
    return t.token
  }

  set(key: string, token: CachedToken): void {
    this.tokens.set(key, token)
  }

  delete(key: string): void {
    this.tokens.delete(key)
  }
}
