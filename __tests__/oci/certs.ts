import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

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

/**
 * A test CA (openssl) and a server certificate it signs for `ip`, in `dir`:
 * ca.crt, srv.crt, srv.key. Returns the CA's PEM.
 */
export async function caSignedServerCert(
  dir: string,
  ip: string
): Promise<{ caPem: string; cert: string; key: string }> {
  const f = (name: string) => join(dir, name)
  selfSignedCert(f('ca.key'), f('ca.crt'), 'test-ca')
  execFileSync(
    'openssl',
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f('srv.key'),
      '-out',
      f('srv.csr'),
      '-subj',
      `/CN=${ip}`
    ],
    { stdio: 'ignore' }
  )
  await writeFile(f('ext.cnf'), `subjectAltName=IP:${ip}\n`)
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      f('srv.csr'),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f('srv.crt'),
      '-days',
      '2',
      '-extfile',
      f('ext.cnf')
    ],
    { stdio: 'ignore' }
  )
  return { caPem: await readFile(f('ca.crt'), 'utf8'), cert: f('srv.crt'), key: f('srv.key') }
}
