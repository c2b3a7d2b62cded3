import { Option } from 'commander'
import { cliFlag, OPTION_TABLE, type OptionKey, type OptionSpec } from '../pipeline/options.js'

/**
 * A flag from the option table: its name, help, accepted values and default,
 * so `build` and `deploy` offer the same option the same way. `arg` names the
 * value; without one the flag is a switch.
 */
export function tableFlag(
  key: OptionKey,
  arg?: string,
  parse?: (value: string, previous: string[]) => string[],
  initial?: string[]
): Option {
  const o: OptionSpec = OPTION_TABLE[key]
  const flags = `${o.short ? `-${o.short}, ` : ''}${cliFlag(key)!}`
  const option = new Option(arg ? `${flags} <${arg}>` : flags, o.help)
  if (o.values) option.choices(o.values)
  if (parse) option.argParser(parse).default(initial)
  else if (!arg && o.flag === undefined) option.default(o.default === 'true')
  else if (arg && o.default !== undefined) option.default(o.default)
  return option
}
