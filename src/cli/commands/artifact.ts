import type { Command } from 'commander'
import type { CliContext } from '../context.js'

/** `artifact write module-image | read | validate` (Mender Artifact v3). */
export function registerArtifactCommands(_artifact: Command, _ctx: CliContext): void {}
