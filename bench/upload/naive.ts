// Child process: the obvious Node upload, fetch + FormData, for comparison.
// `readfile` puts the file in a Blob from memory; `openAsBlob` uses Node's
// file-backed Blob (Node ≥ 19.8).
import { openAsBlob } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'

const [mode = 'readfile', serverUrl = '', token = '', path = ''] = process.argv.slice(2)
const blob = mode === 'openAsBlob' ? await openAsBlob(path) : new Blob([await readFile(path)])
const form = new FormData()
form.append('artifact', blob, basename(path))
const res = await fetch(`${serverUrl}/api/management/v1/deployments/artifacts`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}` },
  body: form
})
await res.text()
if (res.status !== 201) throw new Error(`upload answered ${res.status}`)
console.log(JSON.stringify({ status: res.status, maxRSS: process.resourceUsage().maxRSS }))
