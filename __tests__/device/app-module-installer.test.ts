import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { MODULES_DIR, writeModuleArtifact } from '../../src/device/module-files.js'
import { MenderClient, describeOnRealDevice } from '../helpers/real-device.js'
import { tempDir } from '../helpers/tmp.js'

const run = promisify(execFile)
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex')

// The installer artifact goes through the real client and the stock
// single-file module. Its dest_dir is a temporary folder here: the default,
// the client's modules folder, holds the tests' dispatcher, which must stay.
describeOnRealDevice('the module installer artifact', () => {
  it('installs device/app with the stock single-file module; the client verifies its signature', async () => {
    const dir = await tempDir('mcd-inst-')
    const key = join(dir, 'key.pem')
    const pub = join(dir, 'pub.pem')
    await run('openssl', [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      key
    ])
    await run('openssl', ['pkey', '-in', key, '-pubout', '-out', pub])
    const dest = join(dir, 'modules')
    const signed = join(dir, 'signed.mender')
    const unsigned = join(dir, 'unsigned.mender')
    await writeModuleArtifact({
      output: signed,
      deviceTypes: ['dev'],
      destDir: dest,
      signingKey: key
    })
    await writeModuleArtifact({ output: unsigned, deviceTypes: ['dev'], destDir: dest })
    const client = await MenderClient.create({ dir, deviceType: 'dev', verifyKey: pub })

    const refused = await client.install(unsigned)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/signature/i)

    const r = await client.install(signed)
    expect(r.code, r.stderr).toBe(0)
    expect(await client.commit()).toMatchObject({ code: 0 })
    const installed = join(dest, 'app')
    expect(await readFile(installed, 'utf8')).toBe(await readFile('device/app', 'utf8'))
    expect((await stat(installed)).mode & 0o777).toBe(0o755)
    expect((await client.showProvides())['rootfs-image.mender-compose-app-module.version']).toMatch(
      /^\d+\.\d+\.\d+$/
    )

    // without --dest-dir the module lands where the client looks for modules
    const plain = join(dir, 'default.mender')
    await writeModuleArtifact({ output: plain, deviceTypes: ['dev'] })
    const { stdout } = await run('mender-artifact', ['read', plain])
    expect(stdout).toContain('Type:   single-file')
    const destSum = /name:\s+dest_dir[\s\S]*?checksum:\s+([0-9a-f]{64})/.exec(stdout)?.[1]
    expect(destSum).toBe(sha(MODULES_DIR))
    expect(MODULES_DIR).toBe('/usr/share/mender/modules/v3')
  }, 120_000)
})
