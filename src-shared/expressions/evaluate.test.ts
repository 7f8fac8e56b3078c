import { describe, expect, it } from 'vitest'
import { ExpressionError } from './errors'
import { evaluateExpression, type ExpressionScope } from './evaluate'
import { parseExpression } from './parse'

const scope: ExpressionScope = {
  image: {
    width: 1200,
    height: 800,
    hasSubjectArea: false,
    entropy: 6.2,
    format: 'jpeg',
    subject_area: null
  },
  options: { dpr: 2 },
  request: { headers: { save_data: 'on' } },
  $w: 500
}

const run = (source: string, names: ExpressionScope = scope) => evaluateExpression(source, names)

const errorOf = (source: string, names: ExpressionScope = scope): ExpressionError => {
  try {
    run(source, names)
  } catch (error) {
    if (error instanceof ExpressionError) return error
    throw error
  }
  throw new Error(`${JSON.stringify(source)} did not fail`)
}

describe('evaluateExpression: arithmetic', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ** 3 ** 2', 512],
    ['-2 ** 2', 4],
    ['10 - 4 - 3', 3],
    ['7 / 2', 3.5],
    ['12 / 4 / 3', 1],
    ['7 % 3', 1],
    ['-7 % 3', -1],
    ['7 % -3', 1],
    ['7.9 % 3', 1],
    ['2 ** -1', 0.5],
    ['-$w', -500],
    ['+"3"', 3],
    ["'5' + 5", 10],
    ["' 1.5' * 2", 3],
    ['true + true', 2],
    ['null + 1', 1],
    ['1_000 + .5 + 1e3', 2000.5],
    ['5 | 2', 7],
    ['6 ^ 3', 5],
    ['6 & 3', 2],
    ['4294967296 | 1', 4294967297],
    ['-1 & 255', 255]
  ])('%s = %j', (source, expected) => {
    expect(run(source)).toBe(expected)
  })

  it.each([
    ['1 / 0', 'arithmetic', 'Division by zero', 2],
    ['1 / (2 - 2)', 'arithmetic', 'Division by zero', 2],
    ['5 % 0', 'arithmetic', 'Modulo by zero', 2],
    ['5 % 0.5', 'arithmetic', 'Modulo by zero', 2],
    ['10 ** 400', 'arithmetic', 'The result is not a finite number', 3],
    ["'abc' + 1", 'type', 'Cannot use "abc" as a number', 6],
    ["-'px'", 'type', 'Cannot use "px" as a number', 0],
    ['[1] * 2', 'type', 'Cannot use a value of type array as a number', 4]
  ])('%s fails: %s "%s" at %i', (source, kind, reason, position) => {
    const error = errorOf(source)
    expect(error.kind).toBe(kind)
    expect(error.reason).toBe(reason)
    expect(error.position).toBe(position)
    expect(error.message).toBe(`${reason} at position ${position} in "${source}"`)
  })
})

describe('evaluateExpression: logic and comparison', () => {
  it.each([
    ['not true', false],
    ['!0', true],
    ["not ''", true],
    ['not []', true],
    ['not false and false', false],
    ['not (false and false)', true],
    ['true and 1', true],
    ["1 and ''", false],
    ['0 or 2', true],
    ['0 || null', false],
    ['true && false || true', true],
    ['true xor true', false],
    ['true xor 0', true],
    ["'5' == 5", true],
    ["'abc' == 0", false],
    ['null == false', true],
    ["'5' === 5", false],
    ['5 === 5', true],
    ["'5' != 5", false],
    ["'5' !== 5", true],
    ['[1, 2] == [1, 2]', true],
    ['[1, 2] === [1, 2]', true],
    ['2 < 10', true],
    ["'2' < '10'", true],
    ["'b' < 'a'", false],
    ['3 > 3', false],
    ['3 >= 3', true],
    ['3 <= 2', false],
    ['options.dpr >= 2', true]
  ])('%s is %j', (source, expected) => {
    expect(run(source)).toBe(expected)
  })

  it('short-circuits and/or', () => {
    expect(run('false and 1 / 0')).toBe(false)
    expect(run('true or 1 / 0')).toBe(true)
    expect(run('false && missing')).toBe(false)
    expect(errorOf('true and 1 / 0').reason).toBe('Division by zero')
  })

  it('refuses to order arrays', () => {
    const error = errorOf('[1] < 2')
    expect(error.kind).toBe('type')
    expect(error.reason).toBe('Cannot order a value of type array and 2')
    expect(error.position).toBe(4)
  })
})

describe('evaluateExpression: strings', () => {
  it.each([
    ["'a' ~ 'b'", 'ab'],
    ["'w' ~ $w", 'w500'],
    ["'x' ~ 1.5 ~ true ~ false ~ null", 'x1.51'],
    ["'it\\'s' ~ \"\\t\"", "it's\t"],
    ["'jpeg' contains 'pe'", true],
    ["'jpeg' contains 'x'", false],
    ["image.format starts with 'jp'", true],
    ["image.format starts with 'pe'", false],
    ["image.format ends with 'eg'", true],
    ["image.format ends with 'jp'", false],
    ['1234 contains 23', true],
    ["image.format matches '/^jpe?g$/'", true],
    ["'PNG' matches '/^png$/i'", true],
    ["'PNG' matches '/^png$/'", false],
    ["'a1' matches '{\\\\d}'", true]
  ])('%s is %j', (source, expected) => {
    expect(run(source)).toBe(expected)
  })

  it('refuses to join arrays into strings', () => {
    const error = errorOf("'a' ~ [1]")
    expect(error.kind).toBe('type')
    expect(error.reason).toBe('Cannot use a value of type array as a string')
    expect(error.position).toBe(4)
  })

  it('refuses strings longer than 10000 characters, built or returned', () => {
    const big = 'x'.repeat(5000)
    expect(run('$s ~ $s', { $s: big })).toHaveLength(10_000)
    const built = errorOf("$s ~ $s ~ 'x'", { $s: big })
    expect(built.kind).toBe('limit')
    expect(built.reason).toBe('The string would be longer than 10000 characters')
    expect(built.position).toBe(8)
    const returned = errorOf('$s', { $s: 'x'.repeat(10_001) })
    expect(returned.kind).toBe('limit')
    expect(returned.reason).toBe('The result is longer than 10000 characters')
  })
})

describe('evaluateExpression: arrays, hashes, in and ranges', () => {
  it.each([
    ['[1, 2, 3]', [1, 2, 3]],
    ['[]', []],
    ["{a: 1, 'b': 2, (1 + 1): 3}", { a: 1, b: 2, 2: 3 }],
    ['[10, 20][1]', 20],
    ["{a: {b: 'c'}}['a'].b", 'c'],
    ['[1, 2][5]', null],
    ['2 in [1, 2]', true],
    ["'2' in [1, 2]", false],
    ['2 not in [1, 2]', false],
    ['3 not in [1, 2]', true],
    ["'b' in {x: 'a', y: 'b'}", true],
    ["'x' in {x: 'a'}", false],
    ["image.format in ['jpeg', 'png']", true],
    ['[1] in [[1], [2]]', true],
    ['1..4', [1, 2, 3, 4]],
    ['3..1', [3, 2, 1]],
    ['2..2', [2]],
    ['$w in 1..1000', true]
  ])('%s = %j', (source, expected) => {
    expect(run(source)).toEqual(expected)
  })

  it('builds hashes as plain objects', () => {
    expect(Object.getPrototypeOf(run('{a: 1}'))).toBe(Object.prototype)
  })

  it.each([
    ['1 in 5', 'type', '"in" needs an array on its right, not 5', 2],
    ["1 in 'abc'", 'type', '"in" needs an array on its right, not "abc"', 2],
    ['1..1.5', 'type', 'A range needs whole numbers, not 1 and 1.5', 1],
    ['0..10000', 'limit', 'The range 0..10000 has more than 10000 elements', 1],
    ["{(('__pro' ~ 'to__')): 1}", 'access', 'Access to "__proto__" is not allowed', 11],
    ['{(1.5): 1}', 'type', 'Cannot use 1.5 as a key', 2],
    ['[1][0.5]', 'type', 'Cannot use 0.5 as a key', 3]
  ])('%s fails: %s "%s" at %i', (source, kind, reason, position) => {
    const error = errorOf(source)
    expect(error.kind).toBe(kind)
    expect(error.reason).toBe(reason)
    expect(error.position).toBe(position)
  })

  it('allows a range of exactly 10000 elements', () => {
    expect(run('1..10000')).toHaveLength(10_000)
  })
})

describe('evaluateExpression: conditionals and null handling', () => {
  it.each([
    ['image.height > image.width ? 1 : 2', 2],
    ['image.width > image.height ? 1 : 2', 1],
    ['$w < 500 ? $w : 500', 500],
    ['false ? 1', null],
    ['true ? 1', 1],
    ["0 ?: 'fallback'", 'fallback'],
    ["'set' ?: 'fallback'", 'set'],
    ['null ?? 3', 3],
    ['0 ?? 3', 0],
    ['image.subject_area ?? 3', 3],
    ['image.subject_area.x ?? 3', 3],
    ["image.subject_area['x'] ?? 3", 3],
    ['$undefined ?? 4', 4],
    ['nothing.at.all ?? 5', 5],
    ['image.subject_area?.x', null],
    ["image.subject_area?.['x']", null],
    ['image.missing', null],
    ["image['missing']", null],
    ['request.headers.accept', null],
    ['image?.width', 1200]
  ])('%s = %j', (source, expected) => {
    expect(run(source)).toBe(expected)
  })

  it('evaluates only the branch taken', () => {
    expect(run('true ? 1 : 1 / 0')).toBe(1)
    expect(run('1 ?: 1 / 0')).toBe(1)
    expect(run('1 ?? 1 / 0')).toBe(1)
  })

  it('reads a property of null only with ?. or ??', () => {
    const error = errorOf('image.subject_area.x + 1')
    expect(error.kind).toBe('access')
    expect(error.reason).toBe('Cannot read "x" of null (write ?. or ?? to allow a missing value)')
    expect(error.position).toBe(19)
  })

  it('does not short-circuit a whole chain after ?. (as Symfony)', () => {
    const error = errorOf('image.subject_area?.x.y')
    expect(error.reason).toBe('Cannot read "y" of null (write ?. or ?? to allow a missing value)')
    expect(error.position).toBe(22)
  })

  it('does not forgive errors inside the left side of ?? that are not about missing values', () => {
    expect(errorOf('(1 / 0) ?? 1').reason).toBe('Division by zero')
    expect(errorOf('image.format.b ?? 1').reason).toBe('Cannot read "b" of a string')
  })
})

describe('evaluateExpression: names and safety', () => {
  it('resolves bare names and stack variables from the scope', () => {
    expect(run('image.width')).toBe(1200)
    expect(run("request.headers['save_data']")).toBe('on')
    expect(run('$w')).toBe(500)
    expect(run('options')).toEqual({ dpr: 2 })
  })

  it.each([
    ['imgae.width', 'The name "imgae" is not defined (known names: image, options, request)', 0],
    ['$h * 2', 'The stack variable "$h" is not defined', 0],
    ['w', 'The name "w" is not defined (known names: image, options, request)', 0]
  ])('reports %s', (source, reason, position) => {
    const error = errorOf(source)
    expect(error.kind).toBe('reference')
    expect(error.reason).toBe(reason)
    expect(error.position).toBe(position)
  })

  it.each([
    ['image.constructor', 'Access to "constructor" is not allowed', 6],
    ["image['constructor']", 'Access to "constructor" is not allowed', 6],
    ["image['__' ~ 'proto__']", 'Access to "__proto__" is not allowed', 5],
    ["[]['constructor']", 'Access to "constructor" is not allowed', 3],
    ['image[$key]', 'Access to "__proto__" is not allowed', 5]
  ])('refuses prototype access %s', (source, reason, position) => {
    const error = errorOf(source, { ...scope, $key: '__proto__' })
    expect(error.kind).toBe('access')
    expect(error.reason).toBe(reason)
    expect(error.position).toBe(position)
  })

  it('does not find names on the prototype of the scope', () => {
    expect(errorOf('toString').reason).toMatch(/^The name "toString" is not defined/)
    expect(errorOf('__proto__').reason).toMatch(/^The name "__proto__" is not defined/)
    expect(errorOf('constructor.name').reason).toMatch(/^The name "constructor" is not defined/)
  })

  it('does not see inherited, non-enumerable or non-plain members', () => {
    expect(run('image.toString')).toBeNull()
    expect(run('image.hasOwnProperty')).toBeNull()
    expect(run('[1, 2].length')).toBeNull()
    expect(run('$list.length', { $list: [1] })).toBeNull()
    expect(errorOf('$date.getTime', { $date: new Date(0) }).reason).toBe(
      'Cannot read "getTime" of an object'
    )
    expect(errorOf('image.format.length').reason).toBe('Cannot read "length" of a string')
    expect(errorOf('$n.x', { $n: 5 }).reason).toBe('Cannot read "x" of a number')
  })

  it('never hands out functions and never runs getters', () => {
    let called = false
    const tricky: Record<string, unknown> = { run: () => 1 }
    Object.defineProperty(tricky, 'getter', {
      enumerable: true,
      get: () => {
        called = true
        return 1
      }
    })
    expect(errorOf('$t.run', { $t: tricky }).reason).toBe(
      '"run" is not a value that expressions can use'
    )
    expect(errorOf('fn', { fn: () => 1 }).reason).toBe(
      '"fn" is not a value that expressions can use'
    )
    expect(run('$t.getter', { $t: tricky })).toBeNull()
    expect(called).toBe(false)
  })

  it('gives null for scope values that are undefined', () => {
    expect(run('$u', { $u: undefined })).toBeNull()
    expect(run('$o.u', { $o: { u: undefined } })).toBeNull()
  })

  it('accepts a parsed expression and can evaluate it against several scopes', () => {
    const expression = parseExpression('$w * 2')
    expect(evaluateExpression(expression, { $w: 1 })).toBe(2)
    expect(evaluateExpression(expression, { $w: 21 })).toBe(42)
  })

  it('limits the depth of trees it did not parse itself', () => {
    let root: ReturnType<typeof parseExpression>['root'] = {
      type: 'literal',
      value: 1,
      position: 0
    }
    for (let i = 0; i < 70; i++) root = { type: 'unary', operator: '-', operand: root, position: 0 }
    expect(() => evaluateExpression({ source: '…', root }, {})).toThrow(
      'Expression is nested more than 64 levels deep'
    )
  })
})
