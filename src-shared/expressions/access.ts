import { ExpressionFault } from './errors'
import { describeValue, isHash, typeName } from './values'

/**
 * Names that lead out of the data into JavaScript's object machinery. They are refused outright
 * (not just "missing") so that an attempt is visible to whoever wrote it.
 */
const FORBIDDEN_NAMES = new Set([
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__'
])

/** The reason to refuse reading `name`, or null when it may be read. */
export const forbiddenNameProblem = (name: string): string | null =>
  FORBIDDEN_NAMES.has(name) ? `Access to "${name}" is not allowed` : null

/**
 * Reads an own, enumerable data property without running getters or touching prototypes.
 * Missing properties read as null; functions are never handed out.
 */
const ownValue = (target: object, key: string): unknown => {
  const descriptor = Object.getOwnPropertyDescriptor(target, key)
  if (descriptor === undefined || !descriptor.enumerable || !('value' in descriptor)) return null
  const value: unknown = descriptor.value
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new ExpressionFault('access', `"${key}" is not a value that expressions can use`)
  }
  return value ?? null
}

/** The key of `target[key]` or of a hash entry as a property name; numbers must be whole. */
const keyText = (key: unknown): string => {
  if (typeof key === 'number' && Number.isInteger(key)) return String(key)
  if (typeof key === 'string') return key
  // PHP turns these keys into 1, 0 and ''
  if (key === true) return '1'
  if (key === false) return '0'
  if (key === null || key === undefined) return ''
  throw new ExpressionFault('type', `Cannot use ${describeValue(key)} as a key`)
}

/** A key as a property name, refusing forbidden names and keys that are not strings or numbers. */
export const toMemberKey = (key: unknown): string => {
  const name = keyText(key)
  const problem = forbiddenNameProblem(name)
  if (problem !== null) throw new ExpressionFault('access', problem)
  return name
}

/**
 * `target.key` / `target[key]` for lists and hashes. A missing key gives null, as a missing
 * array key does in PHP; reading from null or from a scalar is an error.
 */
export const readMember = (target: unknown, key: unknown): unknown => {
  const name = toMemberKey(key)
  if (target === null || target === undefined) {
    throw new ExpressionFault(
      'access',
      `Cannot read "${name}" of null (write ?. or ?? to allow a missing value)`
    )
  }
  if (Array.isArray(target) || isHash(target)) return ownValue(target, name)
  const type = typeName(target)
  throw new ExpressionFault(
    'type',
    `Cannot read "${name}" of ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`
  )
}

/** Looks up a name of the scope (`image`, `$w`); only own names are found. */
export const readScopeName = (
  scope: Readonly<Record<string, unknown>>,
  name: string
): { found: false } | { found: true; value: unknown } => {
  if (forbiddenNameProblem(name) !== null || !Object.hasOwn(scope, name)) return { found: false }
  return { found: true, value: ownValue(scope, name) }
}
