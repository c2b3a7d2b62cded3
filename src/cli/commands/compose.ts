import type { Command } from 'commander'
import type { CliContext } from '../context.js'

/** `compose images`. */
export function registerComposeCommands(_compose: Command, _ctx: CliContext): void {}
