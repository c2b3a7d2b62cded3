import { spawn, type ChildProcess } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer, connect, type Server } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '../helpers/ports.js'

export interface RunningProxy {
  /** http://127.0.0.1:PORT of the recording relay in front of tinyproxy */
  url: string
  /** Everything clients sent towards the proxy (CONNECT lines, forwarded requests, tunnelled bytes). */
  sent(): Buffer
  /** tinyproxy's own log (Connect level: one line per request it handled). */
  log(): Promise<string>
  stop(): Promise<void>
}

/**
 * The real tinyproxy (Debian) on 127.0.0.1, with a TCP relay in front that
 * records the raw bytes clients send it: what any proxy operator could see.
 */
export async function startTinyproxy(
  dir: string,
  opts: { basicAuth?: { user: string; password: string } } = {}
): Promise<RunningProxy> {
  const port = await freePort()
  const logFile = join(dir, `tinyproxy-${port}.log`)
  const conf = join(dir, `tinyproxy-${port}.conf`)
  await writeFile(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 60',
      `LogFile "${logFile}"`,
      'LogLevel Connect',
      'MaxClients 50',
      'Allow 127.0.0.1',
      // no ConnectPort lines: CONNECT to any port (the test registries are not on 443)
      opts.basicAuth ? `BasicAuth ${opts.basicAuth.user} ${opts.basicAuth.password}` : ''
    ].join('\n')
  )
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited: ${stderr}`)
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (up) break
    if (Date.now() > deadline) throw new Error(`tinyproxy did not listen: ${stderr}`)
    await sleep(50)
  }
  const chunks: Buffer[] = []
  const relay: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1')
    client.on('data', (d: Buffer) => chunks.push(Buffer.from(d)))
    client.pipe(upstream).on('error', () => client.destroy())
    upstream.pipe(client).on('error', () => upstream.destroy())
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  const relayPort = await freePort()
  await new Promise<void>((resolve) => relay.listen(relayPort, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${relayPort}`,
    sent: () => Buffer.concat(chunks),
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    stop: async () => {
      await new Promise<void>((resolve) => {
        relay.close(() => resolve())
        // keep-alive tunnels would hold close() open
        setTimeout(resolve, 200)
      })
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, sleep(3000)])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
    }
  }
}
