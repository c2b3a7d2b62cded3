import { run } from './main.js'

// Pending HTTP keep-alive sockets or retry timers must not hold the step open.
await run()
process.exit(process.exitCode ?? 0)
