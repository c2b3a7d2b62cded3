import type { Command } from 'commander'
import type { CliContext } from '../context.js'

/** `artifact upload` (under the shared `artifact` group) and top-level `deploy`. */
export function registerMenderCommands(
  _program: Command,
  _artifact: Command,
  _ctx: CliContext
): void {}
