import { parseReference } from '../oci/reference.js'
import { UserError } from '../util/errors.js'

/**
 * Why the device could not find a loaded image by `reference`, or undefined.
 *
 * Both modules install images with `docker image load` and then run
 * `docker compose up`, which uses a local image only when the daemon resolves
 * the service's `image:` to it. `docker load` records the archive's RepoTags,
 * never a digest (RepoDigests come only from `docker pull`), and Docker
 * resolves a reference that carries a digest by that digest alone, ignoring
 * any tag (moby's reference store: "only lookup by digest as it takes
 * precedence over tag"). So `name@sha256:…` or `name:tag@sha256:…` is not
 * found after the install: compose pulls it (a device without registry
 * access fails the deployment) and the next release's deep delta cannot
 * `docker image save` it.
 */
export function deviceReferenceProblem(reference: string): string | undefined {
  const { digest } = parseReference(reference, { defaultTag: false })
  if (digest === undefined) return undefined
  return (
    'is pinned by digest; docker load on the device records tags only, never digests, so ' +
    'docker compose would not find the loaded image and would pull it from the registry ' +
    '(failing without registry access), and the next release could not delta against it'
  )
}

/** Throws a UserError naming every service whose image the device could not resolve after loading. */
export function checkDeviceReferences(
  services: ReadonlyArray<{ name?: string; reference: string }>
): void {
  const bad = services.flatMap((s) => {
    const problem = deviceReferenceProblem(s.reference)
    return problem
      ? [`${s.name ? `service "${s.name}": ` : ''}image "${s.reference}" ${problem}`]
      : []
  })
  if (bad.length === 0) return
  throw new UserError(bad.join('\n'), {
    hint:
      'write the image with a release tag in the compose file (name:tag, no @sha256:…): the ' +
      'artifact carries exactly the image resolved at build time, so the tag pins what the ' +
      'device runs as a digest would'
  })
}
