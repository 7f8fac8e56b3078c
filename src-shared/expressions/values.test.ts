import { describe, expect, it } from 'vitest'
import { ExpressionFault } from './errors'
import {
  compareValues,
  isNumericString,
  isTruthy,
  leadingNumber,
  looseEquals,
  strictEquals,
  toNumber,
  toText
} from './values'

describe('isTruthy (PHP boolean conversion)', () => {
  it.each([
    [0, false],
    [-0, false],
    [0.0001, true],
    ['', false],
    ['0', false],
    ['0.0', true],
    [' ', true],
    ['false', true],
    [null, false],
    [undefined, false],
    [false, false],
    [true, true],
    [[], false],
    [[0], true],
    [{}, false],
    [{ a: null }, true],
    [Number.NaN, true]
  ])('%j is %s', (value, expected) => {
    expect(isTruthy(value)).toBe(expected)
  })
})

describe('numeric strings (PHP 8)', () => {
  it.each([
    ['12', true],
    [' 12', true],
    ['12 ', true],
    ['-1.5', true],
    ['+.5', true],
    ['5.', true],
    ['1e3', true],
    ['12px', false],
    ['0x1A', false],
    ['', false],
    [' ', false],
    ['1_000', false],
    ['.', false]
  ])('%j numeric: %s', (value, expected) => {
    expect(isNumericString(value)).toBe(expected)
  })

  it.each([
    ['12px', 12],
    ['  3.5kg', 3.5],
    ['1e3x', 1000],
    ['abc', 0],
    ['', 0],
    ['-7', -7]
  ])('leading number of %j is %d', (value, expected) => {
    expect(leadingNumber(value)).toBe(expected)
  })
})

describe('toNumber', () => {
  it.each([
    [5, 5],
    ['5', 5],
    [' 2.5 ', 2.5],
    ['1e2', 100],
    [true, 1],
    [false, 0],
    [null, 0]
  ])('%j → %d', (value, expected) => {
    expect(toNumber(value)).toBe(expected)
  })

  it.each([
    ['abc', 'Cannot use "abc" as a number'],
    ['12px', 'Cannot use "12px" as a number'],
    [[1], 'Cannot use a value of type array as a number'],
    [{ a: 1 }, 'Cannot use a value of type hash as a number']
  ])('refuses %j', (value, message) => {
    expect(() => toNumber(value)).toThrow(new ExpressionFault('type', message))
    expect(() => toNumber(value)).toThrow(ExpressionFault)
  })
})

describe('toText (PHP string conversion)', () => {
  it.each([
    ['a', 'a'],
    [12, '12'],
    [1.5, '1.5'],
    [-0.25, '-0.25'],
    [true, '1'],
    [false, ''],
    [null, '']
  ])('%j → %j', (value, expected) => {
    expect(toText(value)).toBe(expected)
  })

  it('refuses arrays', () => {
    expect(() => toText([1])).toThrow('Cannot use a value of type array as a string')
  })
})

describe('looseEquals (PHP 8 ==)', () => {
  it.each([
    ['5', 5, true],
    [5, '5', true],
    ['5.0', 5, true],
    [' 5', 5, true],
    ['1e1', '10', true],
    ['abc', 0, false],
    [0, '', false],
    ['0', false, true],
    ['', null, true],
    ['0', null, false],
    ['a', null, false],
    [null, false, true],
    [null, 0, true],
    [null, [], true],
    [0, false, true],
    [1, true, true],
    ['a', true, true],
    ['abc', 'ABC', false],
    ['on', 'on', true],
    [1.5, '1.50', true],
    [1, '1abc', false],
    [[1, 2], [1, 2], true],
    [{ a: 1, b: 2 }, { b: 2, a: '1' }, true],
    [[1, 2], [2, 1], false],
    [[1], 1, false],
    [null, null, true]
  ])('%j == %j is %s', (left, right, expected) => {
    expect(looseEquals(left, right)).toBe(expected)
    expect(looseEquals(right, left)).toBe(expected)
  })
})

describe('strictEquals (PHP ===)', () => {
  it.each([
    [5, 5, true],
    ['5', 5, false],
    [null, undefined, true],
    [null, false, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [1, '2'], false],
    [{ a: 1, b: 2 }, { a: 1, b: 2 }, true],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, false],
    [[1], { 0: 1 }, true],
    ['notset', 'notset', true]
  ])('%j === %j is %s', (left, right, expected) => {
    expect(strictEquals(left, right)).toBe(expected)
  })
})

describe('compareValues (PHP 8 ordering)', () => {
  it.each([
    [1, 2, -1],
    ['10', '9', 1],
    ['10', 9, 1],
    ['abc', 'abd', -1],
    ['b', 'a', 1],
    [5, 'abc', -1],
    [null, 1, -1],
    [true, false, 1],
    [null, '', 0],
    [2.5, 2.5, 0]
  ])('%j vs %j is %d', (left, right, expected) => {
    expect(compareValues(left, right)).toBe(expected)
  })

  it('refuses to order arrays', () => {
    expect(() => compareValues([1], 1)).toThrow('Cannot order a value of type array and 1')
  })
})
