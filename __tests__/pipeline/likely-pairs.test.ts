import { describe, expect, it } from 'vitest'
import type { ResolvedImage } from '../../src/oci/resolved.js'
import { likelyPairs } from '../../src/pipeline/stages/delta.js'

const image = (manifest: string, diffIds: string[]) =>
  ({ manifestDigest: manifest, diffIds }) as unknown as ResolvedImage

describe('likelyPairs (how many workers the delta stage starts ahead)', () => {
  it('pairs a layer changed in place with the layer at its index', () => {
    expect(
      likelyPairs(image('m2', ['base', 'rt', 'app2']), image('m1', ['base', 'rt', 'app1']))
    ).toEqual([['app1', 'app2']])
  })

  it('not a layer the current image has anywhere (a copy), nor one past its end', () => {
    // 'rt' moved from index 1 to 2: it ships as a copy; index 3 has no counterpart
    expect(
      likelyPairs(image('m2', ['base', 'new', 'rt', 'extra']), image('m1', ['base', 'rt', 'old']))
    ).toEqual([['rt', 'new']])
  })

  it('nothing without a current image, or for an unchanged one', () => {
    expect(likelyPairs(image('m2', ['a']), undefined)).toEqual([])
    expect(likelyPairs(image('m1', ['a']), image('m1', ['a']))).toEqual([])
  })
})
