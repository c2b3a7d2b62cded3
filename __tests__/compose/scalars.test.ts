import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { loadComposeProject } from '../../src/compose/load.js'
import { resolvedManifests } from '../../src/payload/manifests.js'
import { composeConfig, describeWithComposeReference } from '../helpers/compose-reference.js'
import { tempDir } from '../helpers/tmp.js'

/**
 * Scalars where YAML 1.2 (the yaml library's core schema) and go-yaml v3
 * (Compose) can differ: integers with a leading 0, `_`, `0b`, signs before a
 * prefix, past 2^53 and past 64 bits; floats; dates and date-times, valid or
 * not; YAML 1.1 booleans; and look-alikes that are strings in both.
 */
const SCALARS = [
  '0755',
  '-0755',
  '+0755',
  '0o755',
  '-0o17',
  '0x1F',
  '-0x1F',
  '+0x1f',
  '0X1F',
  '0b101',
  '-0b11',
  '0B11',
  '1_000',
  '0_755',
  '0x_ff',
  '1_0.5',
  '08',
  '09',
  '0',
  '00',
  '-0',
  '+12',
  '12345678901234567890',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551616',
  '0xFFFFFFFFFFFFFFFFF',
  '1.0',
  '1.5',
  '.5',
  '+.5',
  '-.5',
  '1e3',
  '1E3',
  '1e+3',
  '1.e3',
  '1.5e-3',
  '1e400',
  '1.2.3',
  '1:20',
  '2024-06-01',
  '2024-6-1',
  '2024-06-01T10:20:30Z',
  '2024-06-01t10:20:30.123456789123Z',
  '2024-06-01 10:20:30',
  '2024-06-01T10:20:30+02:00',
  '2024-06-01T10:20:30-05:30',
  '2024-02-30',
  '2024-13-01',
  '2024-06-01T25:00:00Z',
  '2024-06-01T10:20:30',
  '20240601',
  'on',
  'off',
  'yes',
  'no',
  'y',
  'n',
  'True',
  'TRUE',
  'true',
  'false',
  '~',
  'null',
  'NULL',
  '0x',
  '0b',
  '0o',
  '1_',
  '_1',
  '1__0',
  '1e',
  '.',
  '1,000',
  '192.168.1.1',
  '80:80',
  '1h30m',
  '1.0.0-rc1',
  '2024-06-01-x',
  '999999.0',
  '123456789.5',
  '1.5e-7',
  '1e21',
  '1e-5'
]

/**
 * Known to differ: a float with no fraction from 1e6 up is a number like any
 * other here, written as an integer, so the device's Compose prints it as one
 * (`1000000`) where Compose on the source prints Go's float (`1e+06`).
 */
const KNOWN: Record<string, { compose: string; device: string }> = {
  '1e6': { compose: '1e+06', device: '1000000' },
  '1000000.0': { compose: '1e+06', device: '1000000' }
}

/** services.app.environment of a model. */
function envOf(model: Record<string, unknown> | undefined): Record<string, string | null> {
  const services = model?.services as Record<string, { environment?: object }> | undefined
  return (services?.app?.environment ?? {}) as Record<string, string | null>
}

describeWithComposeReference(
  'scalars: the loader and the shipped file read as Compose reads them',
  () => {
    it('each scalar, plain and quoted, as an environment value', async () => {
      const dir = join(await tempDir('mc-scalars-'), 'p')
      await mkdir(dir, { recursive: true })
      const lines = [...SCALARS, ...Object.keys(KNOWN)].flatMap((s, i) => [
        `      P${i}: ${s}`,
        `      Q${i}: ${JSON.stringify(s)}`
      ])
      const text = [
        'services:',
        '  app:',
        '    image: app:1',
        '    environment:',
        ...lines,
        ''
      ].join('\n')
      await writeFile(join(dir, 'compose.yaml'), text)
      const ref = composeConfig({ cwd: dir, files: ['compose.yaml'] })
      if (!ref.ok) throw new Error(ref.error)
      const refEnv = envOf(ref.model)
      const project = await loadComposeProject({
        files: ['compose.yaml'],
        workingDirectory: dir,
        env: {}
      })
      const ourEnv = envOf(project.model) as Record<string, unknown>
      const shipped = join(dir, 'shipped')
      await mkdir(shipped)
      await writeFile(
        join(shipped, 'compose.yaml'),
        (await resolvedManifests(project, { applicationName: 'p' })).compose
      )
      const device = composeConfig({ cwd: shipped, files: ['compose.yaml'] })
      if (!device.ok) throw new Error(device.error)
      const deviceEnv = envOf(device.model)
      // the loader's value: the same text, or the same number (Go writes big floats with an exponent)
      const same = (ours: unknown, compose: string | null | undefined) =>
        ours === null
          ? compose === null
          : String(ours) === compose || (typeof ours === 'number' && Number(compose) === ours)
      const rows = [...SCALARS, ...Object.keys(KNOWN)].flatMap((scalar, i) =>
        [`P${i}`, `Q${i}`].map((key) => ({
          scalar: key.startsWith('P') ? scalar : JSON.stringify(scalar),
          compose: refEnv[key],
          device: deviceEnv[key],
          loader: same(ourEnv[key], refEnv[key])
        }))
      )
      const differ = rows.filter((r) => r.device !== r.compose || !r.loader)
      expect(differ).toEqual(
        Object.entries(KNOWN).map(([scalar, known]) => ({ scalar, ...known, loader: true }))
      )
    })
  }
)
