import { describe, expect, it } from 'vitest'
import { ExpressionError, ExpressionFault } from './errors'
import { evaluateExpression } from './evaluate'
import { checkPatternCost, compilePattern, matches } from './matches'

describe('matches: PHP patterns', () => {
  it.each([
    ['abc', '/^a.c$/', true],
    ['ABC', '/^abc$/i', true],
    ['ABC', '/^abc$/', false],
    ['a\nb', '/^b$/m', true],
    ['a\nb', '/a.b/s', true],
    ['a\nb', '/a.b/', false],
    ['path/to', '#^path/to$#', true],
    ['a/b', '/a\\/b/', true],
    ['x1', '{\\d}', true],
    ['x1', '(\\d)', true],
    ['x1', '[x]', true],
    ['a', '<a>', true],
    ['jpeg', '/^(?:jpe?g|png)$/', true],
    ['gif', '/^(?:jpe?g|png)$/', false],
    ['2024-01', '/^(?P<year>\\d{4})-\\d{2}$/', true],
    ['end', '/end$/D', true],
    [12345, '/^\\d+$/', true]
  ])('%j matches %s: %s', (subject, pattern, expected) => {
    expect(matches(subject, pattern)).toBe(expected)
  })

  it('translates PHP named groups to JavaScript ones', () => {
    expect(compilePattern('/(?P<y>\\d)/').source).toBe('(?<y>\\d)')
  })

  it.each([
    [
      'abc',
      'missing a delimiter',
      'Invalid regular expression: "abc" must start with a delimiter such as "/"'
    ],
    ['/abc', 'an unclosed pattern', 'Invalid regular expression: "/abc" has no closing "/"'],
    [
      '',
      'an empty pattern',
      'Invalid regular expression: "" must start with a delimiter such as "/"'
    ],
    ['/a/x', 'an unsupported flag', 'Invalid regular expression: the flag "x" is not supported'],
    ['/a/U', 'PCRE ungreedy mode', 'Invalid regular expression: the flag "U" is not supported']
  ])('refuses %j (%s)', (pattern, _what, message) => {
    expect(() => matches('a', pattern)).toThrow(new ExpressionFault('type', message))
  })

  it('reports patterns JavaScript cannot compile', () => {
    expect(() => matches('a', '/a(/')).toThrow(/^Invalid regular expression: .*Unterminated group/)
    expect(() => matches('a', '/a(/')).toThrow(ExpressionFault)
  })

  it('refuses a pattern that is not a string', () => {
    expect(() => matches('a', 5)).toThrow('"matches" needs a pattern string, not 5')
  })
})

describe('matches: guards against catastrophic backtracking', () => {
  it.each([
    ['(a+)+$', 'a repeated group must not repeat or alternate inside'],
    ['(a*)*b', 'a repeated group must not repeat or alternate inside'],
    ['(a|aa)*c', 'a repeated group must not repeat or alternate inside'],
    ['(?:\\w+\\s?)+$', 'a repeated group must not repeat or alternate inside'],
    ['((ab)+c)+', 'a repeated group must not repeat or alternate inside'],
    ['(a{1,20})+', 'a repeated group must not repeat or alternate inside'],
    ['(a)\\1', 'back-references are not allowed'],
    ['(?<x>a)\\k<x>', 'back-references are not allowed'],
    ['\\d+\\d+\\d+\\d+', 'more than 3 unbounded repetitions'],
    ['a*b*c*d{2,}', 'more than 3 unbounded repetitions']
  ])('refuses %s', (body, why) => {
    expect(() => checkPatternCost(body)).toThrow(
      new ExpressionFault('limit', `The regular expression is too costly to run: ${why}`)
    )
  })

  it.each([
    '^[a-z]+$',
    '^\\w+@\\w+\\.\\w+$',
    '^(jpe?g|png|gif)$',
    '(ab)+',
    '(a+)?b',
    '(a|b)?',
    '[(+*]+',
    '\\(a+\\)+',
    '^[0-9a-f]{3,6}$',
    '(?:ab){2}',
    'a{2,5}'
  ])('allows %s', (body) => {
    expect(() => checkPatternCost(body)).not.toThrow()
  })

  it('refuses patterns longer than 200 characters', () => {
    expect(() => compilePattern(`/${'a'.repeat(198)}/`)).not.toThrow()
    expect(() => compilePattern(`/${'a'.repeat(199)}/`)).toThrow(
      new ExpressionFault('limit', 'The regular expression is longer than 200 characters')
    )
  })

  it('tests only subjects of up to 256 characters', () => {
    expect(matches('a'.repeat(256), '/^a+$/')).toBe(true)
    expect(() => matches('a'.repeat(257), '/^a+$/')).toThrow(
      new ExpressionFault('limit', '"matches" only tests strings of up to 256 characters')
    )
  })

  it('reports the operator position from an expression', () => {
    try {
      evaluateExpression("'aaa' matches '/(a+)+$/'", {})
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError)
      expect(error).toMatchObject({ kind: 'limit', position: 6 })
    }
  })
})
