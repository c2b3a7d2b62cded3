import { describe, expect, it } from 'vitest'
import { interpolate, InterpolationError } from '../../src/compose/interpolate.js'
import { parseDotEnv } from '../../src/compose/dotenv.js'

const env: Record<string, string> = { TAG: '1.4.2', EMPTY: '', REG: 'ghcr.io/acme', NAME: 'web' }
const lookup = (n: string) => env[n]

describe('interpolate (compose-spec syntax)', () => {
  it.each([
    ['$TAG', '1.4.2'],
    ['${TAG}', '1.4.2'],
    ['app:$TAG-arm', 'app:1.4.2-arm'],
    ['$REG/$NAME:${TAG}', 'ghcr.io/acme/web:1.4.2'],
    ['${UNSET}', ''],
    ['$UNSET', ''],
    ['${UNSET:-2.0}', '2.0'],
    ['${EMPTY:-2.0}', '2.0'],
    ['${EMPTY-2.0}', ''],
    ['${UNSET-2.0}', '2.0'],
    ['${TAG:-2.0}', '1.4.2'],
    ['${TAG:+pinned}', 'pinned'],
    ['${EMPTY:+pinned}', ''],
    ['${EMPTY+pinned}', 'pinned'],
    ['${UNSET+pinned}', ''],
    ['${EMPTY?required}', ''],
    ['${UNSET:-${REG}/x}', 'ghcr.io/acme/x'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['$$TAG', '$TAG'],
    ['cost $$5', 'cost $5'],
    ['a $ b', 'a $ b'],
    ['trailing $', 'trailing $'],
    ['${TAG}${TAG}', '1.4.21.4.2'],
    ['${UNSET:-a:b}', 'a:b']
  ])('%s → %s', (input, expected) => {
    expect(interpolate(input, lookup)).toBe(expected)
  })

  it.each([
    ['${UNSET:?set the web tag}', /required variable UNSET.*set the web tag/],
    ['${EMPTY:?must not be empty}', /required variable EMPTY.*must not be empty/],
    ['${UNSET?missing}', /required variable UNSET.*missing/],
    ['${TAG', /unclosed/],
    ['${1ABC}', /invalid interpolation format/],
    ['${TAG:x}', /invalid interpolation format/]
  ])('%s fails: %s', (input, message) => {
    expect(() => interpolate(input, lookup)).toThrow(InterpolationError)
    expect(() => interpolate(input, lookup)).toThrow(message)
  })
})

describe('.env parsing', () => {
  it('reads keys, quotes, comments, export and references', () => {
    const text = [
      '# a comment',
      'export TAG=1.2.3',
      'REG = ghcr.io/acme   # trailing comment',
      "LITERAL='${TAG} stays'",
      'QUOTED="multi word ${TAG}\\n"',
      'REF=${REG}/web:${TAG}',
      'FROM_ENV=${HOME_DIR:-/root}',
      'MULTI="line one',
      'line two"',
      'EMPTY=',
      'BARE',
      ''
    ].join('\n')
    const vars = parseDotEnv(text, (n) => (n === 'HOME_DIR' ? '/home/dev' : undefined))
    expect(Object.fromEntries(vars)).toEqual({
      TAG: '1.2.3',
      REG: 'ghcr.io/acme',
      LITERAL: '${TAG} stays',
      QUOTED: 'multi word 1.2.3\n',
      REF: 'ghcr.io/acme/web:1.2.3',
      FROM_ENV: '/home/dev',
      MULTI: 'line one\nline two',
      EMPTY: ''
    })
  })

  it('reports an unterminated quote with its line', () => {
    expect(() => parseDotEnv('A=1\nB="open\nC=2\n')).toThrow(/line 2: unterminated " quote/)
  })
})

describe('image references', async () => {
  const { isValidReference, mutableTagReason, tagAndDigest } =
    await import('../../src/compose/reference.js')
  const dg = `sha256:${'ab'.repeat(32)}`
  it.each([
    ['nginx', true],
    ['nginx:1.25.3-alpine', true],
    ['docker.io/library/nginx:1.25', true],
    ['localhost:5000/team/app:v1_2.3', true],
    [`ghcr.io/acme/web@${dg}`, true],
    [`ghcr.io/acme/web:1.0@${dg}`, true],
    ['registry.example.com:443/a/b/c:tag', true],
    ['ghcr.io/acme/web:', false],
    ['Nginx:1', false],
    ['nginx:-bad', false],
    ['a b', false],
    ['nginx@sha256:short', false]
  ])('%s valid: %s', (ref, ok) => {
    expect(isValidReference(ref)).toBe(ok)
  })

  it('splits tag and digest, and a port is not a tag', () => {
    expect(tagAndDigest('localhost:5000/app')).toEqual({})
    expect(tagAndDigest('localhost:5000/app:2')).toEqual({ tag: '2' })
    expect(tagAndDigest(`app:1@${dg}`)).toEqual({ tag: '1', digest: dg })
    expect(mutableTagReason(`app:latest@${dg}`)).toBeUndefined()
    expect(mutableTagReason('app:v1.2.3')).toBeUndefined()
    expect(mutableTagReason('app:main')).toMatch(/moving tag "main"/)
  })
})
