import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { main } from '../../src/cli/program.js'
import { MODULE_VERSION } from '../../src/device/module-files.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'

const run = promisify(execFile)
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex')

/** mender-artifact read's payload files: name → checksum. */
function checksums(readOutput: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of readOutput.matchAll(/name:\s+(\S+)[\s\S]*?checksum:\s+([0-9a-f]{64})/g))
    out[m[1]!] = m[2]!
  return out
}

describeWithTools(['mender-artifact', 'openssl'], 'mender-compose device-module', () => {
  it('--output writes device/app, executable', async () => {
    const dir = await tempDir()
    expect(await main(['device-module', '--output', dir])).toBe(0)
    const written = join(dir, 'app')
    expect(await readFile(written, 'utf8')).toBe(await readFile('device/app', 'utf8'))
    expect((await stat(written)).mode & 0o777).toBe(0o755)
  })

  it('--artifact writes a single-file artifact for the modules folder, read back by mender-artifact', async () => {
    const dir = await tempDir()
    const art = join(dir, 'module.mender')
    expect(await main(['device-module', '--artifact', art, '--device-type', 'pi4'])).toBe(0)
    const { stdout } = await run('mender-artifact', ['read', art])
    expect(stdout).toContain('Type:   single-file')
    expect(stdout).toContain(`Name: mender-compose-app-module-${MODULE_VERSION}`)
    expect(stdout).toContain("Compatible devices: '[pi4]'")
    expect(stdout).toContain(`rootfs-image.mender-compose-app-module.version: ${MODULE_VERSION}`)
    expect(checksums(stdout)).toEqual({
      dest_dir: sha('/usr/share/mender/modules/v3'),
      filename: sha('app'),
      permissions: sha('755'),
      app: sha(await readFile('device/app'))
    })
  })

  it('--signing-key signs it: mender-artifact verifies with the public key, refuses another', async () => {
    const dir = await tempDir()
    const key = join(dir, 'key.pem')
    const pub = join(dir, 'pub.pem')
    const other = join(dir, 'other.pem')
    await run('openssl', [
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-out',
      key
    ])
    await run('openssl', ['pkey', '-in', key, '-pubout', '-out', pub])
    await run('openssl', [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      other
    ])
    await run('openssl', ['pkey', '-in', other, '-pubout', '-out', `${other}.pub`])
    const art = join(dir, 'signed.mender')
    const argv = ['device-module', '--artifact', art, '--device-type', 'a', '--device-type', 'b']
    expect(await main([...argv, '--signing-key', key, '--dest-dir', '/opt/m'])).toBe(0)
    await run('mender-artifact', ['validate', '-k', pub, art])
    await expect(run('mender-artifact', ['validate', '-k', `${other}.pub`, art])).rejects.toThrow()
    const { stdout } = await run('mender-artifact', ['read', '-k', pub, art])
    expect(stdout).toContain('Signature: signed and verified correctly')
    expect(checksums(stdout).dest_dir).toBe(sha('/opt/m'))
  })

  it('usage errors: neither --output nor --artifact; --artifact without --device-type', async () => {
    expect(await main(['device-module'])).toBe(2)
    expect(await main(['device-module', '--artifact', '/tmp/x.mender'])).toBe(2)
  })
})
