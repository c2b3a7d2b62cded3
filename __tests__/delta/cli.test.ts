import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { encodeDelta } from '../../src/delta/index.js'
import { sourceWindowFor } from '../../src/delta/xdelta3.js'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { randomBytes, randomEdits, rng, sameFile, xdelta3Decode } from './fixtures.js'

// The CLI from source through tsx (dist/ is rebuilt by the lead after merging).
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
    encoding: 'utf8'
  })

describeWithTools(['xdelta3'], 'mender-compose delta encode|decode', () => {
  let dir: string
  let src: string
  let tgt: string
  beforeAll(async () => {
    dir = await tempDir('mc-delta-cli-')
    const rand = rng(5)
    const a = randomBytes(rand, 300_000)
    src = join(dir, 'old')
    tgt = join(dir, 'new')
    writeFileSync(src, a)
    writeFileSync(tgt, randomEdits(rand, a, 8))
  })

  const encode = (output: string, engine: string) =>
    cli('delta', 'encode', '--source', src, '--target', tgt, '--output', output, '--engine', engine)

  it.each(['native', 'xdelta3'])('encode --engine %s, then decode, both byte-exact', (engine) => {
    const delta = join(dir, `d-${engine}`)
    const e = encode(delta, engine)
    expect(e.stderr).toBe('')
    expect(e.status).toBe(0)
    expect(e.stdout).toMatch(new RegExp(`${engine} engine`))
    xdelta3Decode(src, delta, `${delta}.x3`)
    sameFile(`${delta}.x3`, tgt)
    const d = cli('delta', 'decode', '--source', src, '--delta', delta, '--output', `${delta}.out`)
    expect(d.status).toBe(0)
    sameFile(`${delta}.out`, tgt)
  })

  it('an unknown engine is a usage error (exit 2)', () => {
    const r = encode(join(dir, 'x'), 'bsdiff')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/unknown delta engine 'bsdiff'/)
  })

  it('decoding against the wrong source exits 1 naming the checksum', () => {
    const delta = join(dir, 'd-native')
    const r = cli(
      'delta',
      'decode',
      '--source',
      tgt,
      '--delta',
      delta,
      '--output',
      join(dir, 'bad')
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/checksum mismatch|beyond the end/)
  })
})

describeWithTools(['xdelta3'], 'xdelta3 engine flags', () => {
  it('-B is a power of two ≥ the source, within what xdelta3 3.0.11 accepts', async () => {
    expect(sourceWindowFor(0)).toBe(524288)
    expect(sourceWindowFor(524289)).toBe(1048576)
    expect(sourceWindowFor(2 ** 40)).toBe(2 ** 31)
    // A tiny source through the real binary (it rejects -B below 512 KiB).
    const dir = await tempDir('mc-delta-x3-')
    writeFileSync(join(dir, 'a'), 'hello hello hello')
    writeFileSync(join(dir, 'b'), 'hello hello world')
    await encodeDelta({
      sourcePath: join(dir, 'a'),
      targetPath: join(dir, 'b'),
      outputPath: join(dir, 'd'),
      engine: 'xdelta3'
    })
    xdelta3Decode(join(dir, 'a'), join(dir, 'd'), join(dir, 'out'))
    sameFile(join(dir, 'out'), join(dir, 'b'))
  })
})
