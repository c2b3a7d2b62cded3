/**
 * Builds the delta benchmark corpus (one command: `npm run bench -- delta --build`,
 * or `node --import tsx bench/delta/corpus.ts`): pairs of uncompressed tar
 * archives of real software in two versions, as container layers would hold them.
 *   npm-*: `npm install` of a package set at two versions into a folder, tarred.
 *   deb-*: `apt-get download` of packages with two versions in the Debian index,
 *          unpacked with `dpkg-deb -x`, tarred.
 *   *-reordered: the same new tree with its top-level entries in reverse order,
 *          as when a layer's files move (beyond xdelta3's default 64 MiB window).
 * Tars are deterministic (sorted names, zero mtimes and owners).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const CORPUS = join('bench', 'out', 'delta', 'corpus')

interface PairSpec {
  name: string
  kind: 'npm' | 'deb'
  old: string[]
  new: string[]
  /** Build a `-reordered` variant of this pair too. */
  reordered?: boolean
}

export const PAIRS: PairSpec[] = [
  {
    name: 'npm-small',
    kind: 'npm',
    old: ['semver@7.5.4', 'commander@11.0.0', 'yaml@2.3.1'],
    new: ['semver@7.6.3', 'commander@12.1.0', 'yaml@2.5.0']
  },
  {
    name: 'npm-express-lodash',
    kind: 'npm',
    old: ['express@4.18.2', 'lodash@4.17.20', 'moment@2.29.4'],
    new: ['express@4.21.2', 'lodash@4.17.21', 'moment@2.30.1']
  },
  {
    name: 'deb-python3.11-stdlib',
    kind: 'deb',
    old: ['libpython3.11-stdlib=3.11.2-6+deb12u8', 'libpython3.11-minimal=3.11.2-6+deb12u8'],
    new: ['libpython3.11-stdlib=3.11.2-6+deb12u9', 'libpython3.11-minimal=3.11.2-6+deb12u9']
  },
  {
    name: 'npm-typescript',
    kind: 'npm',
    old: ['typescript@5.3.3'],
    new: ['typescript@5.4.5']
  },
  {
    name: 'deb-libnode108',
    kind: 'deb',
    old: ['libnode108=18.20.4+dfsg-1~deb12u2'],
    new: ['libnode108=18.20.4+dfsg-1~deb12u3']
  },
  {
    name: 'deb-openjdk-17',
    kind: 'deb',
    old: ['openjdk-17-jre-headless=17.0.19+10-1~deb12u2'],
    new: ['openjdk-17-jre-headless=17.0.21.1+2-1~deb12u1'],
    reordered: true
  },
  {
    name: 'deb-firefox-thunderbird',
    kind: 'deb',
    old: ['firefox-esr=140.12.0esr-1~deb12u1', 'thunderbird=1:140.12.0esr-1~deb12u1'],
    new: ['firefox-esr=153.7.0esr-1~deb12u1', 'thunderbird=1:153.7.0esr-1~deb12u1'],
    reordered: true
  }
]

const TAR_FLAGS = ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner']

function sh(cmd: string, args: string[], cwd?: string): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], cwd })
}

function populate(kind: 'npm' | 'deb', pkgs: string[], root: string): void {
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  if (kind === 'npm') {
    sh('npm', [
      'install',
      '--prefix',
      root,
      '--no-save',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      ...pkgs
    ])
    return
  }
  const debs = join(root, '..', `${root.split('/').pop()}-debs`)
  rmSync(debs, { recursive: true, force: true })
  mkdirSync(debs, { recursive: true })
  sh('apt-get', ['download', '-q', ...pkgs], debs)
  for (const f of readdirSync(debs).sort()) sh('dpkg-deb', ['-x', join(debs, f), root])
  rmSync(debs, { recursive: true, force: true })
}

function tarTree(root: string, out: string, reverse = false): void {
  const entries = readdirSync(root).sort()
  if (reverse) entries.reverse()
  // Without --sort the order given on the command line is kept for the top level.
  const flags = reverse ? TAR_FLAGS.filter((f) => f !== '--sort=name') : TAR_FLAGS
  sh('tar', ['-cf', `${out}.tmp`, ...flags, '-C', root, ...entries])
  renameSync(`${out}.tmp`, out)
}

export function buildPair(spec: PairSpec): void {
  const dir = join(CORPUS, spec.name)
  if (existsSync(join(dir, 'new.tar'))) return
  mkdirSync(dir, { recursive: true })
  const work = join(CORPUS, '.work', spec.name)
  for (const side of ['old', 'new'] as const) {
    populate(spec.kind, spec[side], join(work, side))
    tarTree(join(work, side), join(dir, `${side}.tar`))
    if (side === 'new' && spec.reordered) {
      const rdir = join(CORPUS, `${spec.name}-reordered`)
      mkdirSync(rdir, { recursive: true })
      // Same old tar; the new tar's top-level folders come in reverse order,
      // and inside the single top-level folder of a deb tree (usr/) too.
      const top = readdirSync(join(work, side))
      const base = top.length === 1 ? join(work, side, top[0]!) : join(work, side)
      tarTree(base, join(rdir, 'new.tar'), true)
      // Its old tar is the old tree from the same base, in normal order.
      const oldTop = readdirSync(join(work, 'old'))
      const oldBase = oldTop.length === 1 ? join(work, 'old', oldTop[0]!) : join(work, 'old')
      tarTree(oldBase, join(rdir, 'old.tar'))
    }
  }
  rmSync(work, { recursive: true, force: true })
}

export function pairDirs(): string[] {
  if (!existsSync(CORPUS)) return []
  return readdirSync(CORPUS)
    .filter(
      (d) =>
        !d.startsWith('.') &&
        existsSync(join(CORPUS, d, 'new.tar')) &&
        existsSync(join(CORPUS, d, 'old.tar'))
    )
    .sort(
      (a, b) =>
        statSync(join(CORPUS, a, 'old.tar')).size - statSync(join(CORPUS, b, 'old.tar')).size
    )
}

export function buildCorpus(only?: string[]): void {
  for (const spec of PAIRS) {
    if (only && !only.includes(spec.name)) continue
    process.stderr.write(`corpus: ${spec.name}\n`)
    buildPair(spec)
  }
}

if (process.argv[1]?.endsWith('corpus.ts'))
  buildCorpus(process.argv.slice(2).length ? process.argv.slice(2) : undefined)
