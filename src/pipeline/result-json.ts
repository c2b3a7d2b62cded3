import type { BuildResult } from './result.js'

/** The machine-readable result: the `json` output and the CLI's `--json`. */
export function resultJson(r: BuildResult): Record<string, unknown> {
  return {
    artifactName: r.artifactName,
    applicationName: r.applicationName,
    dryRun: r.dryRun,
    previousRef: r.previousRef ?? null,
    previousArtifactName: r.previousArtifactName ?? null,
    fullSize: r.fullSize,
    deltaSize: r.deltaSize,
    uploaded: uploadedAny(r),
    artifactPath: r.artifacts.map((a) => a.path),
    artifactSize: r.artifacts.reduce((n, a) => n + a.size, 0),
    artifactId: (r.published?.artifacts ?? []).map((a) => a.id),
    deploymentId: r.published?.deployment?.id ?? null,
    deploymentUrl: r.published?.deployment?.url ?? null,
    deploymentStatus: r.published?.deployment?.status ?? null,
    cacheHit: r.cache.hit,
    artifacts: r.artifacts.map((a) => ({
      platform: a.platform,
      deviceTypes: a.deviceTypes,
      path: a.path,
      size: a.size,
      sha256: a.sha256,
      metadataPath: a.metadataPath,
      signed: a.signed,
      provides: a.provides,
      depends: a.depends,
      clearsProvides: a.clearsProvides,
      id: r.published?.artifacts.find((p) => p.platform === a.platform)?.id ?? null,
      uploaded: r.published?.artifacts.find((p) => p.platform === a.platform)?.uploaded ?? false
    })),
    deployment: r.published?.deployment ?? null,
    failure: r.failure ?? null,
    /** Wall time of each phase, to see where a build spends its time. */
    durationsMs: r.durationsMs,
    services: r.services,
    cache: {
      hit: r.cache.hit,
      primaryKey: r.cache.primaryKey ?? null,
      matchedKey: r.cache.matchedKey ?? null,
      blobsFetched: r.cache.blobsFetched,
      bytesFetched: r.cache.bytesFetched,
      blobsReused: r.cache.blobsReused,
      deltasEncoded: r.cache.deltasEncoded,
      deltasFromCache: r.cache.deltasFromCache
    }
  }
}

export function uploadedAny(r: BuildResult): boolean {
  return r.published?.artifacts.some((a) => a.uploaded) ?? false
}
