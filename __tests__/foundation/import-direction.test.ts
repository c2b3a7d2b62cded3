import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The layering of src/: the fronts on top, the pipeline below them, the
 * domain folders below it, util at the bottom. An import may only point to
 * the same layer or a lower one, and no chain of imports may come back to
 * the file it started from.
 */
const LAYER: Record<string, number> = {
  action: 3,
  cli: 3,
  demo: 3,
  pipeline: 2,
  artifact: 1,
  cache: 1,
  device: 1,
  compose: 1,
  delta: 1,
  github: 1,
  mender: 1,
  oci: 1,
  payload: 1,
  release: 1,
  http: 0,
  util: 0,
  'version.ts': 0
}
const SRC = resolve('src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return files(p)
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [p] : []
  })
}

/** The src/ files a file imports (static and dynamic, types included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))
    if (target.startsWith(SRC)) out.push(target)
  }
  return out
}

const folder = (file: string) => relative(SRC, file).split('/')[0]!
const all = files(SRC)
const graph = new Map(all.map((f) => [f, importsOf(f)]))

describe('imports in src/', () => {
  it('every folder has a layer', () => {
    expect([...new Set(all.map(folder))].filter((f) => LAYER[f] === undefined)).toEqual([])
  })

  it('never point from a lower folder to a higher one', () => {
    const upward: string[] = []
    for (const [file, targets] of graph)
      for (const t of targets)
        if (LAYER[folder(t)]! > LAYER[folder(file)]!)
          upward.push(`${relative(SRC, file)} → ${relative(SRC, t)}`)
    expect(upward).toEqual([])
  })

  it('the github folder imports nothing of the pipeline or of release records', () => {
    const bad = [...graph]
      .filter(([f]) => folder(f) === 'github')
      .flatMap(([f, ts]) =>
        ts
          .filter((t) => folder(t) !== 'github' && folder(t) !== 'util' && folder(t) !== 'compose')
          .map((t) => `${relative(SRC, f)} → ${relative(SRC, t)}`)
      )
    expect(bad).toEqual([])
  })

  it('form no cycle, between files or between folders', () => {
    expect(cycles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' → '))).toEqual([])
    const folders = new Map<string, string[]>()
    for (const [f, ts] of graph) {
      const from = folder(f)
      const edges = folders.get(from) ?? []
      for (const t of ts)
        if (folder(t) !== from && !edges.includes(folder(t))) edges.push(folder(t))
      folders.set(from, edges)
    }
    expect(cycles(folders).map((c) => c.join(' → '))).toEqual([])
  })
})

describe('files in src/', () => {
  it('stay under 500 lines, or say why at their top', () => {
    const long = all.filter((f) => {
      const text = readFileSync(f, 'utf8')
      return text.split('\n').length > 500 && !/^\/\/ Over 500 lines: \S/.test(text)
    })
    expect(long.map((f) => relative(SRC, f))).toEqual([])
  })
})

/** The strongly connected components with more than one node (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1) out.push(scc.sort())
    }
  }
  for (const v of graph.keys()) if (!idx.has(v)) visit(v)
  return out
}
