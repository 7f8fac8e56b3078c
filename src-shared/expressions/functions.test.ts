import { describe, expect, it } from 'vitest'
import { ExpressionError } from './errors'
import { evaluateExpression } from './evaluate'
import { FUNCTION_NAMES } from './functions'

const run = (source: string) => evaluateExpression(source, { $list: [4, 9, 2], $text: 'Grüße' })

describe('allow-listed functions', () => {
  it('offers exactly these functions', () => {
    expect([...FUNCTION_NAMES].sort()).toEqual(
      [
        'abs',
        'atan',
        'atan2',
        'ceil',
        'cos',
        'deg2rad',
        'floatval',
        'floor',
        'intval',
        'max',
        'min',
        'pow',
        'rad2deg',
        'round',
        'sin',
        'sqrt',
        'strlen',
        'strtolower',
        'strtoupper',
        'strval',
        'tan'
      ].sort()
    )
  })

  it.each([
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['min($list)', 2],
    ['max([1, "7"])', 7],
    ['abs(-4.5)', 4.5],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(1.4)', 1],
    ['round(1.005, 2)', 1.01],
    ['round(1234.5678, -2)', 1200],
    ['round(3.14159, 3)', 3.142],
    ['sqrt(16)', 4],
    ['pow(2, 10)', 1024],
    ['pow("2", 0.5)', Math.SQRT2],
    ['sin(0)', 0],
    ['cos(0)', 1],
    ['tan(0)', 0],
    ['atan(1)', Math.PI / 4],
    ['atan2(1, 1)', Math.PI / 4],
    ['atan2(1, -1)', (3 * Math.PI) / 4],
    ['rad2deg(atan(1))', 45],
    ['deg2rad(180)', Math.PI],
    ['intval(4.9)', 4],
    ['intval(-4.9)', -4],
    ["intval('12px')", 12],
    ["intval('abc')", 0],
    ["intval('1e3')", 1000],
    ['intval(true)', 1],
    ['intval(null)', 0],
    ['intval([])', 0],
    ["floatval('3.5kg')", 3.5],
    ["floatval('x')", 0],
    ['strval(1.5)', '1.5'],
    ['strval(true)', '1'],
    ['strval(null)', ''],
    ["strlen('abc')", 3],
    ['strlen($text)', 7],
    ['strlen(1234)', 4],
    ["strtolower('JPEG')", 'jpeg'],
    ["strtoupper('jpeg')", 'JPEG'],
    ['strtoupper($text)', 'GRüßE']
  ])('%s = %j', (source, expected) => {
    if (typeof expected === 'number' && !Number.isInteger(expected)) {
      expect(run(source)).toBeCloseTo(expected, 12)
    } else {
      expect(run(source)).toBe(expected)
    }
  })

  it.each([
    ['max(5)', 'type', 'max() needs several numbers or one array, not 5', 0],
    ['min([])', 'type', 'min() needs at least one number', 0],
    ["abs('x')", 'type', 'Cannot use "x" as a number', 0],
    ['1 + sqrt(-1)', 'arithmetic', 'The result is not a finite number', 4],
    ['pow(0, -1)', 'arithmetic', 'The result is not a finite number', 0],
    ['strlen([1])', 'type', 'Cannot use a value of type array as a string', 0]
  ])('%s fails: %s "%s" at %i', (source, kind, reason, position) => {
    try {
      run(source)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError)
      if (!(error instanceof ExpressionError)) return
      expect(error.kind).toBe(kind)
      expect(error.reason).toBe(reason)
      expect(error.position).toBe(position)
    }
  })
})
