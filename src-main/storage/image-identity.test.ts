import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJson, computeImageHash, shortHashLength } from './image-identity'

const binary = createHash('sha1').update('bytes').digest('hex')

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}'
    )
  })
})

describe('computeImageHash', () => {
  it('matches the documented formula', () => {
    const meta = { subject_area: { y: 2, x: 1 } }
    const expected = createHash('sha1')
      .update(`darkroom-image-v1\n${binary}\n{"subject_area":{"x":1,"y":2}}\npublic`)
      .digest('hex')
    expect(computeImageHash(binary, meta, false)).toBe(expected)
  })

  it('is the same for equal metadata in any key order', () => {
    expect(computeImageHash(binary, { a: { x: 1, y: 2 }, b: 1 }, false)).toBe(
      computeImageHash(binary, { b: 1, a: { y: 2, x: 1 } }, false)
    )
  })

  it('changes with metadata and protection, and returns when metadata is removed', () => {
    const plain = computeImageHash(binary, {}, false)
    const withArea = computeImageHash(binary, { subject_area: { x: 1, y: 1 } }, false)
    expect(withArea).not.toBe(plain)
    expect(computeImageHash(binary, {}, true)).not.toBe(plain)
    expect(computeImageHash(binary, {}, false)).toBe(plain)
    expect(plain).toMatch(/^[0-9a-f]{40}$/)
  })
})

describe('shortHashLength', () => {
  it('is 6 when no neighbour shares a prefix', () => {
    expect(shortHashLength('abcdef0123', ['b000000000', undefined])).toBe(6)
  })
  it('grows past the longest prefix shared with a neighbour', () => {
    expect(shortHashLength('abcdef0123', ['abcdef0199', 'abcdeg0000'])).toBe(9)
  })
})
