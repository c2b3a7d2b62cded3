import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { main } from '../../src/cli/program.js'
import { describeWithTools } from '../helpers/tools.js'
import { useFixture } from './corpus.js'
import { menderArtifact, realRead, sortScriptLines } from './real-tool.js'

/** Run our CLI in-process, capturing stdout and stderr. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write
  try {
    const code = await main(argv)
    return { code, stdout, stderr }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

describeWithTools(['mender-artifact', 'openssl'], 'mender-compose artifact CLI', () => {
  const fx = useFixture('mc-artifact-cli-')

  const flags = (): string[] => [
    '-T',
    'docker-compose',
    '-n',
    'web-2.1',
    '-t',
    'rpi4',
    '-t',
    'x86',
    '-f',
    fx.inp.p1,
    '-f',
    fx.inp.p2,
    '-f',
    fx.inp.empty,
    '-m',
    fx.inp.metaDataPath,
    '-p',
    'custom:1',
    '-d',
    'rootfs-image.version:os-7',
    '-N',
    'web-2.0',
    '-g',
    'prod',
    '-G',
    'prod',
    '-G',
    'beta',
    '-s',
    fx.inp.scripts[0]!,
    '--clears-provides',
    'foo.*',
    '--software-filesystem',
    'data-docker',
    '--software-name',
    'web',
    '-k',
    fx.keys.ecdsa.key
  ]

  it('write module-image takes mender-artifact’s flags and gives the same artifact', async () => {
    const ours = join(fx.dir, 'cli-ours.mender')
    const theirs = join(fx.dir, 'cli-theirs.mender')
    const r = await cli('artifact', 'write', 'module-image', ...flags(), '-o', ours)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`${ours}\n`)
    expect(menderArtifact(['write', 'module-image', ...flags(), '-o', theirs]).status).toBe(0)
    expect(realRead(ours, fx.keys.ecdsa.pub)).toBe(realRead(theirs, fx.keys.ecdsa.pub))
    expect(menderArtifact(['validate', '-k', fx.keys.ecdsa.pub, ours]).status).toBe(0)
  })

  it('a --software-version after an explicit -p of the same key wins, as in mender-artifact', async () => {
    for (const order of [
      ['-p', 'rootfs-image.app.version:from-p', '--software-version', 'from-flag'],
      ['--software-version', 'from-flag', '-p', 'rootfs-image.app.version:from-p']
    ]) {
      const args = ['-T', 'app', '-n', 'a', '-t', 'd', '-f', fx.inp.p1, ...order]
      const ours = join(fx.dir, 'order-ours.mender')
      const theirs = join(fx.dir, 'order-theirs.mender')
      expect((await cli('artifact', 'write', 'module-image', ...args, '-o', ours)).code).toBe(0)
      expect(menderArtifact(['write', 'module-image', ...args, '-o', theirs]).status).toBe(0)
      expect(realRead(ours)).toBe(realRead(theirs))
    }
  })

  it('read prints what mender-artifact read prints; --json gives the fields', async () => {
    const path = join(fx.dir, 'cli-ours.mender')
    const text = await cli('artifact', 'read', path, '-k', fx.keys.ecdsa.pub)
    expect(text.code).toBe(0)
    expect(sortScriptLines(text.stdout)).toBe(realRead(path, fx.keys.ecdsa.pub))
    const json = JSON.parse((await cli('artifact', 'read', path, '--json')).stdout) as Record<
      string,
      unknown
    >
    expect(json).toMatchObject({
      name: 'web-2.1',
      deviceTypes: ['rpi4', 'x86'],
      provides: { custom: '1', 'data-docker.web.version': 'web-2.1' },
      clearsProvides: ['foo.*', 'data-docker.web.*'],
      signed: true,
      signatureVerified: false
    })
  })

  it('validate accepts a good artifact and fails (exit 4, as mender-artifact) on a wrong key or tampering', async () => {
    const path = join(fx.dir, 'cli-ours.mender')
    const ok = await cli('artifact', 'validate', path, '-k', fx.keys.ecdsa.pub)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('validated successfully')
    const bad = await cli('artifact', 'validate', path, '-k', fx.keys.rsa.pub)
    expect(bad.code).toBe(4)
    expect(bad.stderr).toMatch(
      /error: invalid artifact .*cli-ours\.mender: the signature does not verify/
    )
  })

  it('bad flags are usage errors (exit 2); bad inputs are errors naming the field (exit 1)', async () => {
    const out = join(fx.dir, 'never.mender')
    const noColon = await cli(
      'artifact',
      'write',
      'module-image',
      '-T',
      'a',
      '-n',
      'a',
      '-t',
      'd',
      '-p',
      'nocolon',
      '-o',
      out
    )
    expect(noColon.code).toBe(2)
    expect(noColon.stderr).toMatch(
      /-p\/--provides "nocolon": argument must have a delimiting colon/
    )
    const missing = await cli('artifact', 'write', 'module-image', '-n', 'a', '-t', 'd', '-o', out)
    expect(missing.code).toBe(2)
    const compression = await cli(
      'artifact',
      'write',
      'module-image',
      '-T',
      'a',
      '-n',
      'a',
      '-t',
      'd',
      '--compression',
      'brotli',
      '-o',
      out
    )
    expect(compression.code).toBe(1)
    expect(compression.stderr).toMatch(/unknown compression "brotli"/)
    await writeFile(join(fx.dir, 'list.json'), '[1]')
    const md = await cli(
      'artifact',
      'write',
      'module-image',
      '-T',
      'a',
      '-n',
      'a',
      '-t',
      'd',
      '-m',
      join(fx.dir, 'list.json'),
      '-o',
      out
    )
    expect(md.code).toBe(1)
    expect(md.stderr).toMatch(/meta-data \(-m\) .*list\.json must hold a JSON object/)
    expect(menderArtifact(['read', out]).status).not.toBe(0) // nothing was written
  })
})
