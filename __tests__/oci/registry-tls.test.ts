import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { RegistryClient, resolveImage } from '../../src/oci/index.js'
import { describeError } from '../../src/util/errors.js'
import { MemoryLogger } from '../../src/util/log.js'
import { caSignedServerCert } from './certs.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'

describeWithTools(['docker-registry', 'openssl', 'skopeo'], 'TLS registry with a custom CA', () => {
  let dir: string
  let reg: RunningRegistry
  let caPem: string

  beforeAll(async () => {
    dir = await tempDir('oci-tls-')
    const certs = await caSignedServerCert(dir, '127.0.0.1')
    caPem = certs.caPem
    reg = await startRegistry(dir, { tls: { certificate: certs.cert, key: certs.key } })
    const layout = join(dir, 'layout')
    execFileSync('umoci', ['init', '--layout', layout])
    // push with skopeo, trusting our CA through --dest-cert-dir
    const certDir = join(dir, 'certs')
    execFileSync('mkdir', ['-p', certDir])
    await writeFile(join(certDir, 'ca.crt'), caPem)
    execFileSync('umoci', ['new', '--image', `${layout}:v1`])
    execFileSync(
      'skopeo',
      ['copy', '--dest-cert-dir', certDir, `oci:${layout}:v1`, `docker://${reg.host}/tls/app:v1`],
      { stdio: 'pipe' }
    )
  })
  afterAll(async () => reg?.stop())

  const client = (ca?: string) =>
    new RegistryClient({
      plainHttp: () => false,
      retry: { attempts: 1 },
      ...(ca ? { ca } : {}),
      log: new MemoryLogger()
    })

  it('verifies the registry certificate against the custom CA', async () => {
    const c = client(caPem)
    const r = await resolveImage(`${reg.host}/tls/app:v1`, 'linux/amd64', {
      storeDir: join(dir, 's1'),
      client: c
    })
    const inspect = JSON.parse(
      execFileSync(
        'skopeo',
        ['inspect', '--cert-dir', join(dir, 'certs'), `docker://${reg.host}/tls/app:v1`],
        { encoding: 'utf8' }
      )
    ) as { Digest: string }
    expect(r.manifestDigest).toBe(inspect.Digest)
    await c.close()
  })

  it('without the CA the TLS error names the registry and its URL', async () => {
    const c = client()
    const err = await resolveImage(`${reg.host}/tls/app:v1`, 'linux/amd64', {
      storeDir: join(dir, 's2'),
      client: c
    }).catch((e: unknown) => e)
    expect(describeError(err)).toMatch(
      new RegExp(
        `cannot reach the registry ${reg.host} \\(https://${reg.host}/v2/\\): .*(self-signed|unable to verify|certificate)`,
        'i'
      )
    )
    await c.close()
  })
})
