/**
 * Compose loading time on big files: our loader against the real
 * `docker compose config` (2.26) on the same files, measured in this run.
 *
 *   npm run bench -- compose-load             # 10k for both, then 50k for ours
 *   npm run bench -- compose-load --n=20000   # another size for both
 *
 * docker compose takes minutes at 50k (73 s for 50k keys here), so the ratio
 * is taken at --n and the 50k figures of ours are printed on their own.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadComposeProject } from '../../src/compose/load.js'

const COMPOSE =
  process.env.COMPOSE_REFERENCE_BIN ??
  join(
    process.env.MC_TOOLS ?? '/opt/mc-tools',
    'root/usr/libexec/docker/cli-plugins/docker-compose'
  )
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const N = Number(arg('n') ?? 10_000)
const OUT = resolve('bench/out/compose-load')

function inputs(n: number): [string, Record<string, string>][] {
  const env = (v: string, image = true) => {
    const l = ['services:', '  a:', ...(image ? ['    image: a:1.0.0'] : []), '    environment:']
    for (let i = 0; i < n; i++) l.push(`      K${i}: ${v}${i}`)
    return `${l.join('\n')}\n`
  }
  const services = ['services:']
  for (let i = 0; i < n; i++) services.push(`  s${i}:`, `    image: img${i}:1.0.0`)
  return [
    [`${n} keys`, { 'compose.yaml': env('v') }],
    [`${n} services`, { 'compose.yaml': `${services.join('\n')}\n` }],
    [`2 × ${n} keys`, { 'compose.yaml': env('v'), 'override.yaml': env('w', false) }]
  ]
}

function materialize(label: string, files: Record<string, string>): string {
  const dir = join(OUT, label.replace(/\W+/g, '-'))
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

/** Best of three: CPU seconds and wall seconds of one load. */
async function ours(dir: string, files: string[]): Promise<{ cpu: number; wall: number }> {
  let best = { cpu: Infinity, wall: Infinity }
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await loadComposeProject({ files, env: {}, workingDirectory: dir })
    const c = process.cpuUsage(c0)
    const r = { cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1e3 }
    if (r.cpu < best.cpu) best = r
  }
  return best
}

function reference(dir: string, files: string[]): { cpu: number; wall: number } | undefined {
  if (!existsSync(COMPOSE)) return undefined
  const args = [
    '-f',
    '%U %S %e',
    COMPOSE,
    ...files.flatMap((f) => ['-f', f]),
    'config',
    '--format',
    'json'
  ]
  const r = spawnSync('/usr/bin/time', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: dir },
    maxBuffer: 1 << 30
  })
  if (r.status !== 0) throw new Error(`docker compose config failed: ${r.stderr.slice(-500)}`)
  const [u = 0, s = 0, e = 0] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number)
  return { cpu: u + s, wall: e }
}

const f2 = (x: number) => x.toFixed(2)
console.log(`| input | ours CPU s / wall s | docker compose config CPU s / wall s | CPU ratio |`)
console.log(`| --- | --- | --- | ---: |`)
for (const [label, files] of inputs(N)) {
  const dir = materialize(label, files)
  const names = Object.keys(files)
  const o = await ours(dir, names)
  const ref = reference(dir, names)
  console.log(
    `| ${label} | ${f2(o.cpu)} / ${f2(o.wall)} | ${ref ? `${f2(ref.cpu)} / ${f2(ref.wall)}` : 'not installed'} | ${ref ? `${(ref.cpu / o.cpu).toFixed(0)}×` : ''} |`
  )
}
if (N !== 50_000)
  for (const [label, files] of inputs(50_000)) {
    const o = await ours(materialize(label, files), Object.keys(files))
    console.log(`| ${label} | ${f2(o.cpu)} / ${f2(o.wall)} | (not run: minutes) | |`)
  }
