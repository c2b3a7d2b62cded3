/**
 * Domain modules log through this interface so they never learn whether they
 * run under GitHub Actions (annotations, groups, masking) or in a terminal.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string, where?: SourceLocation): void
  /** Start a titled phase; the returned function ends it. */
  group?<T>(title: string, fn: () => Promise<T>): Promise<T>
}

export interface SourceLocation {
  file?: string
  line?: number
  column?: number
  title?: string
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {}
}

/** Collects lines in memory: for tests, and for the job summary's detail. */
export class MemoryLogger implements Logger {
  readonly lines: { level: 'debug' | 'info' | 'warn'; message: string }[] = []
  debug(message: string): void {
    this.lines.push({ level: 'debug', message })
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message })
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message })
  }
  text(): string {
    return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n')
  }
}
