import { defineConfig } from 'vitest/config'

// Real registries, xdelta3 and mender-artifact run inside tests: generous
// timeouts, and files in separate processes so servers started by one suite
// never leak into another.
export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most of a file's time is spent waiting on real tools and daemons (dockerd,
    // the registry, the Mender client), so two files at a time on two cores
    // (vitest's default there is one).
    maxWorkers: 2,
    reporters: ['default', './__tests__/helpers/count-reporter.ts'],
    // prints the fault-injection suite's table (case, expected, outcome, seconds) at the end
    globalSetup: ['./__tests__/faults/global-setup.ts']
  }
})
