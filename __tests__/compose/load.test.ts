import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadComposeProject } from '../../src/compose/load.js'
import { UserError } from '../../src/util/errors.js'
import type { Logger, SourceLocation } from '../../src/util/log.js'
import { tempDir } from '../helpers/tmp.js'
import { CASES, valueAt } from './cases.js'
import { CONFORMANCE } from './conformance-cases.js'
import { materialize } from './materialize.js'

export class WhereLogger implements Logger {
  readonly warnings: { message: string; where: SourceLocation | undefined }[] = []
  readonly infos: string[] = []
  debug(): void {}
  info(m: string): void {
    this.infos.push(m)
  }
  warn(message: string, where?: SourceLocation): void {
    this.warnings.push({ message, where })
  }
}

describe('loadComposeProject: table of real-world compose projects', async () => {
  const base = await tempDir('mc-compose-')
  it.each([...CASES, ...CONFORMANCE].map((c, i) => [c.name, c, i] as const))(
    '%s',
    async (_name, c, i) => {
      const root = join(base, String(i))
      await materialize(root, c.tree)
      const log = new WhereLogger()
      const load = () =>
        loadComposeProject({
          ...(c.files && { files: c.files }),
          ...(c.projectDirectory && { projectDirectory: c.projectDirectory }),
          ...(c.profiles && { profiles: c.profiles }),
          env: c.env ?? {},
          workingDirectory: join(root, c.cwd ?? ''),
          log
        })
      if (c.error) {
        const err = await load().then(
          () => undefined,
          (e: unknown) => e
        )
        expect(err).toBeInstanceOf(UserError)
        const text = `${(err as UserError).message} ${(err as UserError).hint ?? ''}`
        expect(text).toMatch(c.error)
        return
      }
      const project = await load()
      expect(
        project.services.map((s) => [s.name, s.image, ...(s.platform ? [s.platform] : [])])
      ).toEqual(c.images)
      if (c.project) expect(project.name).toBe(c.project)
      expect(project.disabledServices).toEqual(c.disabled ?? [])
      for (const [path, value] of Object.entries(c.values ?? {}))
        expect(valueAt(project.model, path), path).toBe(value)
      if (c.warnings) {
        const got = log.warnings
          .map((w) => ({
            message: w.message,
            file: w.where?.file?.slice(root.length + 1),
            line: w.where?.line
          }))
          .sort((a, b) => a.message.localeCompare(b.message))
        expect(got).toHaveLength(c.warnings.length)
        c.warnings.forEach((w, k) => {
          expect(got[k]?.message).toMatch(w.match)
          expect(got[k]?.message).toMatch(/use a release tag/)
          expect(got[k]).toMatchObject({ file: w.file, line: w.line })
        })
      }
    }
  )
})
