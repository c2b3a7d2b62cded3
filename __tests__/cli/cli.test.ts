import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VERSION } from '../../src/version.js'

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/cli/index.js', ...args], { encoding: 'utf8' })

describe('mender-compose CLI (bundled)', () => {
  it('--version prints the package version', () => {
    const r = cli('--version')
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toBe(VERSION)
  })

  it('--help lists the subcommands and exits 0', () => {
    const r = cli('--help')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Usage: mender-compose')
    expect(r.stdout).toContain('demo')
  })

  it('an unknown command is a usage error: exit 2, one line on stderr', () => {
    const r = cli('frobnicate')
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')[0]).toMatch(/unknown command 'frobnicate'/)
  })

  it('device-module --output writes the bundled module, equal to device/app', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-cli-'))
    const r = cli('device-module', '--output', dir)
    expect(r.status).toBe(0)
    expect(readFileSync(join(dir, 'app'), 'utf8')).toBe(readFileSync('device/app', 'utf8'))
  })

  it('no arguments prints help and exits 2', () => {
    expect(cli().status).toBe(2)
  })
})
