import type { Command } from 'commander'
import type { CliContext } from '../context.js'

/** `build`: the whole pipeline, as the action runs it. */
export function registerBuildCommand(_program: Command, _ctx: CliContext): void {}
