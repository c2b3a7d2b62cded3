import { isIP } from 'node:net'

/** localhost, *.localhost, 127.0.0.0/8 and ::1 talk plain HTTP (as Docker and go-containerregistry do). */
export function isLoopbackRegistry(registry: string): boolean {
  let host = registry
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']'))
  else if (host.includes(':')) host = host.slice(0, host.lastIndexOf(':'))
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1'
  return false
}
