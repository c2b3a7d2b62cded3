import { execFile } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import tar from 'tar-stream'
import { describe, expect, it } from 'vitest'
import { tarMemberPaths } from '../../src/payload/tar-members.js'
import { tempDir } from '../helpers/tmp.js'

const run = promisify(execFile)

/** What tar-stream's extractor lists (what the payload used to read member lists with). */
async function viaTarStream(path: string): Promise<Map<string, number>> {
  const members = new Map<string, number>()
  const extract = tar.extract()
  extract.on('entry', (header, stream, next) => {
    const name = header.name.replace(/^\.\//, '').replace(/\/$/, '')
    if (name) members.set(name, header.size ?? 0)
    stream.on('end', next)
    stream.on('error', () => {})
    stream.resume()
  })
  await pipeline(createReadStream(path), extract)
  return members
}

async function packed(
  entries: Array<[Partial<tar.Header> & { name: string }, Buffer | string]>
): Promise<Buffer> {
  const pack = tar.pack()
  for (const [h, data] of entries) pack.entry(h as tar.Header, data)
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const c of pack) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/** A folder with long names, deep paths, a large file, empty files, links and folders. */
async function sampleTree(dir: string): Promise<void> {
  const deep = join(dir, 'a'.repeat(60), 'b'.repeat(60), 'c'.repeat(60))
  await mkdir(deep, { recursive: true })
  await writeFile(join(deep, `${'long-name-'.repeat(12)}.txt`), 'deep\n')
  await writeFile(join(dir, 'big.bin'), Buffer.alloc(3 * 1024 * 1024 + 17, 7))
  await writeFile(join(dir, 'empty'), '')
  await mkdir(join(dir, 'empty-dir'))
  for (let i = 0; i < 300; i++) await writeFile(join(dir, `f${i}`), 'x'.repeat(i * 37))
  await writeFile(join(dir, 'ünïcödé ✓'), 'u')
  await symlink('big.bin', join(dir, 'link'))
}

describe('tarMemberPaths', () => {
  it('lists what tar-stream lists, for GNU tar in every format', async () => {
    const dir = await tempDir()
    const tree = join(dir, 'tree')
    await mkdir(tree)
    await sampleTree(tree)
    for (const format of ['gnu', 'oldgnu', 'posix', 'ustar']) {
      const out = join(dir, `${format}.tar`)
      // ustar cannot hold the longest names: leave the deep folder out there
      const what = format === 'ustar' || format === 'oldgnu' ? ['big.bin', 'f1', 'link'] : ['.']
      await run('tar', ['--format', format, '-cf', out, '-C', tree, ...what])
      const expected = await viaTarStream(out)
      expect(expected.size).toBeGreaterThan(format === 'ustar' || format === 'oldgnu' ? 2 : 300)
      expect(await tarMemberPaths(out), format).toEqual(expected)
    }
  })

  it('lists what tar-stream lists for its own tars (pax long names, links, folders)', async () => {
    const dir = await tempDir()
    const long = `${'deep/'.repeat(40)}${'n'.repeat(150)}`
    const bytes = await packed([
      [{ name: 'usr/', type: 'directory' }, ''],
      [{ name: './usr/bin/app', mtime: new Date(0) }, Buffer.alloc(1234, 1)],
      [{ name: long }, 'long'],
      [{ name: 'usr/lib/link', type: 'symlink', linkname: long }, ''],
      [{ name: 'usr/lib/hard', type: 'link', linkname: 'usr/bin/app' }, ''],
      [{ name: 'exactly-512', mtime: new Date(0) }, Buffer.alloc(512, 2)]
    ])
    const path = join(dir, 'pack.tar')
    await writeFile(path, bytes)
    const got = await tarMemberPaths(path)
    expect(got).toEqual(await viaTarStream(path))
    expect(got.get(long)).toBe(4)
    expect(got.get('usr/bin/app')).toBe(1234)
    expect(got.get('usr')).toBe(0)
  })

  it('reads a layer of the machine as tar-stream does, jumping over large members', async () => {
    const dir = await tempDir()
    const out = join(dir, 'layer.tar')
    await run('tar', ['-cf', out, '-C', '/usr', 'share/perl5', 'bin/xdelta3', 'lib/os-release'])
    expect(await tarMemberPaths(out)).toEqual(await viaTarStream(out))
  })

  it('reads pax size records and global pax records as tar-stream does', async () => {
    const dir = await tempDir()
    const path = join(dir, 'pax.tar')
    // a global record applies only where a member has its own pax record;
    // a pax size wins over the header's; a GNU long name replaces the name
    await writeFile(
      path,
      Buffer.concat([
        ...member('g', 'g', paxRecords({ path: 'global' })),
        ...member('plain', '0', Buffer.from('abc')),
        ...member('p', 'x', paxRecords({ size: '5' })),
        header('sized', '0', 0),
        block(Buffer.from('12345')),
        ...member('././@LongLink', 'L', Buffer.from(`${'x/'.repeat(80)}name\0`)),
        ...member('short', '0', Buffer.from('z')),
        Buffer.alloc(1024)
      ])
    )
    const expected = await viaTarStream(path)
    expect(expected).toEqual(
      new Map([
        ['plain', 3],
        ['global', 5],
        [`${'x/'.repeat(80)}name`, 1]
      ])
    )
    expect(await tarMemberPaths(path)).toEqual(expected)
  })

  it('refuses what tar-stream refuses: a bad checksum, an unknown format, data cut short', async () => {
    const dir = await tempDir()
    const good = await packed([[{ name: 'a' }, Buffer.alloc(2000, 1)]])
    const cases: Array<[string, Buffer]> = [
      ['checksum', Buffer.concat([Buffer.from('x'), good.subarray(1)])],
      [
        'format',
        Buffer.concat([good.subarray(0, 257), Buffer.from('nope!\0'), good.subarray(263)])
      ],
      ['cut', good.subarray(0, 1024)],
      ['tail', Buffer.concat([good, Buffer.alloc(100)])]
    ]
    for (const [what, bytes] of cases) {
      const path = join(dir, `${what}.tar`)
      await writeFile(path, bytes)
      await expect(viaTarStream(path), what).rejects.toThrow()
      await expect(tarMemberPaths(path), what).rejects.toThrow()
    }
    const path = join(dir, 'good.tar')
    await writeFile(path, good)
    expect(await tarMemberPaths(path)).toEqual(new Map([['a', 2000]]))
    expect((await readFile(path)).length % 512).toBe(0)
  })
})

/** A ustar header block with a valid checksum. */
function header(name: string, type: string, size: number): Buffer {
  const b = Buffer.alloc(512)
  b.write(name, 0, 100)
  b.write('0000644\0', 100)
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124)
  b.write(type, 156)
  b.write('ustar\0', 257)
  b.write('00', 263)
  b.fill(32, 148, 156)
  let sum = 0
  for (const x of b) sum += x
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  return b
}

/** `data` padded to whole blocks. */
function block(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)])
}

function member(name: string, type: string, data: Buffer): Buffer[] {
  return [header(name, type, data.length), block(data)]
}

function paxRecords(records: Record<string, string>): Buffer {
  let out = ''
  for (const [k, v] of Object.entries(records)) {
    const body = ` ${k}=${v}\n`
    let len = body.length + 1
    if (String(len).length + body.length > len) len++
    out += `${len}${body}`
  }
  return Buffer.from(out)
}
