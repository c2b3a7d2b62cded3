import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { ModuleImageOptions } from '../../src/artifact/index.js'

/** Run the real mender-artifact; returns status and combined output (its progress bar goes to stderr). */
export function menderArtifact(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('mender-artifact', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/**
 * `mender-artifact read` text. mender-artifact stores state scripts in Go map
 * order, which differs from run to run (observed), so the script lines are
 * sorted; everything else is compared as printed.
 */
export function realRead(path: string, key?: string): string {
  const r = menderArtifact(['read', ...(key ? ['-k', key] : []), path])
  if (r.status !== 0) throw new Error(`mender-artifact read ${path} failed: ${r.stdout}${r.stderr}`)
  return sortScriptLines(r.stdout)
}

export function sortScriptLines(text: string): string {
  return text.replace(
    /( {2}State scripts:\n)((?: {4}\S.*\n)*)/,
    (_, head: string, body: string) => {
      return (
        head +
        body
          .split('\n')
          .filter(Boolean)
          .sort()
          .map((l) => `${l}\n`)
          .join('')
      )
    }
  )
}

export function realValidate(path: string, key?: string): { ok: boolean; output: string } {
  const r = menderArtifact(['validate', ...(key ? ['-k', key] : []), path])
  return { ok: r.status === 0, output: r.stdout + r.stderr }
}

/** The same inputs as mender-artifact flags, to write the reference artifact. */
export function moduleImageArgs(
  o: ModuleImageOptions,
  output: string,
  extra: { key?: string; metaDataPath?: string } = {}
): string[] {
  const a = ['write', 'module-image', '-T', o.type, '-n', o.name, '-o', output]
  for (const t of o.deviceTypes) a.push('-t', t)
  for (const f of o.files ?? []) a.push('-f', f)
  for (const [k, v] of Object.entries(o.provides ?? {})) a.push('-p', `${k}:${v}`)
  for (const [k, v] of Object.entries(o.depends ?? {})) a.push('-d', `${k}:${String(v)}`)
  for (const n of o.artifactNameDepends ?? []) a.push('-N', n)
  if (o.providesGroup) a.push('-g', o.providesGroup)
  for (const g of o.dependsGroups ?? []) a.push('-G', g)
  for (const s of o.scripts ?? []) a.push('-s', s)
  if (o.softwareFilesystem) a.push('--software-filesystem', o.softwareFilesystem)
  if (o.softwareName) a.push('--software-name', o.softwareName)
  if (o.softwareVersion) a.push('--software-version', o.softwareVersion)
  if (o.noDefaultSoftwareVersion) a.push('--no-default-software-version')
  for (const c of o.clearsProvides ?? []) a.push('--clears-provides', c)
  if (o.noDefaultClearsProvides) a.push('--no-default-clears-provides')
  if (o.compression) a.push('--compression', o.compression)
  if (extra.key) a.push('-k', extra.key)
  if (extra.metaDataPath) a.push('-m', extra.metaDataPath)
  return a
}

export interface TestKeys {
  rsa: { key: string; pub: string }
  rsaPkcs8: { key: string; pub: string }
  ecdsa: { key: string; pub: string }
  ecdsaPkcs8: { key: string; pub: string }
  other: { key: string; pub: string }
}

/** Test keys made by openssl: PKCS#1 RSA, SEC1 EC, and PKCS#8 forms of both. */
export function makeKeys(dir: string): TestKeys {
  const ossl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' })
  }
  const p = (n: string): string => join(dir, n)
  ossl('genrsa', '-traditional', '-out', p('rsa.key'), '2048')
  ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p('ec.key'))
  ossl('genrsa', '-traditional', '-out', p('other.key'), '2048')
  ossl('pkcs8', '-topk8', '-nocrypt', '-in', p('rsa.key'), '-out', p('rsa8.key'))
  ossl('pkcs8', '-topk8', '-nocrypt', '-in', p('ec.key'), '-out', p('ec8.key'))
  for (const k of ['rsa', 'ec', 'other'])
    ossl('pkey', '-in', p(`${k}.key`), '-pubout', '-out', p(`${k}.pub`))
  return {
    rsa: { key: p('rsa.key'), pub: p('rsa.pub') },
    rsaPkcs8: { key: p('rsa8.key'), pub: p('rsa.pub') },
    ecdsa: { key: p('ec.key'), pub: p('ec.pub') },
    ecdsaPkcs8: { key: p('ec8.key'), pub: p('ec.pub') },
    other: { key: p('other.key'), pub: p('other.pub') }
  }
}

/** Node ≥ 22.15 / 23.8 has zstd in zlib. */
export const HAS_ZSTD =
  typeof ((await import('node:zlib')) as Record<string, unknown>).createZstdCompress === 'function'
