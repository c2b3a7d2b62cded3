import type { Command } from 'commander'
import type { CliContext } from '../context.js'

/** `delta encode | decode` (VCDIFF). */
export function registerDeltaCommands(_delta: Command, _ctx: CliContext): void {}
