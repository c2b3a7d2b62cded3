/**
 * The default artifact name: the tag on tag pushes (`v2.0.0`), otherwise
 * `<application>-<branch>-<short sha>` (`pr-<n>` for pull requests) so every
 * commit gets its own name.
 */
export function defaultArtifactName(ctx: {
  ref?: string
  sha?: string
  applicationName: string
}): string {
  const ref = ctx.ref ?? ''
  if (ref.startsWith('refs/tags/')) return ref.slice('refs/tags/'.length)
  const branch = ref
    .replace(/^refs\/pull\/(\d+)\/merge$/, 'pr-$1')
    .replace(/^refs\/heads\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  const sha = (ctx.sha ?? '').slice(0, 7)
  return [ctx.applicationName, branch, sha].filter((s) => s.length > 0).join('-')
}
