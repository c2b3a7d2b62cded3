import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from './ports.js'

export interface RegistryOptions {
  /** Extra YAML under `auth:` (htpasswd or token), verbatim. */
  auth?: string
  /** Extra top-level YAML appended to the config (e.g. storage redirect middleware). */
  extraConfig?: string
  /** Serve HTTPS with this certificate and key (PEM files); `url` is then https://. */
  tls?: { certificate: string; key: string }
  /** Address to listen on (default 127.0.0.1), e.g. a non-loopback one for proxy tests. */
  bindHost?: string
}

export interface RunningRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  host: string
  url: string
  dataDir: string
  stop(): Promise<void>
}

/**
 * Starts the real distribution registry (Debian `docker-registry`) on
 * 127.0.0.1 with its own storage folder, and waits until /v2/ answers.
 */
export async function startRegistry(
  workDir: string,
  opts: RegistryOptions = {}
): Promise<RunningRegistry> {
  const port = await freePort()
  const bind = opts.bindHost ?? '127.0.0.1'
  const dataDir = join(workDir, `registry-${port}`)
  await mkdir(dataDir, { recursive: true })
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dataDir}/data`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${bind}:${port}`,
    opts.tls ? `  tls:\n    certificate: ${opts.tls.certificate}\n    key: ${opts.tls.key}` : '',
    opts.auth ? `auth:\n${opts.auth}` : '',
    opts.extraConfig ?? ''
  ].join('\n')
  const configPath = join(dataDir, 'config.yml')
  await writeFile(configPath, config)
  const child: ChildProcess = spawn('docker-registry', ['serve', configPath], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = `${opts.tls ? 'https' : 'http'}://${bind}:${port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`)
    try {
      if (opts.tls) {
        // the certificate is not trusted by fetch here: a TCP connect says it listens
        await new Promise<void>((resolve, reject) => {
          const s = connect(port, bind, () => {
            s.destroy()
            resolve()
          })
          s.on('error', reject)
        })
        break
      }
      const res = await fetch(`${url}/v2/`)
      if (res.status === 200 || res.status === 401) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`docker-registry did not answer on ${url}/v2/: ${stderr}`)
    }
    await sleep(50)
  }
  return {
    host: `${bind}:${port}`,
    url,
    dataDir,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, sleep(3000)])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }
}
