import { describe, expect, it } from 'vitest'
import { canonicalPlatform, parsePlatform } from '../../src/oci/platform.js'
import { parsePlatform as parsePlatformInput } from '../../src/pipeline/option-parsers.js'
import { loadComposeProject, memoryFiles } from '../../src/compose/index.js'
import { UsageError } from '../../src/util/errors.js'

/**
 * What `docker --platform` accepts, and the normalised platform each spelling
 * means (containerd's normalizeArch; a bare arch or arch/variant is linux).
 * Every front goes through this one parser: action inputs, CLI flags, the
 * compose file's `platform:`.
 */
const ACCEPTED: [string, string][] = [
  ['linux/amd64', 'linux/amd64'],
  ['amd64', 'linux/amd64'],
  ['x86_64', 'linux/amd64'],
  ['linux/x86-64', 'linux/amd64'],
  ['linux/amd64/v1', 'linux/amd64'],
  ['linux/amd64/v3', 'linux/amd64/v3'],
  ['arm64', 'linux/arm64'],
  ['arm64/v8', 'linux/arm64'],
  ['aarch64', 'linux/arm64'],
  ['linux/arm64', 'linux/arm64'],
  ['linux/arm64/v8', 'linux/arm64'],
  ['linux/arm64/8', 'linux/arm64'],
  ['linux/arm64/v9.0', 'linux/arm64/v9'],
  ['arm', 'linux/arm/v7'],
  ['arm/v7', 'linux/arm/v7'],
  ['arm/v6', 'linux/arm/v6'],
  ['arm/7', 'linux/arm/v7'],
  ['armhf', 'linux/arm/v7'],
  ['armel', 'linux/arm/v6'],
  ['linux/arm', 'linux/arm/v7'],
  ['linux/arm/v7', 'linux/arm/v7'],
  ['linux/arm/5', 'linux/arm/v5'],
  ['i386', 'linux/386'],
  ['linux/386', 'linux/386'],
  ['riscv64', 'linux/riscv64'],
  ['s390x', 'linux/s390x'],
  ['ppc64le', 'linux/ppc64le'],
  ['Linux/AMD64', 'linux/amd64'],
  [' linux/arm64 ', 'linux/arm64'],
  ['macos/arm64', 'darwin/arm64'],
  ['windows/amd64', 'windows/amd64']
]

const REFUSED: [string, string][] = [
  ['', 'it is empty'],
  ['linux', "'linux' is an operating system; name the architecture too, e.g. linux/arm64"],
  ['v7', "unknown architecture 'v7'"],
  ['linux/v7', "unknown architecture 'v7'"],
  ['pi4/arm64', "'pi4' is neither an operating system nor an architecture"],
  ['beos/arm64/v8', "unknown operating system 'beos'"],
  ['linux//v7', 'an empty part'],
  ['linux/arm/v7/x', 'more than three parts'],
  ['linux/*', "'*' holds other than letters, digits, '.', '_' or '-'"]
]

describe('the one platform parser', () => {
  it.each(ACCEPTED)('%j → %s', (text, want) => {
    expect(canonicalPlatform(text)).toBe(want)
    // the input parser and the image commands' parser are the same function
    expect(parsePlatformInput("Input 'platform'", text)).toBe(want)
    // normalised output parses to itself
    expect(canonicalPlatform(want)).toBe(want)
  })

  it.each(REFUSED)('%j is refused: %s', (text, why) => {
    let err: unknown
    try {
      parsePlatform(text, "Input 'platform'")
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(UsageError)
    expect((err as UsageError).message).toBe(
      `Input 'platform' has '${text}', which is not a platform: ${why}`
    )
    expect((err as UsageError).hint).toBe(
      'write it as docker --platform takes it: os/arch[/variant] or arch[/variant], e.g. linux/arm64, arm64, linux/arm/v7 or arm/v7'
    )
  })

  it("a compose file's platform: goes through the same parser, naming file, line and service", async () => {
    const files = memoryFiles({
      '/p/compose.yaml': 'services:\n  web:\n    image: web:1\n    platform: arm/v7\n',
      '/q/compose.yaml': 'services:\n  web:\n    image: web:1\n    platform: linux/v7\n'
    })
    const ok = await loadComposeProject({ files: ['/p/compose.yaml'], source: files, env: {} })
    expect(ok.services[0]!.platform).toBe('arm/v7')
    const err = await loadComposeProject({
      files: ['/q/compose.yaml'],
      source: files,
      env: {}
    }).catch((e: unknown) => e)
    expect((err as Error).message).toBe(
      `/q/compose.yaml:3: service "web": platform has 'linux/v7', which is not a platform: unknown architecture 'v7'`
    )
  })
})
