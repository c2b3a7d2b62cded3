import { execFileSync } from 'node:child_process'

/** A self-signed certificate and its key made by the real openssl (2 days, RSA 2048). */
export function selfSignedCert(keyPath: string, certPath: string, commonName: string): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`
    ],
    { stdio: 'ignore' }
  )
}
