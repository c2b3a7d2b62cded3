import { canonicalPlatform } from '../../oci/platform.js'
import type { Command } from 'commander'
import { runDemo } from '../../demo/run-demo.js'
import { IMAGES, makeImage } from '../../demo/shop-images.js'
import { savingPercent } from '../../pipeline/run-pipeline.js'
import { formatBytes } from '../../util/format.js'
import type { CliContext } from '../context.js'

interface DemoFlags {
  outputDir: string
  platform: string
  deviceType: string
  imagesOnly?: string
}

/**
 * `mender-compose demo`: the README's "Try it" command. It builds the
 * embedded example app (examples/shop) v1, then v2 as deltas against v1, with
 * the real pipeline on images it writes itself: no account, Docker or network.
 */
export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'build a real v1 → v2 delta artifact of the embedded example app (no accounts needed)'
    )
    .option('--output-dir <dir>', 'where to write the demo artifacts', 'mender-compose-demo')
    .option('--platform <os/arch[/variant]>', 'platform to build for', 'linux/arm64')
    .option('--device-type <type>', 'device type of the artifacts', 'raspberrypi4')
    .option('--images-only <dir>', 'only write the example images as OCI layouts into <dir>')
    .action(async (flags: DemoFlags) => {
      if (flags.imagesOnly) {
        for (const [service, tag] of IMAGES) {
          const img = await makeImage(flags.imagesOnly, service, tag)
          ctx.stdout(`${img.dir}\t${tag}\t${img.digest}\n`)
        }
        return
      }
      ctx.log.info('mender-compose demo: the example app "shop" (web, api, db), v1 then v2')
      const platform = canonicalPlatform(flags.platform, "Option '--platform'")
      const { v1, v2 } = await runDemo({ ...flags, platform, log: ctx.log })
      const a1 = v1.artifacts[0]!
      const a2 = v2.artifacts[0]!
      const lines = [
        `v1 (full):  ${a1.path}  ${formatBytes(a1.size)}`,
        `v2 (delta): ${a2.path}  ${formatBytes(a2.size)}`,
        `v2 images: ${formatBytes(v2.fullSize)} in full, ${formatBytes(v2.deltaSize)} shipped as deltas against v1 (${savingPercent(v2.fullSize, v2.deltaSize)} saved)`
      ]
      for (const s of v2.services)
        lines.push(
          `  ${s.name}: ${s.layers.reused} layers reused, ${s.layers.delta} delta, ${s.layers.full} full; ${formatBytes(s.fullBytes)} → ${formatBytes(s.shippedBytes)}`
        )
      lines.push(`check it: mender-artifact read ${a2.path}`)
      ctx.stdout(`${lines.join('\n')}\n`)
    })
}
