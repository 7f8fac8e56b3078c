import { describe, expect, it } from 'vitest'
import type { ExpressionNode } from './ast'
import { ExpressionError } from './errors'
import { parseExpression } from './parse'

/** The tree written back with every node parenthesised, to assert structure compactly. */
const show = (node: ExpressionNode): string => {
  switch (node.type) {
    case 'literal':
      return JSON.stringify(node.value)
    case 'name':
      return node.name
    case 'array':
      return `[${node.elements.map(show).join(', ')}]`
    case 'hash':
      return `{${node.entries.map((entry) => `${show(entry.key)}: ${show(entry.value)}`).join(', ')}}`
    case 'property':
      return `${show(node.object)}${node.nullSafe ? '?.' : '.'}${node.name}`
    case 'index':
      return `${show(node.object)}${node.nullSafe ? '?.' : ''}[${show(node.key)}]`
    case 'call':
      return `${node.name}(${node.args.map(show).join(', ')})`
    case 'unary':
      return `(${node.operator}${/[a-z]/.test(node.operator) ? ' ' : ''}${show(node.operand)})`
    case 'binary':
      return `(${show(node.left)} ${node.operator} ${show(node.right)})`
    case 'conditional':
      return `(${show(node.test)} ? ${show(node.consequent)} : ${node.alternate === null ? 'none' : show(node.alternate)})`
    case 'elvis':
      return `(${show(node.left)} ?: ${show(node.right)})`
    case 'coalesce':
      return `(${show(node.left)} ?? ${show(node.right)})`
  }
}

const tree = (source: string) => show(parseExpression(source).root)

const errorOf = (source: string): ExpressionError => {
  try {
    parseExpression(source)
  } catch (error) {
    if (error instanceof ExpressionError) return error
    throw error
  }
  throw new Error(`parseExpression(${JSON.stringify(source)}) did not fail`)
}

describe('parseExpression precedence (Symfony ExpressionLanguage)', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['2 ** 3 ** 2', '(2 ** (3 ** 2))'],
    ['2 * 3 ** 2', '(2 * (3 ** 2))'],
    ['-2 ** 2', '((-2) ** 2)'],
    ['not a and b', '((not a) and b)'],
    ['not a == b', '((not a) == b)'],
    ['!a || b', '((!a) || b)'],
    ['a or b and c', '(a or (b and c))'],
    ['a || b && c', '(a || (b && c))'],
    ['a xor b and c', '(a xor (b and c))'],
    ['a or b xor c', '(a or (b xor c))'],
    ['a and b | c', '(a and (b | c))'],
    ['a | b ^ c', '(a | (b ^ c))'],
    ['a ^ b & c', '(a ^ (b & c))'],
    ['a & b == c', '(a & (b == c))'],
    ['a == b < c', '((a == b) < c)'],
    ['a in 1..3', '(a in (1 .. 3))'],
    ['a not in b', '(a not in b)'],
    ['1..2 + 3', '(1 .. (2 + 3))'],
    ["'a' ~ 'b' + 1", '(("a" ~ "b") + 1)'],
    ["1 + 'a' ~ 'b'", '(1 + ("a" ~ "b"))'],
    ['a * b ~ c', '((a * b) ~ c)'],
    ['a % b * c', '((a % b) * c)'],
    ['s matches p and t contains u', '((s matches p) and (t contains u))'],
    ["s starts with 'a' or s ends with 'b'", '((s starts with "a") or (s ends with "b"))'],
    ['-a.b', '(-a.b)'],
    ['+1', '(+1)'],
    ['- - 1', '(-(-1))']
  ])('%s → %s', (source, expected) => {
    expect(tree(source)).toBe(expected)
  })
})

describe('parseExpression conditionals and null handling', () => {
  it.each([
    ['a ? b : c', '(a ? b : c)'],
    ['a ? b', '(a ? b : none)'],
    ['a ?: b', '(a ?: b)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a ? b ? c : d : e', '(a ? (b ? c : d) : e)'],
    ['a or b ? c : d', '((a or b) ? c : d)'],
    ['a ?? b', '(a ?? b)'],
    ['a ?? b ?? c', '(a ?? (b ?? c))'],
    ['a ?? b ? c : d', '(a ?? (b ? c : d))'],
    ['a + 1 ?? 2', '((a + 1) ?? 2)'],
    ['a?.b', 'a?.b'],
    ['a?.b.c', 'a?.b.c'],
    ["a?.['b']", 'a?.["b"]'],
    ['min(a ? 1 : 2, 3)', 'min((a ? 1 : 2), 3)']
  ])('%s → %s', (source, expected) => {
    expect(tree(source)).toBe(expected)
  })
})

describe('parseExpression primaries', () => {
  it.each([
    ['true', 'true'],
    ['TRUE', 'true'],
    ['False', 'false'],
    ['NULL', 'null'],
    ['$w', '$w'],
    ['image.width', 'image.width'],
    ["image['width']", 'image["width"]'],
    ['list[0][1]', 'list[0][1]'],
    ['a.in.not', 'a.in.not'],
    ['a.true', 'a.true'],
    ['[1, 2]', '[1, 2]'],
    ['[1, 2,]', '[1, 2]'],
    ['[]', '[]'],
    ['[1, [2]][1][0]', '[1, [2]][1][0]'],
    ["{a: 1, 'b': 2, 3: 4}", '{"a": 1, "b": 2, 3: 4}'],
    ['{(1 + 1): 2,}', '{(1 + 1): 2}'],
    ['{}', '{}'],
    ['max(1, 2, 3)', 'max(1, 2, 3)'],
    ['round(1.5)', 'round(1.5)'],
    ['abs(-1).x', 'abs((-1)).x']
  ])('%s → %s', (source, expected) => {
    expect(tree(source)).toBe(expected)
  })

  it('keeps source and positions of operators, names and literals', () => {
    const expression = parseExpression('a.b + min(1)')
    expect(expression.source).toBe('a.b + min(1)')
    expect(expression.root).toEqual({
      type: 'binary',
      operator: '+',
      position: 4,
      left: {
        type: 'property',
        name: 'b',
        nullSafe: false,
        position: 2,
        object: { type: 'name', name: 'a', position: 0 }
      },
      right: {
        type: 'call',
        name: 'min',
        position: 6,
        args: [{ type: 'literal', value: 1, position: 10 }]
      }
    })
  })
})

describe('parseExpression errors', () => {
  it.each([
    ['(1 + 2)) * 3', 'syntax', 'Unexpected ")"', 7],
    ['', 'syntax', 'The expression is empty', 0],
    ['1 +', 'syntax', 'Unexpected end of expression', 3],
    ['1 2', 'syntax', 'Unexpected number 2', 2],
    ["'a' 'b'", 'syntax', 'Unexpected string "b"', 4],
    ['a b', 'syntax', 'Unexpected name "b"', 2],
    ['$a $b', 'syntax', 'Unexpected variable "$b"', 3],
    ['min(1, )', 'syntax', 'Unexpected ")"', 7],
    ['min(1,)', 'syntax', 'Unexpected ")"', 6],
    ['[1 2]', 'syntax', 'Unexpected number 2 (expected "," or "]")', 3],
    ['{a 1}', 'syntax', 'Unexpected number 1 (expected ":")', 3],
    [
      '{[1]: 2}',
      'syntax',
      'Unexpected "[" (expected a hash key: a name, a quoted string, a number or (expression))',
      1
    ],
    ['a.', 'syntax', 'Unexpected end of expression (expected a property name)', 2],
    ['a.$b', 'syntax', 'Unexpected variable "$b" (expected a property name)', 2],
    ['a.1', 'syntax', 'Unexpected number 1 (expected a property name)', 2],
    ['image.format()', 'syntax', 'Methods cannot be called ("format(…)")', 12],
    ['$w(1)', 'syntax', 'Unexpected "("', 2],
    ['* 2', 'syntax', 'Unexpected "*"', 0],
    ['a ? b :', 'syntax', 'Unexpected end of expression', 7],
    ['round()', 'syntax', 'round() expects 1 to 2 arguments, 0 given', 0],
    ['pow(1)', 'syntax', 'pow() expects 2 arguments, 1 given', 0],
    ['abs(1, 2)', 'syntax', 'abs() expects 1 argument, 2 given', 0],
    ['min()', 'syntax', 'min() expects at least 1 argument, 0 given', 0],
    ['image.constructor', 'access', 'Access to "constructor" is not allowed', 6],
    ["image['__proto__']", 'access', 'Access to "__proto__" is not allowed', 6],
    ['image?.prototype', 'access', 'Access to "prototype" is not allowed', 7],
    ['{__proto__: 1}', 'access', 'Access to "__proto__" is not allowed', 1]
  ])('%s: %s error "%s" at %i', (source, kind, reason, position) => {
    const error = errorOf(source)
    expect(error.reason).toBe(reason)
    expect(error.kind).toBe(kind)
    expect(error.position).toBe(position)
    expect(error.message).toBe(`${reason} at position ${position} in "${source}"`)
    expect(error.source).toBe(source)
    expect(error.name).toBe('ExpressionError')
  })

  it('names unknown functions and lists the allowed ones', () => {
    const error = errorOf('1 + eval(2)')
    expect(error.kind).toBe('reference')
    expect(error.position).toBe(4)
    expect(error.reason).toMatch(/^The function "eval" does not exist \(available: min, max, abs, /)
    expect(errorOf('constructor(1)').reason).toMatch(/^The function "constructor" does not exist/)
  })

  it('quotes only the part of a long source around the problem', () => {
    const source = `${'1 + '.repeat(30)}) + ${'2 + '.repeat(20)}2`
    expect(errorOf(source).message).toBe(
      `Unexpected ")" at position 120 in "…${source.slice(90, 150)}…"`
    )
    const atEnd = `${'1 + '.repeat(30)})`
    expect(errorOf(atEnd).message).toBe(`Unexpected ")" at position 120 in "…${atEnd.slice(90)}"`)
  })
})

describe('parseExpression limits', () => {
  it('accepts 64 levels of nesting and refuses 65', () => {
    expect(() => parseExpression(`${'-'.repeat(63)}1`)).not.toThrow()
    const error = errorOf(`${'-'.repeat(64)}1`)
    expect(error.kind).toBe('limit')
    expect(error.reason).toBe('Expression is nested more than 64 levels deep')
    expect(error.position).toBe(0)
  })

  it('counts depth in left-leaning chains too', () => {
    expect(() => parseExpression(Array.from({ length: 64 }, () => '1').join(' + '))).not.toThrow()
    const error = errorOf(Array.from({ length: 65 }, () => '1').join(' + '))
    expect(error.reason).toBe('Expression is nested more than 64 levels deep')
  })

  it('refuses deep redundant parentheses before the stack suffers', () => {
    const error = errorOf(`${'('.repeat(200)}1${')'.repeat(200)}`)
    expect(error.kind).toBe('limit')
    expect(error.reason).toBe('Expression is nested too deeply')
  })

  it('accepts 500 nodes and refuses 501', () => {
    // every -1 is two nodes (minus and literal), the array one more
    const negatives = (count: number) => Array.from({ length: count }, () => '-1')
    expect(() => parseExpression(`[${[...negatives(249), '1'].join(',')}]`)).not.toThrow()
    const error = errorOf(`[${negatives(250).join(',')}]`)
    expect(error.kind).toBe('limit')
    expect(error.reason).toBe('Expression has more than 500 parts')
  })

  it('refuses sources longer than 1000 characters', () => {
    const error = errorOf(`${'1+'.repeat(500)}1`)
    expect(error.kind).toBe('limit')
    expect(error.reason).toBe('Expression is longer than 1000 characters')
  })
})
