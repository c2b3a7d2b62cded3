import { execFile } from 'node:child_process'
import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach } from 'vitest'
import { MemoryLogger } from '../../src/util/log.js'
import { MenderClient, type MenderClientOptions } from '../../src/mender/index.js'
import {
  startFakeMender,
  type FakeMender,
  type FakeMenderOptions
} from '../fakes/mender-server/index.js'
import { tempDir } from '../helpers/tmp.js'

const run = promisify(execFile)

export interface ArtifactSpec {
  name: string
  deviceTypes?: string[]
  /** Payload content, or a size for a zero-filled (sparse) payload. */
  content?: string
  payloadBytes?: number
  depends?: string[]
  /** Base name of the files written (default: name, device types and a random suffix). */
  file?: string
  uncompressed?: boolean
}

/** A real artifact written by `mender-artifact write module-image`. */
export async function makeArtifact(dir: string, spec: ArtifactSpec): Promise<string> {
  const base =
    spec.file ??
    `${spec.name}-${(spec.deviceTypes ?? ['dev']).join('_')}-${Math.random().toString(36).slice(2, 8)}`
  const payload = join(dir, `${base}.payload`)
  if (spec.payloadBytes !== undefined) {
    const fh = await open(payload, 'w')
    await fh.truncate(spec.payloadBytes)
    await fh.close()
  } else await writeFile(payload, spec.content ?? `payload of ${spec.name}\n`)
  const out = join(dir, `${base}.mender`)
  const args = ['write', 'module-image', '-o', out, '-T', 'app', '-n', spec.name, '-f', payload]
  // Big payloads stay uncompressed (fast to write); small ones use the default gzip.
  if (spec.payloadBytes !== undefined || spec.uncompressed) args.push('--compression', 'none')
  for (const t of spec.deviceTypes ?? ['dev']) args.push('-t', t)
  for (const d of spec.depends ?? []) args.push('--depends', d)
  await run('mender-artifact', args, { maxBuffer: 16 << 20 })
  return out
}

export const PAT = 'pat-3f1a9c8e7d6b5a4f3e2d1c0b9a8f7e6d'

/** Fast retries for tests; Retry-After still wins (capped at maxDelayMs). */
export const TEST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 3000 }

const tracked: { close(): Promise<void> }[] = []

/** Register in a describe block: every fake server and client made in a test is closed after it. */
export function closeAfterEach(): void {
  afterEach(async () => {
    for (const o of tracked.splice(0).reverse()) await o.close()
  })
}

/** Keep `x` open until the end of the current test. */
export function track<T extends { close(): Promise<void> }>(x: T): T {
  tracked.push(x)
  return x
}

/** A fresh fake Mender server (accepting PAT) with its own work folder. */
export async function startFake(
  opts: Partial<FakeMenderOptions> = {}
): Promise<{ dir: string; fake: FakeMender }> {
  const dir = await tempDir()
  const fake = track(await startFakeMender({ workDir: dir, pats: [PAT], ...opts }))
  return { dir, fake }
}

export async function connect(
  fake: FakeMender,
  extra: Partial<MenderClientOptions> = {}
): Promise<{ client: MenderClient; log: MemoryLogger; masked: string[] }> {
  const log = new MemoryLogger()
  const masked: string[] = []
  const client = await MenderClient.connect({
    serverUrl: fake.url,
    credentials: { token: PAT },
    credentialSource: 'MENDER_ACCESS_TOKEN',
    log,
    maskSecret: (s) => masked.push(s),
    retry: TEST_RETRY,
    ...extra
  })
  return { client: track(client), log, masked }
}
