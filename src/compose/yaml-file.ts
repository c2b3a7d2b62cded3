import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  Scalar,
  YAMLMap,
  type Document,
  type Node
} from 'yaml'
import { UserError } from '../util/errors.js'
import { goNumberTag } from './go-yaml.js'

/** Markers for Compose's `!reset` and `!override` tags, which change how a later file merges. */
export const RESET = Symbol('compose !reset')
export const OVERRIDE = '\u0000compose-override'

/** Where a service and its `image:` are written, 1-based lines. */
export interface ServiceLines {
  service: number
  image?: number
}

export interface ParsedComposeFile {
  path: string
  /** The plain tree, before interpolation. `!reset` values are RESET, `!override` values `{[OVERRIDE]: value}`. */
  data: Record<string, unknown>
  /** Lines of each service under `services:` (indexed once: a getIn per service is a scan each). */
  serviceLines: Map<string, ServiceLines>
  /** Whether `data` holds RESET or OVERRIDE markers (most files have none). */
  hasMarkers: boolean
  /** The 1-based line of the node at `path` (a scan: for the few places errors name). */
  lineOf(path: (string | number)[]): { line: number } | undefined
}

const HINT = { hint: 'fix the compose file (`docker compose config` refuses it too)' }

/**
 * Parses a compose file into its YAML documents, in order (Compose merges
 * the documents of one file as if they were files given one after the
 * other). YAML errors become UserErrors naming file, line and column.
 */
export function parseComposeYaml(path: string, text: string): ParsedComposeFile[] {
  const lineCounter = new LineCounter()
  // uniqueKeys compares every key with every other one (quadratic on big mappings);
  // duplicateKeys below does the same check with a set.
  // Plain scalars as go-yaml reads them (`0440` is octal, `1_000` a number).
  const docs = withPlainEnv(() =>
    parseAllDocuments(text, {
      lineCounter,
      merge: true,
      uniqueKeys: false,
      customTags: (tags) => [goNumberTag, ...tags]
    })
  )
  const all = Array.isArray(docs) ? docs : [docs]
  const at = (offset: number | undefined) => {
    if (offset === undefined) return path
    const { line, col } = lineCounter.linePos(offset)
    return `${path}:${line}:${col}`
  }
  const out: ParsedComposeFile[] = []
  for (const doc of all) {
    const first = doc.errors[0]
    if (first) {
      const reason = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
      throw new UserError(`${at(first.pos[0])}: invalid YAML: ${reason}`, HINT)
    }
    const hasMarkers = prepare(doc, at)
    let data: unknown
    try {
      data = doc.toJS({ maxAliasCount: 10_000 })
    } catch (err) {
      throw new UserError(`${path}: invalid YAML: ${(err as Error).message}`, HINT)
    }
    // An empty file or one of comments has no document at all; an empty document
    // (`---` with nothing after it) is refused by Compose like any non-mapping.
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new UserError(
        `${at(doc.range[0])}: a compose file must be a mapping at the top level${all.length > 1 ? ` (document ${out.length + 1} is not)` : ''}`,
        { hint: 'remove the empty document, or the `---` that starts it' }
      )
    const line = (n: Node | null | undefined) =>
      n?.range ? lineCounter.linePos(n.range[0]).line : undefined
    out.push({
      path,
      data: data as Record<string, unknown>,
      serviceLines: indexServices(doc, line),
      hasMarkers,
      lineOf: (p) => {
        const n = line(doc.getIn(p, true) as Node | undefined)
        return n === undefined ? undefined : { line: n }
      }
    })
  }
  return out
}

/**
 * The yaml parser reads process.env.LOG_TOKENS once per token, and Node's
 * process.env is an accessor into the C environment: on big files that is a
 * third of the parse. The parse is synchronous, so a plain copy stands in for
 * the environment meanwhile and no other code can see the swap.
 */
function withPlainEnv<T>(parse: () => T): T {
  const env = process.env
  process.env = { ...env }
  try {
    return parse()
  } finally {
    process.env = env
  }
}

/**
 * One pass over the document's nodes, in document order: Compose (yaml.v3)
 * refuses a key written twice in one mapping and an alias of an anchor not
 * defined before it, both named here with their place; `!reset` nodes become
 * a marker and `!override` nodes are wrapped, so the merge can see them (an
 * anchor on a tagged node moves to its replacement, so an alias of it carries
 * the tag too, as in Compose). Returns whether any marker was made.
 */
function prepare(doc: Document, at: (offset: number | undefined) => string): boolean {
  const anchors = new Set<string>()
  let markers = false
  const walk = (node: unknown): unknown => {
    if (isAlias(node)) {
      if (!anchors.has(node.source))
        throw new UserError(
          `${at(node.range?.[0])}: invalid YAML: unknown anchor "${node.source}" referenced`,
          { hint: 'define the anchor (&name) before the alias (*name) in the same document' }
        )
      return node
    }
    if (!isNode(node)) return node
    if (node.anchor) anchors.add(node.anchor)
    if (node.tag === '!reset') {
      markers = true
      const marker = new Scalar(RESET)
      if (node.anchor) marker.anchor = node.anchor
      return marker
    }
    let out: Node = node
    if (node.tag === '!override') {
      markers = true
      node.tag = undefined
      const wrapper = new YAMLMap()
      if (node.anchor) {
        wrapper.anchor = node.anchor
        node.anchor = undefined
      }
      wrapper.set(new Scalar(OVERRIDE), node)
      out = wrapper
    }
    if (isMap(node)) {
      const seen = new Set<unknown>()
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.value !== '<<') {
          if (seen.has(pair.key.value))
            throw new UserError(
              `${at(pair.key.range?.[0])}: invalid YAML: Map keys must be unique ("${String(pair.key.value)}" is already defined above)`,
              HINT
            )
          seen.add(pair.key.value)
        } else walk(pair.key)
        pair.value = walk(pair.value) as typeof pair.value
      }
    } else if (isSeq(node)) node.items = node.items.map(walk)
    return out
  }
  doc.contents = walk(doc.contents) as typeof doc.contents
  return markers
}

function indexServices(
  doc: Document,
  line: (n: Node | null | undefined) => number | undefined
): Map<string, ServiceLines> {
  const out = new Map<string, ServiceLines>()
  const services = doc.get('services', true)
  if (!isMap(services)) return out
  for (const pair of services.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue
    const service = line(pair.key)
    if (service === undefined) continue
    const entry: ServiceLines = { service }
    if (isMap(pair.value))
      for (const p of pair.value.items)
        if (isScalar(p.key) && p.key.value === 'image') {
          const image = line((p.value as Node | null) ?? p.key)
          if (image !== undefined) entry.image = image
        }
    out.set(String(pair.key.value), entry)
  }
  return out
}
