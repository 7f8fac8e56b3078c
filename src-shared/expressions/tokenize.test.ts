import { describe, expect, it } from 'vitest'
import { ExpressionError } from './errors'
import { tokenize } from './tokenize'

/** Tokens without positions, `end` dropped, for compact expectations. */
const shapes = (source: string) =>
  tokenize(source).flatMap((token) => (token.type === 'end' ? [] : [[token.type, token.value]]))

const errorOf = (source: string): ExpressionError => {
  try {
    tokenize(source)
  } catch (error) {
    if (error instanceof ExpressionError) return error
    throw error
  }
  throw new Error(`tokenize(${JSON.stringify(source)}) did not fail`)
}

describe('tokenize', () => {
  it.each([
    ['42', 42],
    ['3.25', 3.25],
    ['.5', 0.5],
    ['1_000', 1000],
    ['1_000_000.5', 1000000.5],
    ['1e3', 1000],
    ['2.5E-2', 0.025],
    ['1e+2', 100],
    ['7.', 7]
  ])('reads the number %s', (source, value) => {
    expect(shapes(source)).toEqual([['number', value]])
  })

  it.each([
    [`'single'`, 'single'],
    [`"double"`, 'double'],
    [`'it\\'s'`, "it's"],
    [`"say \\"hi\\""`, 'say "hi"'],
    [`'a\\nb\\tc'`, 'a\nb\tc'],
    [`'back\\\\slash'`, 'back\\slash'],
    [`'\\x41\\101'`, 'AA'],
    [`'\\q'`, 'q'],
    [`'$w stays text'`, '$w stays text'],
    [`"it's"`, "it's"],
    [`'say "hi"'`, 'say "hi"'],
    [`''`, '']
  ])('reads the string %s', (source, value) => {
    expect(shapes(source)).toEqual([['string', value]])
  })

  it('reads names, stack variables and word operators', () => {
    expect(shapes('image.width and $w or not x')).toEqual([
      ['name', 'image'],
      ['punctuation', '.'],
      ['name', 'width'],
      ['operator', 'and'],
      ['name', '$w'],
      ['operator', 'or'],
      ['operator', 'not'],
      ['name', 'x']
    ])
  })

  it('joins two-word operators and keeps words that only start like operators', () => {
    expect(shapes('a not in b')).toEqual([
      ['name', 'a'],
      ['operator', 'not in'],
      ['name', 'b']
    ])
    expect(shapes("s starts with 'a' ends  with")).toEqual([
      ['name', 's'],
      ['operator', 'starts with'],
      ['string', 'a'],
      ['operator', 'ends with']
    ])
    expect(shapes('order android inside notice not inside')).toEqual([
      ['name', 'order'],
      ['name', 'android'],
      ['name', 'inside'],
      ['name', 'notice'],
      ['operator', 'not'],
      ['name', 'inside']
    ])
  })

  it('prefers the longest symbol', () => {
    expect(shapes('a === b !== c ** d .. e ?? f ?. g && h || i <= j >= k')).toEqual([
      ['name', 'a'],
      ['operator', '==='],
      ['name', 'b'],
      ['operator', '!=='],
      ['name', 'c'],
      ['operator', '**'],
      ['name', 'd'],
      ['operator', '..'],
      ['name', 'e'],
      ['punctuation', '??'],
      ['name', 'f'],
      ['punctuation', '?.'],
      ['name', 'g'],
      ['operator', '&&'],
      ['name', 'h'],
      ['operator', '||'],
      ['name', 'i'],
      ['operator', '<='],
      ['name', 'j'],
      ['operator', '>='],
      ['name', 'k']
    ])
  })

  it('reads 1..3 as a range, not as the number 1.', () => {
    expect(shapes('1..3')).toEqual([
      ['number', 1],
      ['operator', '..'],
      ['number', 3]
    ])
  })

  it('reads `a ?.5 : 1` as a conditional with the number .5', () => {
    expect(shapes('a ?.5 : 1')).toEqual([
      ['name', 'a'],
      ['punctuation', '?'],
      ['number', 0.5],
      ['punctuation', ':'],
      ['number', 1]
    ])
  })

  it('records 0-based positions and an end token', () => {
    expect(tokenize(' ab + 12')).toEqual([
      { type: 'name', value: 'ab', position: 1 },
      { type: 'operator', value: '+', position: 4 },
      { type: 'number', value: 12, position: 6 },
      { type: 'end', position: 8 }
    ])
  })

  it.each([
    ['(1 + 2))', 'Unexpected ")"', 7],
    ['[1, 2)', 'Unexpected ")"', 5],
    ['min(1, 2', 'Unclosed "("', 3],
    ["'open", 'Unterminated string', 0],
    ['1 # 2', 'Unexpected character "#"', 2],
    ['a = 1', 'Unexpected "=" (compare with "==")', 2],
    ['1__000', 'Invalid number', 0],
    ['12abc', 'Invalid number', 0]
  ])('rejects %s: %s at %i', (source, reason, position) => {
    const error = errorOf(source)
    expect(error.kind).toBe('syntax')
    expect(error.reason).toBe(reason)
    expect(error.position).toBe(position)
    expect(error.message).toBe(`${reason} at position ${position} in "${source}"`)
  })

  it('refuses sources longer than 1000 characters', () => {
    expect(() => tokenize('1'.repeat(1000))).not.toThrow()
    const error = errorOf('1'.repeat(1001))
    expect(error.kind).toBe('limit')
    expect(error.reason).toBe('Expression is longer than 1000 characters')
  })
})
