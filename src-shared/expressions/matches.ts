import { ExpressionFault } from './errors'
import { EXPRESSION_LIMITS } from './limits'
import { describeValue, toText } from './values'

const BRACKET_DELIMITERS: Readonly<Record<string, string>> = {
  '(': ')',
  '[': ']',
  '{': '}',
  '<': '>'
}

/** PCRE flags with a JavaScript equivalent; `D` needs none, JavaScript's `$` already acts so. */
const FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's', u: 'u', D: '' }

const invalid = (reason: string) =>
  new ExpressionFault('type', `Invalid regular expression: ${reason}`)

/** Splits a PHP pattern (`/^a+$/i`) into body and JavaScript flags. */
const splitDelimiters = (pattern: string): { body: string; flags: string } => {
  const open = pattern[0]
  if (open === undefined || /[A-Za-z0-9\\\s]/.test(open)) {
    throw invalid(`${describeValue(pattern)} must start with a delimiter such as "/"`)
  }
  const close = BRACKET_DELIMITERS[open] ?? open
  const end = pattern.lastIndexOf(close)
  if (end <= 0) throw invalid(`${describeValue(pattern)} has no closing "${close}"`)
  let flags = ''
  for (const flag of pattern.slice(end + 1)) {
    const mapped = FLAGS[flag]
    if (mapped === undefined) throw invalid(`the flag "${flag}" is not supported`)
    flags += mapped
  }
  return { body: pattern.slice(1, end), flags }
}

interface Quantifier {
  readonly length: number
  readonly unbounded: boolean
}

/** The quantifier starting at `index` (with its lazy `?`), or null. */
const readQuantifier = (body: string, index: number): Quantifier | null => {
  const char = body[index]
  const lazy = (length: number) => (body[index + length] === '?' ? length + 1 : length)
  if (char === '*' || char === '+') return { length: lazy(1), unbounded: true }
  if (char === '?') return { length: lazy(1), unbounded: false }
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(body.slice(index))
  if (braces === null) return null
  const min = Number(braces[1])
  const max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3])
  return { length: lazy(braces[0].length), unbounded: max - min > 10 }
}

/** Index after the character class starting at `index` (`[` … `]`). */
const skipClass = (body: string, index: number): number => {
  let i = index + 1
  if (body[i] === '^') i++
  if (body[i] === ']') i++
  while (i < body.length && body[i] !== ']') i += body[i] === '\\' ? 2 : 1
  return i + 1
}

/** Index after a group's opening `(` and its `?:`, `?=`, `?<name>`… prefix. */
const skipGroupPrefix = (body: string, index: number): number => {
  if (body[index] !== '?') return index
  const prefix = /^\?(?::|=|!|<=|<!|P?<[A-Za-z_]\w*>)/.exec(body.slice(index))
  return index + (prefix?.[0].length ?? 1)
}

/**
 * Refuses patterns that can backtrack for exponential or long polynomial time: back-references,
 * a repeated group that itself repeats or alternates (`(a+)+`, `(a|aa)*`), and more than
 * `maxUnboundedQuantifiers` unbounded quantifiers. Subjects are short, so the rest stays cheap.
 */
export const checkPatternCost = (body: string): void => {
  const dangerous = (why: string) =>
    new ExpressionFault('limit', `The regular expression is too costly to run: ${why}`)
  // one flag per open group: does it contain a quantifier or an alternation?
  const groups: boolean[] = [false]
  let unbounded = 0
  const quantified = (quantifier: Quantifier) => {
    if (quantifier.unbounded && ++unbounded > EXPRESSION_LIMITS.maxUnboundedQuantifiers) {
      throw dangerous(
        `more than ${EXPRESSION_LIMITS.maxUnboundedQuantifiers} unbounded repetitions`
      )
    }
    groups[groups.length - 1] = true
  }
  let i = 0
  while (i < body.length) {
    const char = body[i]
    if (char === '\\') {
      if (/[1-9kg]/.test(body[i + 1] ?? '')) throw dangerous('back-references are not allowed')
      i += 2
    } else if (char === '[') {
      i = skipClass(body, i)
    } else if (char === '(') {
      groups.push(false)
      i = skipGroupPrefix(body, i + 1)
      continue
    } else if (char === ')') {
      const inner = groups.length > 1 ? (groups.pop() ?? false) : false
      const quantifier = readQuantifier(body, i + 1)
      if (quantifier !== null && quantifier.unbounded && inner) {
        throw dangerous('a repeated group must not repeat or alternate inside')
      }
      if (inner) groups[groups.length - 1] = true
      i++
      if (quantifier !== null) {
        quantified(quantifier)
        i += quantifier.length
      }
      continue
    } else if (char === '|') {
      groups[groups.length - 1] = true
      i++
    } else {
      i++
    }
    const quantifier = readQuantifier(body, i)
    if (quantifier !== null) {
      quantified(quantifier)
      i += quantifier.length
    }
  }
}

/** Compiles a PHP (PCRE) pattern to a JavaScript RegExp after the cost checks. */
export const compilePattern = (pattern: string): RegExp => {
  if (pattern.length > EXPRESSION_LIMITS.maxPatternLength) {
    throw new ExpressionFault(
      'limit',
      `The regular expression is longer than ${EXPRESSION_LIMITS.maxPatternLength} characters`
    )
  }
  const { body, flags } = splitDelimiters(pattern)
  checkPatternCost(body)
  try {
    return new RegExp(body.replaceAll('(?P<', '(?<'), flags)
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error))
  }
}

/** `subject matches pattern`: PHP's `preg_match` on a short subject. */
export const matches = (subject: unknown, pattern: unknown): boolean => {
  if (typeof pattern !== 'string') {
    throw new ExpressionFault(
      'type',
      `"matches" needs a pattern string, not ${describeValue(pattern)}`
    )
  }
  const text = toText(subject)
  if (text.length > EXPRESSION_LIMITS.maxMatchSubjectLength) {
    throw new ExpressionFault(
      'limit',
      `"matches" only tests strings of up to ${EXPRESSION_LIMITS.maxMatchSubjectLength} characters`
    )
  }
  return compilePattern(pattern).test(text)
}
