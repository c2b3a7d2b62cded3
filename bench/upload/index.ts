// bench/upload: peak RSS and time of uploading a Mender Artifact to the fake
// Mender server on loopback, ours (streamed multipart with Content-Length)
// against curl -F (the reference tool) and a naive fetch+FormData, measured in
// the same run with /usr/bin/time. Flat memory shows as ours@1GiB ≈ ours@64MiB.
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, open, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { startFakeMender } from '../../__tests__/fakes/mender-server/index.js'

const run = promisify(execFile)
const OUT = 'bench/out/upload'
const TOKEN = 'bench-token-0123456789abcdef'
const MiB = 1024 * 1024
const sizes = process.argv.includes('--quick') ? [16 * MiB, 64 * MiB] : [64 * MiB, 1024 * MiB]

async function artifact(bytes: number): Promise<string> {
  const path = join(OUT, `app-${bytes / MiB}MiB.mender`)
  if (existsSync(path)) return path
  const payload = join(OUT, `payload-${bytes / MiB}MiB.bin`)
  const fh = await open(payload, 'w')
  // Random-ish content would only slow the writer; the uploader reads every byte either way.
  await fh.truncate(bytes)
  await fh.close()
  await run('mender-artifact', [
    'write',
    'module-image',
    '-o',
    path,
    '-T',
    'app',
    '-n',
    `bench-${bytes / MiB}`,
    '-t',
    'dev',
    '-f',
    payload,
    '--compression',
    'none'
  ])
  return path
}

interface Measure {
  rssMiB: number
  seconds: number
}

/** Runs a command under /usr/bin/time; returns its peak RSS and wall time. */
function measured(cmd: string, args: string[]): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '__TIME__ %M %e', cmd, ...args], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c))
    child.stderr.on('data', (c: Buffer) => (stderr += c))
    child.on('close', (code) => {
      const m = /__TIME__ (\d+) ([\d.]+)/.exec(stderr)
      if (code !== 0 || !m)
        return reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr}${stdout}`))
      resolve({ rssMiB: Number(m[1]) / 1024, seconds: Number(m[2]) })
    })
  })
}

/**
 * Children run as plain bundled JavaScript (as the shipped CLI does), so tsx's
 * compiler does not inflate their memory or start-up time.
 */
async function bundle(entry: string): Promise<string> {
  const outfile = join(OUT, entry.replace(/\.ts$/, '.mjs'))
  await build({
    entryPoints: [`bench/upload/${entry}`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);"
    },
    logLevel: 'error'
  })
  return outfile
}

await mkdir(OUT, { recursive: true })
const oursJs = await bundle('ours.ts')
const naiveJs = await bundle('naive.ts')
const fake = await startFakeMender({ workDir: OUT, pats: [TOKEN] })
const node = process.execPath
const rows: { tool: string; size: number; m: Measure }[] = []
try {
  for (const size of sizes) {
    const path = await artifact(size)
    const actual = (await stat(path)).size
    const tools: [string, string, string[]][] = [
      ['node baseline (no upload)', node, ['-e', 'setTimeout(() => {}, 50)']],
      ['ours (mender-compose)', node, [oursJs, 'full', fake.url, TOKEN, path]],
      [
        'ours, upload step only',
        node,
        [oursJs, 'upload-only', fake.url, TOKEN, path, `bench-${size / MiB}`]
      ],
      [
        'curl -F (reference)',
        'curl',
        [
          '-sS',
          '--fail',
          '-o',
          '/dev/null',
          '-H',
          `Authorization: Bearer ${TOKEN}`,
          '-F',
          `artifact=@${path}`,
          `${fake.url}/api/management/v1/deployments/artifacts`
        ]
      ],
      ['naive fetch+FormData(readFile)', node, [naiveJs, 'readfile', fake.url, TOKEN, path]],
      ['naive fetch+FormData(openAsBlob)', node, [naiveJs, 'openAsBlob', fake.url, TOKEN, path]]
    ]
    for (const [tool, cmd, args] of tools) {
      fake.artifacts.length = 0 // each tool uploads for real
      const m = await measured(cmd, args)
      if (tool.startsWith('node baseline')) {
        rows.push({ tool, size, m })
        continue
      }
      if (fake.artifacts.length !== 1 || fake.artifacts[0]?.size !== actual) {
        throw new Error(`${tool}: the server did not store the ${actual}-byte artifact`)
      }
      rows.push({ tool, size, m })
      process.stderr.write(
        `${tool} @ ${size / MiB} MiB: ${m.rssMiB.toFixed(0)} MiB peak RSS, ${m.seconds} s\n`
      )
    }
  }
} finally {
  await fake.close()
}

const big = sizes[sizes.length - 1] ?? 0
const small = sizes[0] ?? 0
const at = (tool: string, size: number) => rows.find((r) => r.tool === tool && r.size === size)?.m
const ours = 'ours (mender-compose)'
const curl = 'curl -F (reference)'
console.log(
  `\nUpload to the fake Mender server on 127.0.0.1 (2 shared cores; the server parses and verifies each upload, which dominates the time).`
)
console.log('| tool | artifact | peak RSS MiB | wall s | RSS vs ours |')
console.log('|---|---|---:|---:|---:|')
for (const r of rows) {
  const o = at(ours, r.size)
  console.log(
    `| ${r.tool} | ${r.size / MiB} MiB | ${r.m.rssMiB.toFixed(0)} | ${r.m.seconds.toFixed(1)} | ${o ? (r.m.rssMiB / o.rssMiB).toFixed(2) : '-'} |`
  )
}
const flat = (at(ours, big)?.rssMiB ?? 0) / (at(ours, small)?.rssMiB ?? 1)
const curlFlat = (at(curl, big)?.rssMiB ?? 0) / (at(curl, small)?.rssMiB ?? 1)
console.log(
  `\nours: peak RSS at ${big / MiB} MiB / at ${small / MiB} MiB = ${flat.toFixed(2)} (curl: ${curlFlat.toFixed(2)}); 1.00 = flat`
)
console.log(
  `ours vs curl at ${big / MiB} MiB: RSS ×${((at(ours, big)?.rssMiB ?? 0) / (at(curl, big)?.rssMiB ?? 1)).toFixed(2)}, time ×${((at(ours, big)?.seconds ?? 0) / (at(curl, big)?.seconds ?? 1)).toFixed(2)} (ours also reads the file once first to verify every checksum)`
)
