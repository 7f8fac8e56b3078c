import { ExpressionFault } from './errors'
import { EXPRESSION_LIMITS } from './limits'

/**
 * PHP's value semantics, as far as rokka's expressions (Symfony ExpressionLanguage on PHP 8) can
 * observe them. JavaScript has one number type, so PHP's int/float distinction is not modelled.
 */

/** An object whose properties expressions may read: `{…}` literals and plain JSON objects. */
export const isHash = (value: unknown): value is Readonly<Record<string, unknown>> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** PHP arrays are JavaScript arrays (lists) and hashes. */
export const isContainer = (
  value: unknown
): value is readonly unknown[] | Readonly<Record<string, unknown>> =>
  Array.isArray(value) || isHash(value)

/** The type of a value as messages name it. */
export const typeName = (value: unknown): string => {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  if (isHash(value)) return 'hash'
  return typeof value
}

/** A short rendering of a value for messages: `"abc"`, `12`, `null`, `an array`. */
export const describeValue = (value: unknown): string => {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === null || value === undefined) return 'null'
  return `a value of type ${typeName(value)}`
}

/** Own enumerable entries of a list or hash, keys as strings (PHP arrays have no other kind). */
export const entriesOf = (
  container: readonly unknown[] | Readonly<Record<string, unknown>>
): [string, unknown][] =>
  Array.isArray(container)
    ? container.map((value, index): [string, unknown] => [String(index), value])
    : Object.entries(container)

/** PHP's boolean conversion: `0`, `''`, `'0'`, `null`, `false` and empty arrays are false. */
export const isTruthy = (value: unknown): boolean => {
  if (value === null || value === undefined || value === false) return false
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'string') return value !== '' && value !== '0'
  if (isContainer(value)) return entriesOf(value).length > 0
  return true
}

const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/
const LEADING_NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/

/** PHP 8's numeric strings: `'12'`, `' 1.5'`, `'1e3'`; not `'12px'`, `'0x1A'` or `''`. */
export const isNumericString = (value: string): boolean => NUMERIC.test(value)

/** The number at the start of a string as PHP's `intval`/`floatval` read it; 0 when none. */
export const leadingNumber = (value: string): number => {
  const match = LEADING_NUMERIC.exec(value)
  return match === null ? 0 : Number(match[0].trim())
}

/** Arithmetic operand: numbers, numeric strings, booleans (0/1) and null (0), as PHP 8 allows. */
export const toNumber = (value: unknown): number => {
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value === null || value === undefined) return 0
  if (typeof value === 'string' && isNumericString(value)) return Number(value.trim())
  throw new ExpressionFault('type', `Cannot use ${describeValue(value)} as a number`)
}

/** Rejects NaN and infinities: rokka options need real numbers, and PHP would carry INF on. */
export const finite = (value: number): number => {
  if (!Number.isFinite(value)) {
    throw new ExpressionFault('arithmetic', 'The result is not a finite number')
  }
  return value
}

/** Fails when a built string is longer than `EXPRESSION_LIMITS.maxStringLength`. */
export const limitedString = (value: string): string => {
  if (value.length > EXPRESSION_LIMITS.maxStringLength) {
    throw new ExpressionFault(
      'limit',
      `The string would be longer than ${EXPRESSION_LIMITS.maxStringLength} characters`
    )
  }
  return value
}

/** PHP's string conversion: `true` → `'1'`, `false`/`null` → `''`; arrays cannot be converted. */
export const toText = (value: unknown): string => {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value === true) return '1'
  if (value === false || value === null || value === undefined) return ''
  throw new ExpressionFault('type', `Cannot use ${describeValue(value)} as a string`)
}

const isNullish = (value: unknown): value is null | undefined =>
  value === null || value === undefined

/** PHP's `===`: same type and value; arrays need the same keys in the same order. */
export const strictEquals = (left: unknown, right: unknown): boolean => {
  if (isNullish(left) || isNullish(right)) return isNullish(left) && isNullish(right)
  if (isContainer(left) && isContainer(right)) {
    const a = entriesOf(left)
    const b = entriesOf(right)
    return (
      a.length === b.length &&
      a.every(([key, value], index) => {
        const other = b[index]
        return other !== undefined && other[0] === key && strictEquals(value, other[1])
      })
    )
  }
  return left === right
}

/** PHP 8's `==` between two strings: numerically when both are numeric. */
const looseStringEquals = (left: string, right: string): boolean =>
  isNumericString(left) && isNumericString(right)
    ? Number(left.trim()) === Number(right.trim())
    : left === right

/**
 * PHP 8's `==`: `'5' == 5`, `null == false`, `'abc' == 0` is false, arrays equal when they hold
 * the same keys with loosely equal values.
 */
export const looseEquals = (left: unknown, right: unknown): boolean => {
  if (isNullish(left) && typeof right === 'string') return right === ''
  if (isNullish(right) && typeof left === 'string') return left === ''
  if (
    typeof left === 'boolean' ||
    typeof right === 'boolean' ||
    isNullish(left) ||
    isNullish(right)
  ) {
    return isTruthy(left) === isTruthy(right)
  }
  if (typeof left === 'number' && typeof right === 'number') return left === right
  if (typeof left === 'number' && typeof right === 'string') {
    return isNumericString(right) ? left === Number(right.trim()) : String(left) === right
  }
  if (typeof left === 'string' && typeof right === 'number') return looseEquals(right, left)
  if (typeof left === 'string' && typeof right === 'string') return looseStringEquals(left, right)
  if (isContainer(left) && isContainer(right)) {
    const a = entriesOf(left)
    const b = new Map(entriesOf(right))
    return (
      a.length === b.size && a.every(([key, value]) => b.has(key) && looseEquals(value, b.get(key)))
    )
  }
  return left === right
}

const sign = (difference: number): number => (difference < 0 ? -1 : difference > 0 ? 1 : 0)
const compareText = (left: string, right: string): number =>
  left < right ? -1 : left > right ? 1 : 0

/**
 * PHP 8's ordering for `<`, `>`, `<=`, `>=`: numbers and numeric strings by value, other strings
 * by their characters, booleans and null as booleans. Arrays cannot be ordered here.
 */
export const compareValues = (left: unknown, right: unknown): number => {
  if (isContainer(left) || isContainer(right)) {
    throw new ExpressionFault(
      'type',
      `Cannot order ${describeValue(left)} and ${describeValue(right)}`
    )
  }
  if (isNullish(left) && typeof right === 'string') return compareText('', right)
  if (isNullish(right) && typeof left === 'string') return compareText(left, '')
  if (
    typeof left === 'boolean' ||
    typeof right === 'boolean' ||
    isNullish(left) ||
    isNullish(right)
  ) {
    return sign(Number(isTruthy(left)) - Number(isTruthy(right)))
  }
  const leftNumeric =
    typeof left === 'number' || (typeof left === 'string' && isNumericString(left))
  const rightNumeric =
    typeof right === 'number' || (typeof right === 'string' && isNumericString(right))
  if (leftNumeric && rightNumeric) return sign(toNumber(left) - toNumber(right))
  return compareText(toText(left), toText(right))
}
