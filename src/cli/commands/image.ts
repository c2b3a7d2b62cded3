import { readFileSync } from 'node:fs'
import { arch } from 'node:os'
import type { Command } from 'commander'
import { UsageError, UserError } from '../../util/errors.js'
import { formatBytes } from '../../util/format.js'
import type { CliContext } from '../context.js'
import {
  CorruptEntry,
  defaultStoreDir,
  formatPlatform,
  parsePlatform,
  pullToStore,
  resolveImage,
  writeDockerArchive,
  writeOciLayout,
  type ImageOptions,
  type Platform
} from '../../oci/index.js'

/** The runner's own platform, as Docker defaults to it (actions-toolkit's mapping). */
export function hostPlatform(): Platform {
  const a = arch()
  if (a === 'x64') return { os: 'linux', architecture: 'amd64' }
  if (a === 'arm64') return { os: 'linux', architecture: 'arm64' }
  if (a === 'arm') return { os: 'linux', architecture: 'arm', variant: 'v7' }
  if (a === 'ia32') return { os: 'linux', architecture: '386' }
  return { os: 'linux', architecture: a }
}

interface CommonFlags {
  platform?: string
  store?: string
  insecureRegistry?: string[]
  caFile?: string
  concurrency?: string
}

function imageOptions(flags: CommonFlags, ctx: CliContext): ImageOptions {
  let ca: string | undefined
  if (flags.caFile) {
    try {
      ca = readFileSync(flags.caFile, 'utf8')
    } catch (err) {
      throw new UserError(
        `cannot read --ca-file ${flags.caFile}: ${(err as NodeJS.ErrnoException).code}`
      )
    }
  }
  const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency)
  if (
    concurrency !== undefined &&
    !(Number.isInteger(concurrency) && concurrency > 0 && concurrency <= 32)
  ) {
    throw new UsageError(
      `--concurrency must be an integer from 1 to 32, not "${flags.concurrency}"`
    )
  }
  return {
    storeDir: flags.store ?? defaultStoreDir(),
    log: ctx.log,
    ...(flags.insecureRegistry ? { insecureRegistries: flags.insecureRegistry } : {}),
    ...(ca ? { ca } : {}),
    ...(concurrency ? { concurrency } : {})
  }
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v]

function commonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--platform <os/arch[/variant]>',
      'platform to pick from a multi-platform image (default: this machine)'
    )
    .option(
      '--store <dir>',
      'content store folder (default: $MENDER_COMPOSE_STORE or ~/.cache/mender-compose/store)'
    )
    .option(
      '--insecure-registry <host[:port]>',
      'registry to reach over plain HTTP (repeatable)',
      collect
    )
    .option('--ca-file <pem>', 'extra CA certificates to trust for registries')
    .option('--concurrency <n>', 'parallel layer downloads (default 4)')
    .addHelpText(
      'after',
      '\nRegistries are reached through the proxy in HTTPS_PROXY / HTTP_PROXY (either case) unless NO_PROXY\nnames them; loopback registries always directly. Logins come from the Docker config\n(DOCKER_CONFIG or ~/.docker/config.json), as docker/login-action writes it.'
    )
}

function platformOf(flags: CommonFlags): Platform {
  return flags.platform ? parsePlatform(flags.platform, "Option '--platform'") : hostPlatform()
}

/** Repository name and tag for the output's RepoTags / ref.name. */
export function nameAndTag(reference: string, source: string): { name: string; tag?: string } {
  if (source !== 'registry') {
    const tag = /:([\w][\w.-]{0,127})$/.exec(reference.replace(/^[a-z-]+:/, ''))?.[1]
    return { name: 'localhost/image', ...(tag ? { tag } : {}) }
  }
  const noDigest = reference.split('@')[0]!
  const colon = noDigest.indexOf(':', noDigest.lastIndexOf('/'))
  return colon < 0
    ? { name: noDigest }
    : { name: noDigest.slice(0, colon), tag: noDigest.slice(colon + 1) }
}

/** `image resolve | pull` (daemonless OCI). */
export function registerImageCommands(image: Command, ctx: CliContext): void {
  commonOptions(
    image
      .command('resolve')
      .description('print the digest of the platform manifest an image reference points to')
      .argument(
        '<ref>',
        'REF, docker://REF, oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:REF] or docker-daemon:REF'
      )
      .option('--json', 'print index, manifest and config digests and the layers as JSON')
  ).action(async (ref: string, flags: CommonFlags & { json?: boolean }) => {
    const platform = platformOf(flags)
    const r = await resolveImage(ref, platform, imageOptions(flags, ctx))
    if (flags.json) {
      ctx.stdout(
        `${JSON.stringify(
          {
            reference: r.reference,
            platform: formatPlatform(r.platform),
            indexDigest: r.indexDigest ?? null,
            manifestDigest: r.manifestDigest,
            configDigest: r.configDigest,
            layers: r.layers.map((l, i) => ({ ...l, diffId: r.diffIds[i] }))
          },
          null,
          2
        )}\n`
      )
    } else {
      ctx.stdout(`${r.manifestDigest}\n`)
    }
  })

  commonOptions(
    image
      .command('pull')
      .description(
        'fetch an image into the content store and write it as an OCI layout or docker archive'
      )
      .argument('<ref>', 'image reference or source (see image resolve)')
      .requiredOption('-o, --output <path>', 'output folder (oci) or file (docker-archive)')
      .option('--format <format>', 'oci or docker-archive', 'oci')
      .option('--tag <tag>', 'tag to record in the output (default: the reference tag)')
  ).action(
    async (ref: string, flags: CommonFlags & { output: string; format: string; tag?: string }) => {
      if (flags.format !== 'oci' && flags.format !== 'docker-archive') {
        throw new UsageError(`--format must be oci or docker-archive, not "${flags.format}"`)
      }
      const platform = platformOf(flags)
      const opts = { ...imageOptions(flags, ctx), layerTars: flags.format === 'docker-archive' }
      const started = Date.now()
      const pullOnce = () =>
        pullToStore(ref, platform, opts, async (pulled, store) => {
          const r = pulled.resolved
          const { name, tag: refTag } = nameAndTag(r.reference, r.source)
          if (flags.format === 'oci') {
            await writeOciLayout(store, pulled, flags.output, flags.tag ?? refTag, ctx.log)
          } else {
            await writeDockerArchive(
              store,
              pulled,
              flags.output,
              `${name}:${flags.tag ?? refTag ?? 'latest'}`
            )
          }
          return r
        })
      // a store entry changed in place is found (and dropped) on its way out: fetch it again
      const result = await pullOnce().catch((err: unknown) => {
        if (!(err instanceof CorruptEntry)) throw err
        ctx.log.warn(`${err.message}; pulling again`)
        return pullOnce()
      })
      const total = result.layers.reduce((n, l) => n + l.size, 0)
      ctx.log.info(
        `wrote ${flags.format} ${flags.output}: ${result.layers.length} layers, ${formatBytes(total)} in ${((Date.now() - started) / 1000).toFixed(1)} s`
      )
      ctx.stdout(`${result.manifestDigest}\n`)
    }
  )
}
