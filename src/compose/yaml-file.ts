import { isNode, LineCounter, parseDocument, Scalar, visit, YAMLMap, type Document } from 'yaml'
import { UserError } from '../util/errors.js'

/** Markers for Compose's `!reset` and `!override` tags, which change how a later file merges. */
export const RESET = Symbol('compose !reset')
export const OVERRIDE = '\u0000compose-override'

export interface ParsedComposeFile {
  path: string
  /** The plain tree, before interpolation. `!reset` values are RESET, `!override` values `{[OVERRIDE]: value}`. */
  data: Record<string, unknown>
  /** 1-based line of a node given by its path (e.g. ['services', 'web', 'image']), when known. */
  lineOf(path: (string | number)[]): { line: number; column: number } | undefined
}

/**
 * Parses one compose file. YAML errors become UserErrors naming file, line
 * and column, as `docker compose` prints them.
 */
export function parseComposeYaml(path: string, text: string): ParsedComposeFile {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    lineCounter,
    merge: true,
    uniqueKeys: true,
    prettyErrors: true
  })
  const first = doc.errors[0]
  if (first) {
    const pos = first.linePos?.[0]
    const where = pos ? `${path}:${pos.line}:${pos.col}` : path
    const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
    throw new UserError(`${where}: invalid YAML: ${reason}`, {
      hint: 'fix the compose file; `docker compose config` reports the same place'
    })
  }
  markComposeTags(doc)
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 10_000 })
  } catch (err) {
    // "Excessive alias count": a billion-laughs file, refused before it fills the memory
    throw new UserError(`${path}: invalid YAML: ${(err as Error).message}`, {
      hint: 'the file expands YAML aliases into more nodes than any compose file needs; remove the nested aliases'
    })
  }
  if (data === null || data === undefined) return { path, data: {}, lineOf: () => undefined }
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UserError(`${path}: a compose file must be a mapping at the top level`)
  return {
    path,
    data: data as Record<string, unknown>,
    lineOf: (p) => {
      const node = doc.getIn(p, true)
      const offset = isNode(node) ? node.range?.[0] : undefined
      if (offset === undefined) return undefined
      const { line, col } = lineCounter.linePos(offset)
      return { line, column: col }
    }
  }
}

/** Replaces `!reset` nodes by a marker and wraps `!override` nodes, so the merge can see them. */
function markComposeTags(doc: Document): void {
  visit(doc, {
    Node(_key, node) {
      if (node.tag === '!reset') return new Scalar(RESET)
      if (node.tag === '!override') {
        node.tag = undefined
        const wrapper = new YAMLMap()
        wrapper.set(new Scalar(OVERRIDE), node)
        return wrapper
      }
      return undefined
    }
  })
}
