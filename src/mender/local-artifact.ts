import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import tar from 'tar-stream'
import { UserError } from '../util/errors.js'
import type { Depends, LocalArtifact } from './types.js'

/**
 * Stand-in until issue 3's `readArtifact` is merged: reads only what the
 * server compares (name, depends, payload checksums) from `manifest` and
 * `header.tar[.gz]`, and stops before the payloads, so a 1 GiB artifact costs
 * a few kilobytes of reading.
 */
export async function inspectArtifactHeader(path: string): Promise<LocalArtifact> {
  const { size } = await stat(path).catch((cause: unknown) => {
    throw new UserError(`Cannot read artifact ${path}`, { cause })
  })
  let manifest: string | undefined
  let header: Map<string, string> | undefined
  const extract = tar.extract()
  const input = createReadStream(path)
  const done = (async () => {
    for await (const entry of extract) {
      if (entry.header.name === 'manifest') manifest = (await collect(entry)).toString('utf8')
      else if (entry.header.name === 'header.tar.gz' || entry.header.name === 'header.tar') {
        const raw = await collect(entry)
        header = await readHeaderTar(raw, entry.header.name.endsWith('.gz'), path)
      } else if (entry.header.name.startsWith('header.tar.')) {
        throw new UserError(`${path}: header compression ${entry.header.name} is not supported yet`)
      } else entry.resume()
      if (header) break
    }
  })()
  input.pipe(extract)
  try {
    await done
  } catch (cause) {
    throw cause instanceof UserError
      ? cause
      : new UserError(`${path} is not a Mender Artifact`, { cause })
  } finally {
    input.destroy()
    extract.destroy()
  }
  if (!header || manifest === undefined) throw new UserError(`${path} is not a Mender Artifact v3`)
  return fromHeader(path, size, manifest, header)
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

async function readHeaderTar(raw: Buffer, gz: boolean, path: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const extract = tar.extract()
  const reading = (async () => {
    for await (const entry of extract)
      files.set(entry.header.name, (await collect(entry)).toString())
  })()
  const source = Readable.from([raw])
  await Promise.all([
    gz ? pipeline(source, createGunzip(), extract) : pipeline(source, extract),
    reading
  ]).catch((cause: unknown) => {
    throw new UserError(`${path}: unreadable header`, { cause })
  })
  return files
}

interface HeaderInfo {
  artifact_provides?: { artifact_name?: string }
  artifact_depends?: Depends
}

function fromHeader(
  path: string,
  size: number,
  manifest: string,
  header: Map<string, string>
): LocalArtifact {
  const info = JSON.parse(header.get('header-info') ?? '{}') as HeaderInfo
  const name = info.artifact_provides?.artifact_name
  if (!name) throw new UserError(`${path}: header-info has no artifact_name`)
  const depends: Depends = { ...(info.artifact_depends ?? {}) }
  for (const [file, text] of header) {
    if (!/^headers\/\d{4}\/type-info$/.test(file)) continue
    const typeInfo = JSON.parse(text) as { artifact_depends?: Depends }
    Object.assign(depends, typeInfo.artifact_depends ?? {})
  }
  const dt = depends.device_type
  const deviceTypes = Array.isArray(dt) ? dt : dt ? [dt] : []
  const files = manifest
    .split('\n')
    .map((l) => /^([0-9a-f]{64})\s+data\/\d{4}\/(.+)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[2] ?? '', sha256: m[1] ?? '' }))
  return { path, name, size, deviceTypes, depends, files }
}
