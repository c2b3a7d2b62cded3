import { formatBytes } from '../util/format.js'
import type { BuildResult, ServiceReport } from '../pipeline/result.js'
import { savingPercent } from '../pipeline/run-pipeline.js'

/** GitHub rejects a step summary over 1 MiB; stay clear of it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 4096

export interface SummaryOptions {
  maxBytes?: number
  /** Values that must never appear (tokens, passwords, key lines); replaced by `***`. */
  secrets?: string[]
}

const cell = (s: string | number | undefined) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
const code = (s: string | undefined) => (s ? `\`${cell(s)}\`` : '–')
const shortDigest = (d: string | undefined) =>
  d ? d.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]*$/, '$1') : undefined
const kv = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `\`${cell(k)}: ${cell(v)}\``)
    .join('<br>') || '–'

function serviceRow(s: ServiceReport): string {
  const old = s.oldReference
    ? `${code(s.oldReference)}<br>${code(shortDigest(s.oldDigest))}`
    : 'new'
  const nu = `${code(s.newReference)}<br>${code(shortDigest(s.newDigest))}`
  return `| ${cell(s.name)} | ${cell(s.platform)} | ${old} | ${nu} | ${s.layers.reused} / ${s.layers.delta} / ${s.layers.full} | ${formatBytes(s.fullBytes)} | ${formatBytes(s.shippedBytes)} | ${savingPercent(s.fullBytes, s.shippedBytes)} |`
}

/** Per changed layer: shipped how, and which current layer it was paired with and why. */
function pairingSection(services: ServiceReport[]): string[] {
  const rows = services.flatMap((s) =>
    (s.pairings ?? []).map(
      (p) =>
        `| ${cell(s.name)} | ${cell(s.platform)} | ${p.layer} | ${p.mode === 'delta' ? `delta ${formatBytes(p.shippedBytes)}` : p.mode} of ${formatBytes(p.fullBytes)} | ${p.source ?? '–'} | ${cell(p.reason)} | ${cell(p.detail)} |`
    )
  )
  if (!rows.length) return []
  return [
    '\n### Layer pairing\n',
    'Each changed layer is delta-encoded against the current layer expected to give the smallest delta.\n',
    '| service | platform | layer | shipped | current layer | why | details |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows
  ]
}

function sections(r: BuildResult, serviceRows: number): string[] {
  const out: string[] = []
  const title = r.dryRun ? ' (dry run)' : ''
  out.push(`## Mender release \`${cell(r.artifactName)}\`${title}\n`)
  out.push(
    r.previousRef
      ? `Deltas against the previous release \`${cell(r.previousRef)}\`${r.previousArtifactName ? ` (artifact \`${cell(r.previousArtifactName)}\`)` : ''}: ${formatBytes(r.fullSize)} of images ship as ${formatBytes(r.deltaSize)} (${savingPercent(r.fullSize, r.deltaSize)} saved).\n`
      : `No previous release: full images, ${formatBytes(r.deltaSize)}.\n`
  )
  out.push('### Services\n')
  out.push(
    '| service | platform | old | new | layers reused / delta / full | full | shipped | saving |'
  )
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const s of r.services.slice(0, serviceRows)) out.push(serviceRow(s))
  if (serviceRows < r.services.length)
    out.push(
      `\n_${r.services.length - serviceRows} more rows left out to keep this summary under 1 MiB; the \`json\` output has all of them._`
    )
  out.push(...pairingSection(r.services.slice(0, serviceRows)))
  out.push('\n### Artifact\n')
  out.push('| name | platform | device types | size | signed | provides | depends |')
  out.push('| --- | --- | --- | --- | --- | --- | --- |')
  for (const a of r.artifacts)
    out.push(
      `| ${code(a.name)} | ${cell(a.platform)} | ${cell(a.deviceTypes.join(', '))} | ${formatBytes(a.size)} | ${a.signed ? 'yes' : 'no'} | ${kv(a.provides)} | ${kv(a.depends)} |`
    )
  out.push('\n### Deployment\n')
  const d = r.published?.deployment
  if (r.dryRun) out.push('Dry run: nothing was uploaded or deployed.')
  else if (!r.published) out.push('Not published (upload is off and no deployment target).')
  else {
    const up = r.published.artifacts.filter((a) => a.uploaded).length
    out.push(
      `Uploaded ${up} of ${r.published.artifacts.length} artifact${r.published.artifacts.length === 1 ? '' : 's'} (the rest were already on the server).\n`
    )
    if (!d) out.push('No deployment was asked for.')
    else {
      const counts = d.counts
        ? Object.entries(d.counts)
            .map(([k, v]) => `${cell(k)}: ${v}`)
            .join(', ')
        : '–'
      out.push('| deployment | status | devices |')
      out.push('| --- | --- | --- |')
      out.push(`| [${cell(d.id)}](${d.url}) | ${cell(d.status)} | ${counts} |`)
    }
    if (r.failure) out.push(`\n**Failed:** ${cell(r.failure)}`)
  }
  return out
}

function redact(text: string, secrets: string[]): string {
  let t = text
  for (const s of secrets.filter((x) => x.length >= 4).sort((a, b) => b.length - a.length))
    t = t.split(s).join('***')
  return t
}

/**
 * The job summary as Markdown, a pure function of the result. It stays under
 * `maxBytes` by leaving out service rows (the `json` output keeps them all),
 * and any secret that slipped into a field is replaced by `***`.
 */
export function renderSummary(r: BuildResult, opts: SummaryOptions = {}): string {
  const max = opts.maxBytes ?? SUMMARY_LIMIT_BYTES
  const render = (rows: number) => redact(sections(r, rows).join('\n') + '\n', opts.secrets ?? [])
  let text = render(r.services.length)
  if (Buffer.byteLength(text) <= max) return text
  // Binary search for the most rows that fit.
  let lo = 0
  let hi = r.services.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (Buffer.byteLength(render(mid)) <= max) lo = mid
    else hi = mid - 1
  }
  text = render(lo)
  if (Buffer.byteLength(text) <= max) return text
  // Even without service rows it is too big (huge provides?): cut at a character boundary.
  const note = '\n\n_Summary cut to stay under 1 MiB; see the `json` output._\n'
  const budget = max - Buffer.byteLength(note)
  return (
    Buffer.from(text)
      .subarray(0, budget)
      .toString('utf8')
      .replace(/\uFFFD+$/, '') + note
  )
}
