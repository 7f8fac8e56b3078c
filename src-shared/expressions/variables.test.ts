import { describe, expect, it } from 'vitest'
import { ExpressionError } from './errors'
import type { ExpressionScope } from './evaluate'
import { coerceOverride, resolveVariables, scopeWithVariables } from './variables'

const scope: ExpressionScope = {
  image: { width: 1200, height: 800, hasSubjectArea: false, format: 'jpeg', subject_area: null },
  options: { dpr: 2 },
  request: { headers: { save_data: null } }
}

/** rokka's "ultimate resize & crop" stack variables (best-practice guide). */
const resizeCrop = {
  w: 0,
  h: 0,
  s: 0,
  a: 'notset',
  defaultWidth: 900,
  defaultHeight: 600,
  r: '$defaultWidth / $defaultHeight',
  finalWidth: '$w == 0 ? ($h == 0 ? $defaultWidth : ($h * $r)) : $w',
  finalHeight: '$h == 0 ? $finalWidth / $r : $h'
}

const errorOf = (run: () => unknown): ExpressionError => {
  try {
    run()
  } catch (error) {
    if (error instanceof ExpressionError) return error
    throw error
  }
  throw new Error('did not fail')
}

describe('resolveVariables', () => {
  it('evaluates the stacks doc example: w = 500, h = "$w / 2"', () => {
    expect(resolveVariables({ w: 500, h: '$w / 2' }, {}, scope)).toEqual({ w: 500, h: 250 })
  })

  it('lets a URL override feed later definitions (variables-w-800 → 800 × 400)', () => {
    expect(resolveVariables({ w: 500, h: '$w / 2' }, { w: '800' }, scope)).toEqual({
      w: 800,
      h: 400
    })
  })

  it('replaces an expression definition by its override without evaluating either', () => {
    expect(resolveVariables({ w: 500, h: '$w / 0' }, { h: '100' }, scope)).toEqual({
      w: 500,
      h: 100
    })
  })

  it.each([
    [{}, 900, 600, 'notset'],
    [{ w: '1200' }, 1200, 800, 'notset'],
    [{ h: '800' }, 1200, 800, 'notset'],
    [{ w: '1000', h: '800' }, 1000, 800, 'notset'],
    [{ r: '1.2' }, 900, 750, 'notset'],
    [{ r: '1.25', w: '1000' }, 1000, 800, 'notset'],
    [{ a: 'smart' }, 900, 600, 'smart']
  ])('resolves the resize & crop guide with overrides %j', (overrides, width, height, anchor) => {
    const variables = resolveVariables(resizeCrop, overrides, scope)
    expect(variables.finalWidth).toBe(width)
    expect(variables.finalHeight).toBe(height)
    expect(variables.a).toBe(anchor)
  })

  it('keeps definition order and adds overrides of undefined variables at the end', () => {
    const variables = resolveVariables({ b: 1, a: 2 }, { z: '5', a: '3' }, scope)
    expect(Object.entries(variables)).toEqual([
      ['b', 1],
      ['a', 3],
      ['z', 5]
    ])
  })

  it('reads the image and options in definitions', () => {
    expect(
      resolveVariables({ half: 'image.width / 2', retina: 'options.dpr >= 2' }, {}, scope)
    ).toEqual({ half: 600, retina: true })
  })

  it('keeps strings that read no variable or scope name as text', () => {
    const definitions = {
      anchor: 'notset',
      colour: '000000',
      box: 'center_center',
      label: 'Some & Some',
      dashed: 'center-center',
      yes: 'true',
      number: '5',
      currency: 'US$ 5'
    }
    expect(resolveVariables(definitions, {}, scope)).toEqual(definitions)
  })

  it('keeps non-string definitions as they are', () => {
    const definitions = { list: [1, 2], hash: { a: 1 }, nothing: null, flag: false, n: 1.5 }
    expect(resolveVariables(definitions, {}, scope)).toEqual(definitions)
  })

  it('refuses a variable that uses one defined after it', () => {
    const error = errorOf(() => resolveVariables({ h: '$w / 2', w: 500 }, {}, scope))
    expect(error.kind).toBe('reference')
    expect(error.reason).toBe(
      'Stack variable "h": "$w" is defined after "h"; a variable can only use variables defined before it'
    )
    expect(error.position).toBe(0)
    expect(error.source).toBe('$w / 2')
  })

  it('names the variable whose expression fails', () => {
    const missing = errorOf(() => resolveVariables({ h: '1 + $nope' }, {}, scope))
    expect(missing.reason).toBe('Stack variable "h": The stack variable "$nope" is not defined')
    expect(missing.position).toBe(4)
    const broken = errorOf(() => resolveVariables({ w: 1, h: '$w /' }, {}, scope))
    expect(broken.kind).toBe('syntax')
    expect(broken.reason).toBe('Stack variable "h": Unexpected end of expression')
    const zero = errorOf(() => resolveVariables({ w: 0, h: '10 / $w' }, {}, scope))
    expect(zero.message).toBe('Stack variable "h": Division by zero at position 3 in "10 / $w"')
  })

  it('does not let later definitions or overrides of later variables leak into earlier ones', () => {
    const error = errorOf(() => resolveVariables({ a: '$b', b: 1 }, { b: '2' }, scope))
    expect(error.reason).toMatch(/"\$b" is defined after "a"/)
  })
})

describe('coerceOverride: URL values typed like their definitions', () => {
  it.each([
    ['number', '200', 200],
    ['number', '-1.5', -1.5],
    ['number', '1e3', 1000],
    ['number', ' 7 ', 7],
    ['number', 'abc', 'abc'],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['boolean', '1', true],
    ['boolean', '0', false],
    ['boolean', 'yes', 'yes'],
    ['text', '200', '200'],
    ['text', 'true', 'true'],
    ['text', '000000', '000000'],
    ['expression', '1.25', 1.25],
    ['expression', 'true', true],
    ['expression', 'false', false],
    ['expression', 'smart', 'smart'],
    ['unknown', '200', 200],
    ['unknown', '-3', -3],
    ['unknown', '007', '007'],
    ['unknown', '000000', '000000'],
    ['unknown', '1e3', '1e3'],
    ['unknown', '1.', '1.'],
    ['unknown', 'TRUE', 'TRUE'],
    ['unknown', '', '']
  ] as const)('%s definition, %j → %j', (kind, value, expected) => {
    expect(coerceOverride(value, kind)).toBe(expected)
  })

  it('uses JSON values (?v=) that are not strings as they are', () => {
    expect(coerceOverride(5, 'text')).toBe(5)
    expect(coerceOverride(true, 'number')).toBe(true)
    expect(coerceOverride(null, 'number')).toBeNull()
  })

  it('types overrides through resolveVariables by their definitions', () => {
    expect(
      resolveVariables(
        { w: 0, upscale: false, colour: 'FFFFFF', ratio: '$w / 2' },
        { w: '300', upscale: 'true', colour: '000000', ratio: '1.5' },
        scope
      )
    ).toEqual({ w: 300, upscale: true, colour: '000000', ratio: 1.5 })
  })
})

describe('scopeWithVariables', () => {
  it('adds variables under their sigil without touching the scope', () => {
    const base = { image: { width: 1 } }
    expect(scopeWithVariables(base, { w: 2 })).toEqual({ image: { width: 1 }, $w: 2 })
    expect(base).toEqual({ image: { width: 1 } })
  })
})
