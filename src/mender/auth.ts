import { UserError } from '../util/errors.js'
import type { MenderHttp } from './http.js'

export type Credentials =
  { token: string } | { username: string; password: string; twoFactorCode?: string }

/** A human label for the credential, used in 401 messages (never the secret itself). */
export function describeCredentials(c: Credentials, tokenSource = 'the access token'): string {
  return 'token' in c ? tokenSource : `the user name and password of ${c.username}`
}

/**
 * Sets `http.token`: a PAT as is, or the JWT from one login (Basic auth),
 * reused for the whole run. Logging in on every call would also push the
 * user's browser sessions out (the server keeps only the newest 10).
 */
export async function authenticate(http: MenderHttp, c: Credentials): Promise<void> {
  if ('token' in c) {
    const token = c.token.trim()
    if (!token) throw new UserError(`No access token for Mender server ${http.serverUrl}`)
    http.secrets.add(token)
    http.token = token
    return
  }
  http.secrets.add(c.password)
  http.secrets.add(c.twoFactorCode)
  const basic = Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')
  http.secrets.add(basic)
  const answer = await http.retrying('login', () =>
    http.send('POST', '/api/management/v1/useradm/auth/login', {
      auth: false,
      headers: { authorization: `Basic ${basic}`, accept: 'application/jwt' },
      ...(c.twoFactorCode ? { json: { token2fa: c.twoFactorCode } } : {})
    })
  )
  // The body is the raw JWT (application/jwt), not JSON.
  const jwt = answer.text.trim().replace(/^"|"$/g, '')
  if (!jwt) throw new UserError(`Mender server ${http.serverUrl} answered the login with no token`)
  http.secrets.add(jwt)
  http.token = jwt
}
