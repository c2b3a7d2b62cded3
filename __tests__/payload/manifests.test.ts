import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { manifestFiles } from '../../src/payload/index.js'
import { manifestEntries } from '../../src/payload/manifests.js'
import { writeTar } from '../../src/payload/tar-write.js'
import { UserError } from '../../src/util/errors.js'
import { tempDir } from '../helpers/tmp.js'

const run = promisify(execFile)

async function project(files: Record<string, string>): Promise<string> {
  const dir = join(await tempDir(), 'proj')
  for (const [f, text] of Object.entries(files)) {
    await mkdir(join(dir, f, '..'), { recursive: true })
    await writeFile(join(dir, f), text)
  }
  return dir
}

describe('manifests: compose files and the files they need on the device', () => {
  it('collects .env, env_file, configs, secrets and extends inside the project', async () => {
    const dir = await project({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: web:1',
        '    env_file: [web.env, {path: opt.env, required: false}]',
        '    extends: {file: base/common.yaml, service: x}',
        'configs:',
        '  nginx: {file: ./conf/nginx.conf}',
        'secrets:',
        '  key: {file: secrets/key.txt}'
      ].join('\n'),
      'base/common.yaml': 'services:\n  x:\n    env_file: ../shared.env\n',
      '.env': 'TAG=1\n',
      'web.env': 'A=1\n',
      'shared.env': 'B=2\n',
      'conf/nginx.conf': 'events {}\n',
      'secrets/key.txt': 'k\n',
      'unrelated.txt': 'not shipped\n'
    })
    const files = await manifestFiles({ projectDirectory: dir, composeFiles: ['compose.yaml'] })
    expect(files).toEqual([
      '.env',
      'base/common.yaml',
      'compose.yaml',
      'conf/nginx.conf',
      'secrets/key.txt',
      'shared.env',
      'web.env'
    ])
    const out = join(dir, '..', 'm.tar.gz')
    await writeTar(out, manifestEntries(dir, files), { gzip: true })
    const { stdout } = await run('tar', ['-tzf', out])
    expect(stdout.split('\n')).toContain('manifests/conf/nginx.conf')
    expect(stdout.split('\n')).toContain('manifests/.env')
    expect(stdout.split('\n')).toContain('manifests/conf/')
    expect(stdout).not.toContain('unrelated')
  })

  it('reads every document of a multi-document compose file, with !reset tags', async () => {
    const dir = await project({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: web:1',
        '    env_file: web.env',
        '---',
        'services:',
        '  web:',
        '    ports: !reset []',
        'configs:',
        '  nginx: {file: ./conf/nginx.conf}'
      ].join('\n'),
      'web.env': 'A=1\n',
      'conf/nginx.conf': 'events {}\n'
    })
    const files = await manifestFiles({ projectDirectory: dir, composeFiles: ['compose.yaml'] })
    expect(files).toEqual(['compose.yaml', 'conf/nginx.conf', 'web.env'])
  })

  it('refuses a referenced file outside the project folder, naming it', async () => {
    const dir = await project({
      'compose.yaml': 'services:\n  web:\n    image: w\n    env_file: ../outside.env\n'
    })
    await writeFile(join(dir, '..', 'outside.env'), 'X=1\n')
    const err = await manifestFiles({
      projectDirectory: dir,
      composeFiles: ['compose.yaml']
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toMatch(
      /services\.web\.env_file.*outside\.env.*outside the project folder/
    )
  })

  it('refuses an absolute config path outside and a missing file', async () => {
    const dir = await project({ 'compose.yaml': 'configs:\n  c: {file: /etc/hostname}\n' })
    await expect(
      manifestFiles({ projectDirectory: dir, composeFiles: ['compose.yaml'] })
    ).rejects.toThrow(/configs\.c\.file.*outside the project folder/)
    const dir2 = await project({ 'compose.yaml': 'services:\n  a:\n    env_file: gone.env\n' })
    await expect(
      manifestFiles({ projectDirectory: dir2, composeFiles: ['compose.yaml'] })
    ).rejects.toThrow(/gone\.env, which does not exist/)
  })
})
