import { execFileSync, spawnSync } from 'node:child_process'
import { describe } from 'vitest'

export type Tool =
  | 'xdelta3'
  | 'mender-artifact'
  | 'docker-registry'
  | 'skopeo'
  | 'umoci'
  | 'htpasswd'
  | 'openssl'
  | 'tinyproxy'
  | 'docker'
  | 'shellcheck'
  | 'busybox'
  | 'dash'
  | 'jq'

const PACKAGE: Record<Tool, string> = {
  xdelta3: 'xdelta3',
  'mender-artifact': 'mender-artifact',
  'docker-registry': 'docker-registry',
  skopeo: 'skopeo',
  umoci: 'umoci',
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
  tinyproxy: 'tinyproxy',
  docker: 'docker.io',
  shellcheck: 'shellcheck',
  busybox: 'busybox-static',
  dash: 'dash',
  jq: 'jq'
}

const cache = new Map<Tool, boolean>()

export function hasTool(tool: Tool): boolean {
  let ok = cache.get(tool)
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0
    cache.set(tool, ok)
  }
  return ok
}

/**
 * A describe block that needs real tools. Missing tools skip it with one loud
 * line, except under CI=true where a missing tool is a failure: CI must never
 * count a skipped real-tool suite as a pass.
 */
export function describeWithTools(tools: Tool[], name: string, fn: () => void): void {
  const missing = tools.filter((t) => !hasTool(t))
  if (missing.length > 0) {
    const how = `sudo apt-get install ${[...new Set(missing.map((t) => PACKAGE[t]))].join(' ')} (or run scripts/test-tools.sh)`
    if (process.env.CI === 'true') {
      describe(name, () => {
        throw new Error(`CI=true but ${missing.join(', ')} missing: ${how}`)
      })
      return
    }
    process.stderr.write(
      `\n!!! SKIPPING "${name}": ${missing.join(', ')} not installed. Install: ${how}\n\n`
    )
    describe.skip(name, fn)
    return
  }
  describe(name, fn)
}

/** The version line a tool prints, for the foundation's "the tool is real" checks. */
export function toolVersion(tool: Tool): string {
  switch (tool) {
    case 'xdelta3':
      // xdelta3 -V prints to stderr
      return spawnSync('xdelta3', ['-V'], { encoding: 'utf8' }).stderr.split('\n')[0] ?? ''
    case 'mender-artifact':
      return execFileSync('mender-artifact', ['--version'], { encoding: 'utf8' }).trim()
    case 'skopeo':
    case 'umoci':
      return execFileSync(tool, ['--version'], { encoding: 'utf8' }).trim()
    case 'docker-registry':
      return execFileSync('docker-registry', ['--version'], { encoding: 'utf8' }).trim()
    default:
      return execFileSync(tool, ['version'], { encoding: 'utf8' }).trim()
  }
}
