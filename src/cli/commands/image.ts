import type { Command } from 'commander'
import type { CliContext } from '../context.js'

/** `image resolve | pull` (daemonless OCI). */
export function registerImageCommands(_image: Command, _ctx: CliContext): void {}
