import { join } from 'node:path'
import { expect, it } from 'vitest'
import { loadComposeProject } from '../../src/compose/load.js'
import { composeConfig, describeWithComposeReference } from '../helpers/compose-reference.js'
import { tempDir } from '../helpers/tmp.js'
import { CASES, valueAt, type ComposeCase } from './cases.js'
import { CONFORMANCE } from './conformance-cases.js'
import { materialize } from './materialize.js'

/**
 * Every case of the loader's tables, run through the real `docker compose
 * config` on the same folder: the same services, images, platforms and
 * project name (and the values a case names), and where we refuse a
 * project, Compose refuses it too (unless the case says why we differ on
 * purpose).
 */
describeWithComposeReference('the loader agrees with docker compose config', async () => {
  const base = await tempDir('mc-compose-ref-')
  const all: ComposeCase[] = [...CASES, ...CONFORMANCE]
  it.each(all.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const root = join(base, String(i))
    await materialize(root, c.tree)
    const cwd = join(root, c.cwd ?? '')
    const ref = composeConfig({
      cwd,
      ...(c.files && { files: c.files }),
      ...(c.projectDirectory && { projectDirectory: c.projectDirectory }),
      ...(c.profiles && { profiles: c.profiles }),
      env: c.env ?? {}
    })
    const ours = await loadComposeProject({
      ...(c.files && { files: c.files }),
      ...(c.projectDirectory && { projectDirectory: c.projectDirectory }),
      ...(c.profiles && { profiles: c.profiles }),
      env: c.env ?? {},
      workingDirectory: cwd
    }).then(
      (p) => ({
        ok: true as const,
        project: p.name,
        services: p.services.map((s) => [s.name, s.image, ...(s.platform ? [s.platform] : [])]),
        model: p.model
      }),
      (e: unknown) => ({ ok: false as const, error: String(e), model: undefined })
    )
    if (c.composeAccepts) {
      expect(ref.ok, `docker compose: ${ref.ok ? '' : ref.error}`).toBe(true)
      expect(ours.ok).toBe(false)
      return
    }
    if (!ref.ok) {
      expect(ours, `docker compose failed: ${ref.error}`).toMatchObject({ ok: false })
      if (c.composeError) expect(ref.error).toMatch(c.composeError)
      return
    }
    const { model: refModel, ...refSummary } = ref
    const { model: ourModel, ...ourSummary } = ours
    expect(ourSummary).toEqual(refSummary)
    // the values the case names: Compose prints what the case says, and the loader agrees
    for (const [path, value] of Object.entries(c.values ?? {})) {
      expect(valueAt(refModel, path), `docker compose: ${path}`).toBe(value)
      expect(valueAt(ourModel, path), `loader: ${path}`).toBe(value)
    }
  })
})
