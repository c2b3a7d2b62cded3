import * as core from '@actions/core'
import { UsageError } from '../util/errors.js'

/**
 * Every input of action.yml, read and validated in one place (like
 * actions/checkout's input-helper). Names are the kebab-case keys of
 * action.yml; __tests__/action-inputs.test.ts keeps the two in agreement.
 */
export const InputNames = {
  composeFile: 'compose-file',
  dryRun: 'dry-run',
  logLevel: 'log-level'
} as const

export type LogLevel = 'debug' | 'info' | 'warn'

export interface ActionInputs {
  composeFiles: string[]
  dryRun: boolean
  logLevel: LogLevel
}

/** Read a boolean with the input's name in the error, unlike core.getBooleanInput's TypeError. */
export function getBoolean(name: string): boolean {
  const raw = core.getInput(name).trim()
  if (/^(true|True|TRUE)$/.test(raw)) return true
  if (/^(false|False|FALSE)$/.test(raw)) return false
  throw new UsageError(`Input '${name}' must be true or false, got '${raw}'`)
}

export function getChoice<T extends string>(name: string, choices: readonly T[]): T {
  const raw = core.getInput(name).trim()
  if ((choices as readonly string[]).includes(raw)) return raw as T
  throw new UsageError(`Input '${name}' must be one of ${choices.join(', ')}, got '${raw}'`)
}

/** Lines or commas; blank entries and `#` comments dropped (docker/metadata-action style). */
export function getList(name: string): string[] {
  return core
    .getInput(name)
    .split(/[\n,]/)
    .map((s) => s.replace(/#.*$/, '').trim())
    .filter((s) => s.length > 0)
}

export function getInputs(): ActionInputs {
  const composeFiles = getList(InputNames.composeFile)
  if (composeFiles.length === 0)
    throw new UsageError(`Input '${InputNames.composeFile}' names no file`)
  return {
    composeFiles,
    dryRun: getBoolean(InputNames.dryRun),
    logLevel: getChoice(InputNames.logLevel, ['debug', 'info', 'warn'] as const)
  }
}
