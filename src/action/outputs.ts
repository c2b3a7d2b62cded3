import type { BuildResult } from '../pipeline/result.js'
import { resultJson, uploadedAny } from '../pipeline/result-json.js'

/** The outputs of action.yml; __tests__/action keeps this list and action.yml in agreement. */
export const OutputNames = [
  'artifact-path',
  'artifact-name',
  'artifact-size',
  'metadata-path',
  'artifact-id',
  'uploaded',
  'deployment-id',
  'deployment-url',
  'deployment-status',
  'previous-ref',
  'full-size',
  'delta-size',
  'cache-hit',
  'json'
] as const
export type OutputName = (typeof OutputNames)[number]

/** Every output as a string, as the runner stores them; lists are one entry per line. */
export function buildOutputs(r: BuildResult): Record<OutputName, string> {
  const lines = (xs: (string | undefined)[]) => xs.filter((x) => x !== undefined).join('\n')
  const d = r.published?.deployment
  return {
    'artifact-path': lines(r.artifacts.map((a) => a.path)),
    'artifact-name': r.artifactName,
    'artifact-size': String(r.artifacts.reduce((n, a) => n + a.size, 0)),
    'metadata-path': lines(r.artifacts.map((a) => a.metadataPath)),
    'artifact-id': lines((r.published?.artifacts ?? []).map((a) => a.id)),
    uploaded: String(uploadedAny(r)),
    'deployment-id': d?.id ?? '',
    'deployment-url': d?.url ?? '',
    'deployment-status': d?.status ?? '',
    'previous-ref': r.previousRef ?? '',
    'full-size': String(r.fullSize),
    'delta-size': String(r.deltaSize),
    'cache-hit': String(r.cache.hit),
    json: JSON.stringify(resultJson(r))
  }
}
