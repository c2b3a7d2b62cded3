import * as core from '@actions/core'
import { runPost } from './post.js'

process.on('uncaughtException', (err) => core.warning(`post step: ${err.message}`))
await runPost()
process.exit(0)
