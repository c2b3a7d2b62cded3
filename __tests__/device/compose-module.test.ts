import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { describeWithTools } from '../helpers/tools.js'
import { tempDir } from '../helpers/tmp.js'
import { content, OciLayout } from './oci-fixtures.js'
import { Device } from './device.js'
import { composePayload, writeAndValidate } from './harness.js'
import { archiveName, imagesValue } from '../../src/payload/index.js'

const run = promisify(execFile)

/** mender's provides glob: `*` matches any run of characters (path.Match on a key without `/`). */
function globMatches(pattern: string, key: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`
  )
  return re.test(key)
}

describeWithTools(['skopeo', 'mender-artifact'], 'device simulator: docker-compose module', () => {
  it('full images as docker-archives, uncompressed manifests.tar, provides and clears that match', async () => {
    const root = await tempDir()
    const layout = new OciLayout(join(root, 'layout'))
    const web = await layout.image('registry.example.com/web:1', [
      { 'usr/lib/x.so': content('x', 100_000) },
      { 'app/main.js': content('m', 50_000) }
    ])
    const db = await layout.image('docker.io/library/postgres:16', [
      { 'usr/bin/pg': content('pg', 80_000) }
    ])
    const payload = await composePayload(root, layout, [web, db], 'data-docker')
    expect(payload.type).toBe('docker-compose')
    expect(payload.metaData).toEqual({ project_name: 'myproj', version: '1' })
    const { stdout: list } = await run('tar', ['-tzf', payload.files[0]!])
    expect(list.split('\n').filter(Boolean).sort()).toEqual(
      [
        'images/',
        `images/${archiveName(db.reference)}`,
        `images/${archiveName(web.reference)}`
      ].sort()
    )
    expect(archiveName(web.reference)).toBe('registry.example.com_web_1.tar')

    const device = new Device(root, 'classic')
    const loaded = await device.installComposeModule({
      images: payload.files[0]!,
      manifests: payload.files[1]!
    })
    expect(loaded.map((l) => l.reference).sort()).toEqual([
      'postgres:16',
      'registry.example.com/web:1'
    ])
    expect(loaded.map((l) => l.id).sort()).toEqual(
      [db.configDigest.slice(7), web.configDigest.slice(7)].sort()
    )

    const key = 'data-docker.mender-docker-compose.myproj.version'
    const imagesKey = 'data-docker.mender-docker-compose.myproj.images'
    expect(Object.keys(payload.provides).sort()).toEqual([imagesKey, key])
    expect(payload.provides[key]).toMatch(/^release-\d+$/)
    expect(payload.provides[imagesKey]).toBe(imagesValue([db.configDigest, web.configDigest]))
    for (const k of [key, imagesKey])
      expect(payload.clearsProvides.every((p) => globMatches(p, k))).toBe(true)
    // the upstream generator's pattern does not clear its own key: the pitfall we avoid
    expect(globMatches('*mender-docker-compose_*', key)).toBe(false)
    const read = await writeAndValidate(root, payload, 'dc-1')
    expect(read).toContain('Type:   docker-compose')
    expect(read).toContain(key)
    expect(read).toContain('data-docker.mender-docker-compose.myproj.*')
  })
})
