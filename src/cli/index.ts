#!/usr/bin/env node
import { enableCompileCache } from './compile-cache.js'

// Before anything else is loaded, so the command modules come from V8's code cache.
enableCompileCache()
const { main } = await import('./program.js')
process.exitCode = await main(process.argv.slice(2))
