import { describe, expect, it } from 'vitest'
import {
  familiarReference,
  formatReference,
  parseReference,
  registryApiHost
} from '../../src/oci/reference.js'
import { UserError } from '../../src/util/errors.js'

const D = `sha256:${'a'.repeat(64)}`

describe('parseReference (distribution/reference normalisation)', () => {
  it.each([
    ['debian', 'docker.io/library/debian:latest'],
    ['library/debian', 'docker.io/library/debian:latest'],
    ['docker/docker', 'docker.io/docker/docker:latest'],
    ['docker.io/debian', 'docker.io/library/debian:latest'],
    ['docker.io/docker/docker:1.0', 'docker.io/docker/docker:1.0'],
    ['index.docker.io/debian', 'docker.io/library/debian:latest'],
    ['index.docker.io/docker/docker', 'docker.io/docker/docker:latest'],
    ['localhost/debian', 'localhost/debian:latest'],
    ['localhost:5000/a/b/c:v2', 'localhost:5000/a/b/c:v2'],
    ['myhost/app', 'docker.io/myhost/app:latest'],
    ['myhost:5000/app', 'myhost:5000/app:latest'],
    ['my.host/app', 'my.host/app:latest'],
    ['ghcr.io/owner/app:v1', 'ghcr.io/owner/app:v1'],
    ['127.0.0.1:5000/test/app:v1', '127.0.0.1:5000/test/app:v1'],
    ['[::1]:5000/app:tag', '[::1]:5000/app:tag'],
    ['Foo/bar', 'Foo/bar:latest'],
    ['registry.example.com:443/a/b/c:1.0', 'registry.example.com:443/a/b/c:1.0'],
    ['a__b-c/d---e/f_g', 'docker.io/a__b-c/d---e/f_g:latest'],
    [`nginx@${D}`, `docker.io/library/nginx@${D}`],
    [`nginx:1.25@${D}`, `docker.io/library/nginx:1.25@${D}`]
  ])('%s → %s', (input, full) => {
    expect(formatReference(parseReference(input))).toBe(full)
  })

  it('splits registry, repository, tag and digest', () => {
    expect(parseReference(`ghcr.io/o/app:v1@${D}`)).toEqual({
      registry: 'ghcr.io',
      repository: 'o/app',
      tag: 'v1',
      digest: D
    })
    expect(parseReference(`app@${D}`)).toEqual({
      registry: 'docker.io',
      repository: 'library/app',
      digest: D
    })
  })

  it.each([
    ['UPPER', /repository name "library\/UPPER" must be lowercase/],
    ['docker.io/Foo', /must be lowercase/],
    ['example.com/Foo/bar:v1', /must be lowercase/],
    ['a'.repeat(64).replace(/a/g, 'b'), /64-character hexadecimal/],
    ['foo:', /invalid reference format/],
    ['foo:a:b', /invalid reference format/],
    ['-foo', /invalid reference format/],
    ['foo/-bar', /invalid reference format/],
    ['foo//bar', /invalid reference format/],
    [`foo:${'t'.repeat(129)}`, /invalid reference format/],
    ['foo@sha256:abc', /invalid reference format/],
    [`foo@sha256:${'A'.repeat(64)}`, /lowercase hex/],
    [`foo@md5:${'a'.repeat(32)}`, /unsupported digest algorithm/],
    ['', /empty/],
    ['a__b.c/f', /"a__b.c" is not a valid registry host/],
    [`example.com/${'a/'.repeat(130)}b`, /not be more than 255/]
  ])('%s is refused', (input, why) => {
    let err: unknown
    try {
      parseReference(input)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(UserError)
    expect((err as Error).message).toMatch(why)
    expect((err as UserError).hint).toMatch(/\[registry\[:port\]\/\]name/)
  })

  it('familiar form and API host follow Docker', () => {
    expect(familiarReference(parseReference('docker.io/library/nginx'))).toBe('nginx:latest')
    expect(familiarReference(parseReference('docker/docker:1'))).toBe('docker/docker:1')
    expect(familiarReference(parseReference('ghcr.io/o/a:1'))).toBe('ghcr.io/o/a:1')
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io')
    expect(registryApiHost('ghcr.io')).toBe('ghcr.io')
  })
})
