import { createHash, randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect } from 'vitest'
import { startRegistry, type RunningRegistry } from '../helpers/registry.js'
import { tempDir } from '../helpers/tmp.js'
import { makeImage, Pusher, type TestImage } from '../oci/fixtures.js'
import { errorLine, faultCase, runCli } from './table.js'

const run = promisify(execFile)

/** Flips one byte in the middle of `path`, keeping its size, inode and mtime (or not). */
async function flipByte(path: string, keepMtime = true): Promise<void> {
  const before = await stat(path)
  // touch -r keeps the nanoseconds that utimes with a Date would round
  await run('touch', ['-r', path, `${path}.times`])
  const fh = await open(path, 'r+')
  const at = Math.floor(before.size / 2)
  const b = Buffer.alloc(1)
  await fh.read(b, 0, 1, at)
  b[0] = b[0]! ^ 0xff
  await fh.write(b, 0, 1, at)
  await fh.close()
  if (keepMtime) await run('touch', ['-r', `${path}.times`, path])
  await rm(`${path}.times`)
  const after = await stat(path)
  expect([after.size, after.ino]).toEqual([before.size, before.ino])
  if (keepMtime) expect(after.mtimeMs).toBe(before.mtimeMs)
}

/** Every blob of an OCI layout hashes to its name (what skopeo checks on copy). */
async function layoutIsSound(dir: string): Promise<void> {
  const blobs = join(dir, 'blobs', 'sha256')
  for (const name of await readdir(blobs)) {
    const hex = createHash('sha256')
      .update(await readFile(join(blobs, name)))
      .digest('hex')
    expect(hex, `blob ${name}`).toBe(name)
  }
}

/** The sha256 of each artifact a `build --json` wrote. */
const artifactShas = (stdout: string): string[] =>
  (JSON.parse(stdout) as { artifacts: { sha256: string }[] }).artifacts.map((a) => a.sha256)

/** The content store under faults: bytes changed in place, a corrupt cached delta, SIGKILL mid-build. */
export function storeCases(): void {
  let dir: string
  let reg: RunningRegistry
  let v1: TestImage
  let env: Record<string, string>
  let n = 0

  beforeAll(async () => {
    dir = await tempDir('faults-store-')
    reg = await startRegistry(dir)
    v1 = await makeImage({ layerSizes: [400_000, 30_000], seed: 'store-v1' })
    const v2 = await makeImage({ layerSizes: [400_000, 30_000], seed: 'store-v2' })
    const push = new Pusher(reg.url)
    await push.image('app/one', 'v1', v1)
    await push.image('app/one', 'v2', v2)
    for (const v of ['v1', 'v2'])
      await writeFile(
        join(dir, `${v}.yaml`),
        `services:\n  app:\n    image: ${reg.host}/app/one:${v}\n`
      )
    // two releases whose top layers differ by a few bytes: v2's is a delta against v1's
    const data = randomBytes(300_000)
    const edited = Buffer.from(data)
    for (let i = 0; i < edited.length; i += 50_000) edited[i] = edited[i]! ^ 0xff
    const base = { 'etc/base.txt': 'the base layer\n' }
    for (const [v, bytes] of [
      ['v1', data],
      ['v2', edited]
    ] as const) {
      await push.image('app/two', v, await makeImage({ files: [base, { 'app/data.bin': bytes }] }))
      await writeFile(
        join(dir, `related-${v}.yaml`),
        `services:\n  app:\n    image: ${reg.host}/app/two:${v}\n`
      )
    }
    env = { HOME: dir }
  }, 60_000)
  afterAll(async () => {
    await reg?.stop()
  })

  const pull = (store: string) =>
    runCli(
      [
        'image',
        'pull',
        `${reg.host}/app/one:v1`,
        '--output',
        join(dir, `layout-${++n}`),
        '--store',
        store,
        '--platform',
        'linux/amd64'
      ],
      { env }
    ).then((r) => ({ r, out: join(dir, `layout-${n}`) }))

  for (const keepMtime of [true, false]) {
    const what = keepMtime ? 'size, mtime and inode kept' : 'mtime changed'
    faultCase(
      `store: a layer byte flipped in place (${what}), then image pull`,
      'works',
      async () => {
        const store = join(dir, `store-flip-${keepMtime}`)
        expect((await pull(store)).r.code).toBe(0)
        await flipByte(join(store, 'blobs', 'sha256', v1.layers[0]!.digest.slice(7)), keepMtime)
        const { r, out } = await pull(store)
        expect(r.code, r.stderr).toBe(0)
        await layoutIsSound(out)
        await run('skopeo', ['inspect', `oci:${out}`])
        return 'works'
      }
    )
  }

  const build = (name: string, cache: string, extra: string[] = [], opts = {}, files = 'v') =>
    runCli(
      [
        'build',
        '-f',
        join(dir, `${files}2.yaml`),
        '--previous-compose',
        join(dir, `${files}1.yaml`),
        '--artifact-name',
        name,
        '--device-type',
        'pi',
        '--platform',
        'linux/amd64',
        '--output-dir',
        join(dir, `build-${++n}`),
        '--cache-dir',
        cache,
        '--no-upload',
        ...extra
      ],
      { env, cwd: dir, ...opts }
    )

  faultCase('store: a corrupt cached delta', 'works', async () => {
    const cache = join(dir, 'cache-delta')
    expect((await build('d1', cache)).code).toBe(0)
    // the cache entry's delta blob, by its record
    const refs = join(cache, 'refs')
    let delta: string | undefined
    for (const f of await readdir(refs)) {
      const rec = JSON.parse(await readFile(join(refs, f), 'utf8')) as {
        key: string
        value: { delta?: string }
      }
      if (rec.key.startsWith('delta-cache/')) delta = rec.value.delta
    }
    expect(delta).toBeDefined()
    await flipByte(join(cache, 'blobs', 'sha256', delta!.slice(7)))
    const second = await build('d2', cache)
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toMatch(
      /delta cache: the copy of .* does not match its digest; encoding again/
    )
    // replaced: the next build takes it from the cache without a word
    const third = await build('d3', cache, ['--json'])
    expect(third.code).toBe(0)
    expect(third.stderr).not.toMatch(/does not match its digest/)
    expect(JSON.parse(third.stdout)).toMatchObject({
      cache: { deltasEncoded: 0, deltasFromCache: 2 }
    })
    return 'works'
  })

  faultCase('store: a stored layer flipped in place, then build', 'works', async () => {
    const cache = join(dir, 'cache-flip-build')
    expect((await build('f1', cache)).code).toBe(0)
    for (const l of v1.layers) {
      const p = join(cache, 'blobs', 'sha256', l.digest.slice(7))
      if (await stat(p).catch(() => undefined)) await flipByte(p)
    }
    for (const f of await readdir(join(cache, 'layers', 'sha256')))
      if (f.endsWith('.tar')) await flipByte(join(cache, 'layers', 'sha256', f))
    const r = await build('f2', cache, ['--json'])
    if (r.code !== 0) {
      // found on its way into the artifact: dropped, and the next run fetches it again
      expect(errorLine(r)).toMatch(
        /content store entry .* hashes to .*; it was dropped|could not be decompressed \(the stored blob was corrupt and is dropped/
      )
      const again = await build('f3', cache)
      expect(again.code, again.stderr).toBe(0)
      throw new Error(`a clear error, where the changed bytes need not be read: ${errorLine(r)}`)
    }
    // the deltas came from the delta cache and the shipped layers were made
    // again from their blobs: the artifact is the one a fresh store builds
    const fresh = await build('f2', join(dir, 'cache-flip-fresh'), ['--json'])
    expect(fresh.code, fresh.stderr).toBe(0)
    expect(artifactShas(r.stdout)).toEqual(artifactShas(fresh.stdout))
    return 'works'
  })

  faultCase(
    'store: layer tars flipped in place, delta cache gone, then build',
    'works',
    async () => {
      const cache = join(dir, 'cache-flip-encode')
      const related = (name: string, store: string) =>
        build(name, store, ['--json'], {}, 'related-v')
      const first = await related('e1', cache)
      expect(first.code, first.stderr).toBe(0)
      expect(JSON.parse(first.stdout)).toMatchObject({ cache: { deltasEncoded: 1 } })
      // the tars a delta is encoded from and to, changed where their markers do not see it
      for (const f of await readdir(join(cache, 'layers', 'sha256')))
        if (f.endsWith('.tar')) await flipByte(join(cache, 'layers', 'sha256', f))
      for (const f of await readdir(join(cache, 'refs'))) {
        const rec = JSON.parse(await readFile(join(cache, 'refs', f), 'utf8')) as { key: string }
        if (rec.key.startsWith('delta-cache/')) await rm(join(cache, 'refs', f))
      }
      const r = await related('e2', cache)
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject({ cache: { deltasEncoded: 1 } })
      // hashed before the encode, found changed and made again from the blobs:
      // the delta is the one a fresh store encodes
      const fresh = await related('e2', join(dir, 'cache-flip-encode-fresh'))
      expect(fresh.code, fresh.stderr).toBe(0)
      expect(artifactShas(r.stdout)).toEqual(artifactShas(fresh.stdout))
      return 'works'
    }
  )

  faultCase('store: SIGKILL mid-build, then build again', 'works', async () => {
    const cache = join(dir, 'cache-killed')
    let pid = 0
    const killed = await build('k1', cache, [], {
      onSpawn: (child: { pid?: number; kill: (s: string) => void }, out: () => string) => {
        pid = child.pid ?? 0
        const t = setInterval(() => {
          if (/== Delta/.test(out())) {
            clearInterval(t)
            child.kill('SIGKILL')
          }
        }, 20)
      }
    })
    expect(killed.signal).toBe('SIGKILL')
    const r = await build('k2', cache)
    expect(r.code, r.stderr).toBe(0)
    const left = await readdir(join(cache, 'tmp'))
    expect(left.filter((f) => f.includes(`-${pid}-`) || f.includes(`.${pid}.`))).toEqual([])
    return 'works'
  })
}
