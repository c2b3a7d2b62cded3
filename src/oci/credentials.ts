import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { DOCKER_HUB_CREDENTIAL_KEY, DOCKER_HUB_DOMAIN, DOCKER_HUB_API_HOST } from './reference.js'

/** A registry credential: a password (or PAT) or an identity (refresh) token. */
export interface Credential {
  username: string
  password?: string
  identityToken?: string
}

/** Looks up the credential for a registry domain (as in the reference, e.g. docker.io). */
export type CredentialProvider = (registry: string) => Promise<Credential | undefined>

interface DockerConfig {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >
  credsStore?: string
  credHelpers?: Record<string, string>
}

/** Docker Hub's key is `https://index.docker.io/v1/`; others are host[:port] (getAuthConfigKey). */
export function credentialKey(registry: string): string {
  if (
    registry === DOCKER_HUB_DOMAIN ||
    registry === 'index.docker.io' ||
    registry === DOCKER_HUB_API_HOST
  ) {
    return DOCKER_HUB_CREDENTIAL_KEY
  }
  return registry
}

/** ConvertToHostname: legacy keys may be URLs (`https://host/v1/`). */
export function keyHostname(key: string): string {
  let k = key
  if (k.startsWith('http://')) k = k.slice(7)
  else if (k.startsWith('https://')) k = k.slice(8)
  const slash = k.indexOf('/')
  return slash < 0 ? k : k.slice(0, slash)
}

/** decodeAuth: base64("user:password"), split at the first ':' and NULs trimmed. */
export function decodeAuth(auth: string): { username: string; password: string } {
  const text = Buffer.from(auth, 'base64').toString('utf8')
  const i = text.indexOf(':')
  if (i < 0) throw new UserError('a Docker config "auth" entry is not base64 of user:password')
  return { username: text.slice(0, i), password: text.slice(i + 1).replace(/\0+$/, '') }
}

function entryToCredential(e: NonNullable<DockerConfig['auths']>[string]): Credential | undefined {
  let cred: Credential | undefined
  if (e.auth) cred = decodeAuth(e.auth)
  else if (e.username !== undefined) cred = { username: e.username, password: e.password ?? '' }
  if (e.identitytoken) cred = { username: cred?.username ?? '', identityToken: e.identitytoken }
  return cred?.username || cred?.password || cred?.identityToken ? cred : undefined
}

function findAuth(auths: DockerConfig['auths'], key: string): Credential | undefined {
  if (!auths) return undefined
  const exact = auths[key]
  if (exact) return entryToCredential(exact)
  const host = keyHostname(key)
  for (const [k, v] of Object.entries(auths)) {
    if (keyHostname(k) === host) return entryToCredential(v)
  }
  return undefined
}

/** Runs `docker-credential-<suffix> get` (docker-credential-helpers protocol) with a timeout. */
export async function runCredentialHelper(
  suffix: string,
  serverUrl: string,
  timeoutMs = 30_000
): Promise<Credential | undefined> {
  const program = `docker-credential-${suffix}`
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(
        new UserError(
          `cannot run the Docker credential helper ${program}: ${err.code ?? err.message}`,
          {
            hint: `install ${program} or remove it from credsStore/credHelpers in the Docker config`
          }
        )
      )
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (signal) {
        return reject(
          new UserError(`Docker credential helper ${program} timed out for ${serverUrl}`)
        )
      }
      if (code !== 0) {
        // "credentials not found in native keychain" means anonymous
        if (/credentials not found/i.test(stdout + stderr)) return resolve(undefined)
        // never echo the helper's stdout: it may hold a secret
        return reject(
          new UserError(
            `Docker credential helper ${program} failed for ${serverUrl} (exit ${code})`,
            {
              hint: stderr.trim().slice(0, 200) || undefined
            }
          )
        )
      }
      try {
        const parsed = JSON.parse(stdout) as { Username?: string; Secret?: string }
        if (!parsed.Username && !parsed.Secret) return resolve(undefined)
        if (parsed.Username === '<token>') {
          return resolve({ username: '<token>', identityToken: parsed.Secret ?? '' })
        }
        resolve({ username: parsed.Username ?? '', password: parsed.Secret ?? '' })
      } catch {
        reject(
          new UserError(`Docker credential helper ${program} printed something that is not JSON`)
        )
      }
    })
    child.stdin.on('error', () => {})
    child.stdin.end(serverUrl)
  })
}

export interface DockerCredentialOptions {
  env?: NodeJS.ProcessEnv
  /** Explicit credentials per registry domain (e.g. action inputs); win over the config. */
  explicit?: Record<string, Credential>
  log?: Logger
}

/** The Docker config folder: $DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json')
}

async function readDockerConfig(path: string): Promise<DockerConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new UserError(`cannot read the Docker config ${path}: ${(err as Error).message}`)
  }
  try {
    return JSON.parse(text) as DockerConfig
  } catch {
    throw new UserError(`the Docker config ${path} is not valid JSON`, {
      hint: 'fix or remove the file; docker login writes it'
    })
  }
}

/**
 * Credentials the way docker/cli finds them, so docker/login-action just works:
 * explicit inputs, DOCKER_AUTH_CONFIG, credHelpers[host], credsStore, then auths
 * (exact key, then hostname match), else anonymous.
 */
export function dockerCredentials(opts: DockerCredentialOptions = {}): CredentialProvider {
  const env = opts.env ?? process.env
  let configPromise: Promise<DockerConfig> | undefined
  const cache = new Map<string, Promise<Credential | undefined>>()
  const lookup = async (registry: string): Promise<Credential | undefined> => {
    const explicit = opts.explicit?.[registry]
    if (explicit) return explicit
    const key = credentialKey(registry)
    if (env.DOCKER_AUTH_CONFIG) {
      let envConfig: DockerConfig
      try {
        envConfig = JSON.parse(env.DOCKER_AUTH_CONFIG) as DockerConfig
      } catch {
        throw new UserError('DOCKER_AUTH_CONFIG is not valid JSON', {
          hint: 'it must be {"auths":{…}}'
        })
      }
      const c = findAuth(envConfig.auths, key)
      if (c) return c
    }
    configPromise ??= readDockerConfig(dockerConfigPath(env))
    const config = await configPromise
    const helper = config.credHelpers?.[registry] ?? config.credHelpers?.[key] ?? config.credsStore
    if (helper) {
      opts.log?.debug(`credentials for ${registry}: asking docker-credential-${helper}`)
      const c = await runCredentialHelper(helper, key)
      if (c) return c
    }
    return findAuth(config.auths, key)
  }
  return (registry) => {
    let p = cache.get(registry)
    if (!p) {
      p = lookup(registry)
      cache.set(registry, p)
    }
    return p
  }
}
