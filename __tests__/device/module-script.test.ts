import { execFile } from 'node:child_process'
import { readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { MODULE_SCRIPT, MODULE_VERSION } from '../../src/device/module-files.js'
import { tempDir } from '../helpers/tmp.js'
import { describeWithTools } from '../helpers/tools.js'

const run = promisify(execFile)
const MODULE = 'device/app'

/** The shell scripts under device/: device/app and any *.sh. */
async function deviceScripts(): Promise<string[]> {
  const names = await readdir('device')
  const out: string[] = []
  for (const n of names) {
    const text = await readFile(join('device', n), 'utf8').catch(() => '')
    if (n.endsWith('.sh') || text.startsWith('#!/bin/sh')) out.push(join('device', n))
  }
  return out.sort()
}

describeWithTools(['shellcheck', 'dash', 'busybox', 'jq'], 'the device module script', () => {
  it('is shellcheck clean as POSIX sh', async () => {
    const scripts = await deviceScripts()
    expect(scripts).toContain(MODULE)
    const r = await run('shellcheck', ['-s', 'sh', ...scripts]).catch((e: { stdout: string }) => e)
    expect('stdout' in r ? r.stdout : '').toBe('')
  })

  it('shellcheck finds a bashism in a copy with one (the check can fail)', async () => {
    const dir = await tempDir()
    const copy = join(dir, 'app')
    await writeFile(copy, MODULE_SCRIPT.replace('main "$@"', '[[ -n "$1" ]] && main "$@"'))
    await expect(run('shellcheck', ['-s', 'sh', copy])).rejects.toMatchObject({
      stdout: expect.stringContaining('SC3010')
    })
  })

  for (const shell of [['dash'], ['busybox', 'sh']])
    it(`passes its self-checks under ${shell.join(' ')}`, async () => {
      const { stdout } = await run(shell[0]!, [...shell.slice(1), MODULE, 'SelfTest'])
      expect(stdout).toContain('self-test passed')
      const v = await run(shell[0]!, [...shell.slice(1), MODULE, 'Version'])
      expect(v.stdout.trim()).toBe(MODULE_VERSION)
      for (const [q, a] of [
        ['SupportsRollback', 'Yes'],
        ['NeedsArtifactReboot', 'No']
      ] as const) {
        const r = await run(shell[0]!, [...shell.slice(1), MODULE, q])
        expect(r.stdout).toBe(`${a}\n`)
      }
    })

  it('refuses an artifact of another orchestrator with a clear message', async () => {
    const dir = await tempDir()
    const files = join(dir, 'tree')
    await run('mkdir', ['-p', join(files, 'header'), join(files, 'files')])
    await writeFile(
      join(files, 'header', 'meta-data'),
      JSON.stringify({ application_name: 'a', orchestrator: 'k8s', platform: 'x', version: '1.0' })
    )
    const conf = join(dir, 'conf')
    await writeFile(conf, `STORE_DIR=${join(dir, 'store')}\n`)
    for (const shell of [['dash'], ['busybox', 'sh']]) {
      const r = await run(shell[0]!, [...shell.slice(1), MODULE, 'ArtifactInstall', files], {
        env: { ...process.env, MENDER_COMPOSE_CONF: conf }
      }).catch((e: { code: number; stderr: string }) => e)
      expect(r).toMatchObject({
        code: 1,
        stderr: expect.stringContaining(
          'the artifact\'s orchestrator is "k8s"; this module runs docker-compose applications only'
        )
      })
    }
  })
})

it('the CLI bundles the script as device/app is (src/device/module-script.ts is fresh)', async () => {
  expect(MODULE_SCRIPT).toBe(await readFile(MODULE, 'utf8'))
  expect(MODULE_SCRIPT).toContain(`\nMODULE_VERSION=${MODULE_VERSION}\n`)
  expect((await stat(MODULE)).mode & 0o111).toBe(0o111)
})
