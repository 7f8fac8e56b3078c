import type { BinaryOperator } from './ast'
import { ExpressionFault } from './errors'
import { EXPRESSION_LIMITS } from './limits'
import { matches } from './matches'
import {
  compareValues,
  describeValue,
  entriesOf,
  finite,
  isContainer,
  isTruthy,
  limitedString,
  looseEquals,
  strictEquals,
  toNumber,
  toText
} from './values'

/** Binary operators whose right side is always evaluated (not `and`/`or` and friends). */
export type EagerBinaryOperator = Exclude<BinaryOperator, 'and' | '&&' | 'or' | '||'>

/** PHP's integer operators work on 64 bits; BigInt keeps them exact past 2^31. */
const bitwise = (operator: '|' | '^' | '&', left: unknown, right: unknown): number => {
  const a = BigInt(Math.trunc(finite(toNumber(left))))
  const b = BigInt(Math.trunc(finite(toNumber(right))))
  const result = operator === '|' ? a | b : operator === '^' ? a ^ b : a & b
  return Number(BigInt.asIntN(64, result))
}

/** `a..b`: the whole numbers from a to b, counting down when b < a, as PHP's `range`. */
const range = (left: unknown, right: unknown): number[] => {
  const from = toNumber(left)
  const to = toNumber(right)
  if (!Number.isInteger(from) || !Number.isInteger(to)) {
    throw new ExpressionFault('type', `A range needs whole numbers, not ${from} and ${to}`)
  }
  const size = Math.abs(to - from) + 1
  if (size > EXPRESSION_LIMITS.maxRangeSize) {
    throw new ExpressionFault(
      'limit',
      `The range ${from}..${to} has more than ${EXPRESSION_LIMITS.maxRangeSize} elements`
    )
  }
  const step = to >= from ? 1 : -1
  return Array.from({ length: size }, (_, index) => from + index * step)
}

/** `needle in haystack`: strict comparison with the values of a list or hash (Symfony ≥ 6). */
const isIn = (needle: unknown, haystack: unknown): boolean => {
  if (!isContainer(haystack)) {
    throw new ExpressionFault(
      'type',
      `"in" needs an array on its right, not ${describeValue(haystack)}`
    )
  }
  return entriesOf(haystack).some(([, value]) => strictEquals(needle, value))
}

const divide = (left: unknown, right: unknown): number => {
  const divisor = toNumber(right)
  const dividend = toNumber(left)
  if (divisor === 0) throw new ExpressionFault('arithmetic', 'Division by zero')
  return finite(dividend / divisor)
}

/** PHP's `%` works on integers and keeps the sign of the dividend. */
const modulo = (left: unknown, right: unknown): number => {
  const divisor = Math.trunc(toNumber(right))
  const dividend = Math.trunc(toNumber(left))
  if (divisor === 0) throw new ExpressionFault('arithmetic', 'Modulo by zero')
  return finite(dividend % divisor) || 0
}

/** Applies a binary operator to two evaluated operands, with PHP 8's semantics. */
export const applyBinary = (
  operator: EagerBinaryOperator,
  left: unknown,
  right: unknown
): unknown => {
  switch (operator) {
    case 'xor':
      return isTruthy(left) !== isTruthy(right)
    case '|':
    case '^':
    case '&':
      return bitwise(operator, left, right)
    case '==':
      return looseEquals(left, right)
    case '!=':
      return !looseEquals(left, right)
    case '===':
      return strictEquals(left, right)
    case '!==':
      return !strictEquals(left, right)
    case '<':
      return compareValues(left, right) < 0
    case '>':
      return compareValues(left, right) > 0
    case '<=':
      return compareValues(left, right) <= 0
    case '>=':
      return compareValues(left, right) >= 0
    case 'in':
      return isIn(left, right)
    case 'not in':
      return !isIn(left, right)
    case 'matches':
      return matches(left, right)
    case 'contains':
      return toText(left).includes(toText(right))
    case 'starts with':
      return toText(left).startsWith(toText(right))
    case 'ends with':
      return toText(left).endsWith(toText(right))
    case '..':
      return range(left, right)
    case '+':
      return finite(toNumber(left) + toNumber(right))
    case '-':
      return finite(toNumber(left) - toNumber(right))
    case '~':
      return limitedString(toText(left) + toText(right))
    case '*':
      return finite(toNumber(left) * toNumber(right))
    case '/':
      return divide(left, right)
    case '%':
      return modulo(left, right)
    case '**':
      return finite(toNumber(left) ** toNumber(right))
  }
}
