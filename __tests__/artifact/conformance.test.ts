import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { readArtifact } from '../../src/artifact/index.js'
import { main } from '../../src/cli/program.js'
import { describeWithTools } from '../helpers/tools.js'
import { useFixture } from './corpus.js'
import { tarMembers } from './raw.js'
import { menderArtifact, realRead } from './real-tool.js'
import { END_OF_ARCHIVE, tarMember } from '../../src/artifact/tar-header.js'

/** Our CLI in-process: exit code, stdout, stderr. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write
  try {
    return { code: await main(argv), stdout, stderr }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex')

/**
 * Artifacts the real mender-artifact 3.9 writes in this run (rootfs-image,
 * signed and unsigned; a bootstrap artifact; meta-data mender-artifact
 * cannot print), read and validated by both tools.
 */
describeWithTools(['mender-artifact', 'openssl'], 'conformance with mender-artifact', () => {
  const fx = useFixture('mc-artifact-conf-')

  const write = (name: string, args: string[]): string => {
    const out = join(fx.dir, name)
    const r = menderArtifact(['write', ...args, '-o', out])
    if (r.status !== 0) throw new Error(`mender-artifact write ${name}: ${r.stderr}`)
    return out
  }
  const rootfs = (name: string, extra: string[] = []): string =>
    write(name, ['rootfs-image', '-f', fx.inp.p1, '-n', 'os-7.1', '-t', 'rpi4', ...extra])

  it('a rootfs-image (type-info type "") is read as mender-artifact reads it, unsigned and signed', async () => {
    const unsigned = rootfs('rootfs.mender')
    const signed = rootfs('rootfs-signed.mender', ['-k', fx.keys.ecdsa.key])
    const members = await tarMembers(await readFile(unsigned))
    expect(members.has('header.tar.gz')).toBe(true)

    const info = await readArtifact(unsigned)
    expect(info.payloadType).toBe('rootfs-image')
    expect(info.typeInfo.type).toBe('')
    expect(info.provides['rootfs-image.version']).toBe('os-7.1')
    expect((await cli('artifact', 'read', unsigned)).stdout).toBe(realRead(unsigned))
    expect((await cli('artifact', 'read', signed)).stdout).toBe(realRead(signed))
    expect((await cli('artifact', 'read', signed, '-k', fx.keys.ecdsa.pub)).stdout).toBe(
      realRead(signed, fx.keys.ecdsa.pub)
    )
    expect((await readArtifact(signed, { publicKey: fx.keys.ecdsa.pub })).signatureVerified).toBe(
      true
    )
  })

  it('an empty type-info type is accepted for rootfs-image only', async () => {
    const path = write('app.mender', [
      'module-image',
      '-T',
      'app',
      '-n',
      'a-1',
      '-t',
      'rpi4',
      '-f',
      fx.inp.p1,
      '--compression',
      'none'
    ])
    const m = [...(await tarMembers(await readFile(path)))].map(([n, x]) => [n, x.body] as const)
    const header = m.find(([n]) => n === 'header.tar')![1]
    const manifest = m.find(([n]) => n === 'manifest')![1]
    // the type-info's type (header-info, first in the tar, says it too); same
    // length and valid JSON, so the tar member sizes stay right
    const text = header.toString('latin1')
    const at = text.lastIndexOf('"type":"app"')
    const forged = Buffer.from(`${text.slice(0, at)}"type":""   ${text.slice(at + 12)}`, 'latin1')
    expect(forged.equals(header)).toBe(false)
    const rebuilt = m.map(([n, body]) => {
      if (n === 'header.tar') return [n, forged] as const
      if (n === 'manifest')
        return [n, Buffer.from(manifest.toString().replace(sha(header), sha(forged)))] as const
      return [n, body] as const
    })
    const bad = join(fx.dir, 'app-empty-type.mender')
    await writeFile(
      bad,
      Buffer.concat([...rebuilt.map(([name, body]) => tarMember({ name }, body)), END_OF_ARCHIVE])
    )
    await expect(readArtifact(bad)).rejects.toThrow(
      /invalid artifact .*app-empty-type\.mender: type-info type "" differs from header-info payload type "app"/
    )
  })

  it('validate: the real tool’s outcomes and exit codes', async () => {
    const unsigned = rootfs('v-unsigned.mender')
    const signed = rootfs('v-signed.mender', ['-k', fx.keys.ecdsa.key])
    const tampered = join(fx.dir, 'v-tampered.mender')
    const raw = await readFile(unsigned)
    raw[raw.length - 2048] = raw[raw.length - 2048]! ^ 0xff
    await writeFile(tampered, raw)

    const cases: [string, string[], number, RegExp][] = [
      ['unsigned, no key', [unsigned], 0, /validated successfully/],
      ['signed, right key', ['-k', fx.keys.ecdsa.pub, signed], 0, /validated successfully/],
      [
        'signed, no key',
        [signed],
        4,
        /invalid artifact .*v-signed\.mender: it is signed and no key was given to verify the signature \(mender-artifact: "missing verifier"\) \(give the public key with -k\)/
      ],
      ['signed, wrong key', ['-k', fx.keys.rsa.pub, signed], 4, /signature does not verify/],
      [
        'unsigned, a key given',
        ['-k', fx.keys.ecdsa.pub, unsigned],
        4,
        /expecting a signed artifact/
      ],
      ['tampered', [tampered], 4, /invalid artifact .*v-tampered\.mender/],
      ['missing file', [join(fx.dir, 'nope.mender')], 3, /cannot read artifact .*nope\.mender/]
    ]
    for (const [what, args, code, message] of cases) {
      const real = menderArtifact(['validate', ...args])
      expect(real.status, `mender-artifact validate, ${what}: ${real.stderr}`).toBe(code)
      const ours = await cli('artifact', 'validate', ...args)
      expect(ours.code, `ours, ${what}: ${ours.stderr}`).toBe(code)
      expect(`${ours.stdout}${ours.stderr}`, what).toMatch(message)
    }
    const real = menderArtifact(['validate', signed])
    expect(`${real.stdout}${real.stderr}`).toMatch(/missing verifier/)
  })

  it('read: a bootstrap artifact’s type prints as "Empty type", as mender-artifact prints it', async () => {
    const boot = write('boot.mender', ['bootstrap-artifact', '-n', 'boot-1', '-t', 'rpi4'])
    const ours = (await cli('artifact', 'read', boot)).stdout
    expect(ours).toMatch(/^ {4}Type: {3}Empty type$/m)
    expect(ours).toBe(realRead(boot))
  })

  it('read: meta-data mender-artifact cannot print is shown as JSON, and the help says so', async () => {
    const md = join(fx.dir, 'md.json')
    await writeFile(md, JSON.stringify({ ports: [{ host: 80, container: 8080 }] }))
    const path = write('md.mender', [
      'module-image',
      '-T',
      'app',
      '-n',
      'md-1',
      '-t',
      'rpi4',
      '-m',
      md
    ])
    expect(realRead(path)).toMatch(
      /Metadata: Invalid metadata section: ports: List cannot contain JSON object or list/
    )
    const ours = (await cli('artifact', 'read', path)).stdout
    expect(ours).toMatch(/"container": 8080/)
    const help = await cli('artifact', 'read', '--help')
    expect(help.stdout).toMatch(/Differences from mender-artifact read: meta-data with a list/)
  })
})
