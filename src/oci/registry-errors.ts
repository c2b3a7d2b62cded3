import { UserError } from '../util/errors.js'
import { HttpError } from '../util/http-errors.js'

/** The registry's `{"errors":[{code,message}]}` body, in one line. */
export function registryErrorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] }
    if (Array.isArray(parsed.errors) && parsed.errors.length) {
      return parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ')
    }
  } catch {
    // not JSON: fall through
  }
  return body.trim().slice(0, 200)
}

/**
 * Final (not retried) answers worded for the user: which repository, and
 * what to check. 401 after a fresh token means "no access or no such
 * repository": registries do not tell the two apart.
 */
export function registryUserError(
  err: HttpError,
  what: string,
  repo: string,
  authenticated: boolean
): UserError | HttpError {
  const detail = registryErrorText(err.body)
  const suffix = detail ? ` (${detail})` : ''
  switch (err.status) {
    case 401:
      return new UserError(`${repo}: not authorized to pull ${what}${suffix}`, {
        cause: err,
        hint: authenticated
          ? 'the credentials were refused, or the repository does not exist or they cannot read it; check the name and the login'
          : 'the repository does not exist or needs a login: log in with docker/login-action (or docker login), or check the name'
      })
    case 403:
      return new UserError(`${repo}: access to ${what} denied${suffix}`, {
        cause: err,
        hint: 'the login works but has no pull permission on this repository (e.g. GITHUB_TOKEN needs packages: read)'
      })
    case 404:
      return new UserError(`${repo}: ${what} not found${suffix}`, {
        cause: err,
        hint: 'check the repository name, the tag or digest, and that the image was pushed'
      })
    case 429:
      return new UserError(
        `${repo}: the registry keeps answering 429 Too Many Requests for ${what}${suffix}`,
        {
          cause: err,
          hint: 'the pull rate limit is reached; log in (Docker Hub limits anonymous pulls) or retry later'
        }
      )
    default:
      return err
  }
}
