import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { UserError } from '../util/errors.js'

/**
 * Manifest signing as mender-artifact does it: RSA PKCS#1 v1.5 over SHA-256,
 * or ECDSA P-256 over SHA-256 serialised as raw 64-byte r‖s (not DER); the
 * `manifest.sig` content is standard base64 with padding and no newline.
 */
export interface ManifestSigner {
  kind: 'rsa' | 'ecdsa'
  /** Length of the base64 signature, known before signing (the writer lays out the file first). */
  signatureLength: number
  sign(manifest: Buffer): string
}

function describeKeySource(source: string): string {
  return source.startsWith('-----') ? 'the signing key' : `signing key ${source}`
}

function checkKind(key: KeyObject, what: string): 'rsa' | 'ecdsa' {
  if (key.asymmetricKeyType === 'rsa') return 'rsa'
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve
    if (curve !== 'prime256v1')
      throw new UserError(`${what} is an ECDSA key on curve ${curve}; only P-256 is supported`, {
        hint: 'create one with: openssl ecparam -name prime256v1 -genkey -noout -out key.pem'
      })
    return 'ecdsa'
  }
  throw new UserError(
    `${what} is a ${key.asymmetricKeyType} key; only RSA and ECDSA P-256 are supported`
  )
}

/** A signer from PEM text (PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY` or PKCS#8 `PRIVATE KEY`). */
export function createSigner(pem: string, source = 'the signing key'): ManifestSigner {
  let key: KeyObject
  try {
    key = createPrivateKey({ key: pem, format: 'pem' })
  } catch (err) {
    throw new UserError(`${source} is not a PEM private key: ${(err as Error).message}`, {
      hint: 'give an unencrypted PEM key: RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY',
      cause: err
    })
  }
  const kind = checkKind(key, source)
  if (kind === 'ecdsa')
    return {
      kind,
      signatureLength: 88,
      sign: (m) => sign('sha256', m, { key, dsaEncoding: 'ieee-p1363' }).toString('base64')
    }
  const bytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8)
  return {
    kind,
    signatureLength: 4 * Math.ceil(bytes / 3),
    sign: (m) => sign('sha256', m, key).toString('base64')
  }
}

/**
 * Checks a signing key before any work starts: a key the writer would refuse
 * at the Package stage (ed25519, P-384, encrypted, not PEM) is refused here,
 * named by the input or flag `field` it came from.
 */
export function checkSigningKey(pem: string, field: string): void {
  if (/^Proc-Type:\s*4,ENCRYPTED/m.test(pem) || /-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem))
    throw new UserError(`${field} is an encrypted private key`, {
      hint: 'sign with an unencrypted key kept in a secret (openssl pkey -in key.pem -out plain.pem)'
    })
  createSigner(pem, field)
}

/** PEM text from a file, with an error that says which key could not be read. */
export async function readPemFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw new UserError(`cannot read ${what} ${path}: ${(err as Error).message}`, { cause: err })
  }
}

export async function loadSigner(
  spec: { pem: string } | { path: string }
): Promise<ManifestSigner> {
  if ('pem' in spec) return createSigner(spec.pem)
  return createSigner(await readPemFile(spec.path, 'signing key'), describeKeySource(spec.path))
}

/** A verification key from PEM: PKIX `PUBLIC KEY`, PKCS#1 `RSA PUBLIC KEY`, or a private key. */
export function parsePublicKey(pem: string, source = 'the verification key'): KeyObject {
  let key: KeyObject
  try {
    key = createPublicKey({ key: pem, format: 'pem' })
  } catch (err) {
    throw new UserError(`${source} is not a PEM public key: ${(err as Error).message}`, {
      cause: err
    })
  }
  checkKind(key, source)
  return key
}

/**
 * Verify `manifest.sig` (base64) over the manifest bytes. ECDSA signatures are
 * accepted as raw r‖s (what mender-artifact writes) and as DER (what HSMs make,
 * accepted by mender-artifact since 3.11.3).
 */
export function verifyManifestSignature(
  manifest: Buffer,
  signatureBase64: string,
  key: KeyObject
): boolean {
  const text = signatureBase64.trim()
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return false
  const sig = Buffer.from(text, 'base64')
  try {
    if (key.asymmetricKeyType !== 'ec') return verify('sha256', manifest, key, sig)
    const dsaEncoding = sig.length === 64 ? 'ieee-p1363' : 'der'
    return verify('sha256', manifest, { key, dsaEncoding }, sig)
  } catch {
    return false // malformed signature bytes (e.g. broken DER)
  }
}
