import { generateKeyPairSync } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pack } from 'tar-stream'
import { afterAll, beforeAll, expect } from 'vitest'
import { freePort } from '../helpers/ports.js'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { makeImage, Pusher } from '../oci/fixtures.js'
import { errorLine, faultCase, runCli } from './table.js'

/** A tar whose entries are given raw: names and links a hostile archive holds. */
async function hostileTar(
  path: string,
  entries: { name: string; linkname?: string; type?: 'symlink' | 'link' }[]
): Promise<void> {
  const p = pack()
  const chunks: Buffer[] = []
  p.on('data', (c: unknown) => chunks.push(c as Buffer))
  const done = new Promise<void>((r) => p.on('end', () => r()))
  for (const e of entries) {
    if (e.linkname) p.entry({ name: e.name, type: e.type ?? 'symlink', linkname: e.linkname })
    else p.entry({ name: e.name }, Buffer.from('x'))
  }
  p.finalize()
  await done
  await writeFile(path, Buffer.concat(chunks))
}

const pem = (type: 'ed25519' | 'ec', opts: object = {}): string =>
  generateKeyPairSync(
    type as 'ec',
    {
      ...opts,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' }
    } as never
  ).privateKey as unknown as string

/** Hostile inputs: names, keys, archives and compose files given to the CLI. */
export function inputCases(): void {
  let dir: string
  let reg: RunningRegistry
  let compose: string
  let env: Record<string, string>
  let n = 0

  beforeAll(async () => {
    dir = await tempDir('faults-inputs-')
    reg = await startRegistry(dir)
    await new Pusher(reg.url).image('app/one', 'v1', await makeImage({ layerSizes: [30_000] }))
    compose = join(dir, 'compose.yaml')
    await writeFile(compose, `services:\n  app:\n    image: ${reg.host}/app/one:v1\n`)
    env = { HOME: dir }
  }, 60_000)
  afterAll(async () => {
    await reg?.stop()
  })

  const build = (artifactName: string, extra: string[] = [], file = compose) => {
    const out = join(dir, `out-${++n}`, 'a', 'b')
    const args = ['build', '-f', file, '--artifact-name', artifactName, '--device-type', 'pi']
    args.push('--platform', 'linux/amd64', '--output-dir', out, '--cache-dir', join(dir, 'cache'))
    return runCli([...args, '--no-upload', ...extra], { env, cwd: dir }).then((r) => ({ r, out }))
  }

  faultCase('input: artifact name ../../escaped-name', 'works', async () => {
    const { r, out } = await build('../../escaped-name')
    expect(r.code, r.stderr).toBe(0)
    // everything stays inside the output folder; nothing two folders up
    expect((await readdir(out)).sort()).toEqual([
      '_.._escaped-name.json',
      '_.._escaped-name.mender'
    ])
    expect(await readdir(join(out, '..', '..'))).toEqual(['a'])
    return 'works'
  })

  faultCase('input: artifact name a/b (no subfolder)', 'works', async () => {
    const { r, out } = await build('a/b')
    expect(r.code, r.stderr).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['a_b.json', 'a_b.mender'])
    return 'works'
  })

  faultCase('input: artifact name with shell characters', 'works', async () => {
    const { r, out } = await build('app;touch${IFS}pwned$(touch${IFS}pwned)`touch${IFS}pwned`')
    expect(r.code, r.stderr).toBe(0)
    expect(existsSync(join(dir, 'pwned'))).toBe(false)
    expect(await readdir(out)).toHaveLength(2)
    return 'works'
  })

  faultCase('input: artifact name with a newline (build)', 'clear error', async () => {
    const { r } = await build('x\n::error::forged')
    expect(r.code).toBe(2)
    expect(errorLine(r)).toMatch(
      /--artifact-name' must be .* without spaces or control characters, got "x\\n::error::forged"/
    )
    expect(r.stderr).not.toMatch(/^::error::forged/m)
    return 'clear error'
  })

  faultCase('input: artifact name with a newline (deploy)', 'clear error', async () => {
    const r = await runCli(['deploy', '--artifact-name', 'x\n::error::forged', '--all-devices'], {
      env: {
        ...env,
        MENDER_SERVER_URL: `http://127.0.0.1:${await freePort()}`,
        MENDER_ACCESS_TOKEN: 'pat-0123456789'
      }
    })
    expect(r.code).toBe(2)
    expect(errorLine(r)).toMatch(/--artifact-name must be/)
    expect(r.stderr + r.stdout).not.toMatch(/^::error::forged/m)
    return 'clear error'
  })

  // keys the writer cannot use: refused before any registry is asked (the compose file
  // names a registry that refuses connections, so a late check would say that instead)
  const keyCases: [string, () => Promise<string>, RegExp][] = [
    ['ed25519', async () => pem('ed25519'), /is a ed25519 key; only RSA and ECDSA P-256/],
    [
      'ECDSA P-384',
      async () => pem('ec', { namedCurve: 'secp384r1' }),
      /curve secp384r1; only P-256/
    ],
    [
      'encrypted',
      async () =>
        generateKeyPairSync('ec', {
          namedCurve: 'prime256v1',
          privateKeyEncoding: {
            type: 'pkcs8',
            format: 'pem',
            cipher: 'aes-256-cbc',
            passphrase: 'pw'
          },
          publicKeyEncoding: { type: 'spki', format: 'pem' }
        }).privateKey,
      /is an encrypted private key/
    ],
    [
      'malformed',
      async () => '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n',
      /is not a PEM private key/
    ],
    ['missing', async () => '', /does not exist/],
    ['a folder', async () => '/', /is a folder, not a key file/]
  ]
  for (const [what, make, message] of keyCases) {
    faultCase(`input: signing key ${what}`, 'clear error', async () => {
      const port = await freePort()
      const file = join(dir, `late-${port}.yaml`)
      await writeFile(file, `services:\n  app:\n    image: 127.0.0.1:${port}/app/one:v1\n`)
      const content = await make()
      const key =
        what === 'missing'
          ? join(dir, 'no-such.pem')
          : what === 'a folder'
            ? dir
            : join(dir, `key-${port}.pem`)
      if (content && content !== '/') await writeFile(key, content)
      const { r } = await build('signed', ['--signing-key', key], file)
      const line = errorLine(r)
      expect(line).toContain(`--signing-key' ${key}`)
      expect(line).toMatch(message)
      return 'clear error'
    })
  }

  faultCase('input: YAML bomb in the compose file', 'clear error', async () => {
    const file = join(dir, 'bomb.yaml')
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i)
      const cur = String.fromCharCode(97 + i)
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`)
    }
    await writeFile(
      file,
      `x-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\nservices:\n  app:\n    image: ${reg.host}/app/one:v1\n`
    )
    const { r } = await build('bomb', [], file)
    expect(errorLine(r)).toMatch(/bomb\.yaml.*(alias|too many|excessive)/i)
    expect(r.seconds).toBeLessThan(10)
    return 'clear error'
  })

  for (const [what, entries] of [
    ['an entry ../../escape', [{ name: '../../escape.txt' }]],
    [
      'a symlink out of the folder',
      [{ name: 'evil', linkname: '/etc/passwd' }, { name: 'evil/x' }]
    ],
    [
      'a hard link out of the folder',
      [{ name: 'evil', linkname: '../../../etc/passwd', type: 'link' as const }]
    ]
  ] as const) {
    faultCase(`input: docker archive with ${what}`, 'clear error', async () => {
      const tar = join(dir, `evil-${++n}.tar`)
      await hostileTar(tar, [...entries])
      const out = join(dir, `evil-out-${n}`)
      await mkdir(out)
      const r = await runCli(
        [
          'image',
          'pull',
          `docker-archive:${tar}`,
          '--output',
          out,
          '--store',
          join(dir, 'store'),
          '--platform',
          'linux/amd64'
        ],
        { env }
      )
      expect(errorLine(r)).toMatch(/escapes the archive folder|link/)
      expect(existsSync(join(dir, 'escape.txt'))).toBe(false)
      // nothing half-unpacked stays behind
      expect(
        (await readdir(join(dir, 'store', 'tmp'))).filter((f) => f.startsWith('archive-'))
      ).toEqual([])
      return 'clear error'
    })
  }

  faultCase(
    'scale: 1000 services on one image, 1024 open files',
    'works',
    async () => {
      const file = join(dir, 'many.yaml')
      const services = Array.from(
        { length: 1000 },
        (_, i) => `  s${i}:\n    image: ${reg.host}/app/one:v1\n`
      )
      await writeFile(file, `services:\n${services.join('')}`)
      const out = join(dir, `out-many`)
      const r = await runCli(
        [
          'build',
          '-f',
          file,
          '--artifact-name',
          'many',
          '--device-type',
          'pi',
          '--platform',
          'linux/amd64',
          '--output-dir',
          out,
          '--cache-dir',
          join(dir, 'cache-many'),
          '--no-upload'
        ],
        { env, cwd: dir, openFiles: 1024, timeoutMs: 300_000 }
      )
      expect(
        r.stderr
          .split('\n')
          .filter((l) => /EMFILE|^error/.test(l))
          .slice(0, 3)
      ).toEqual([])
      expect(r.code, r.stderr.slice(-500)).toBe(0)
      return 'works'
    },
    300_000
  )
}
