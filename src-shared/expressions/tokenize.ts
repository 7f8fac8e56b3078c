import { ExpressionError } from './errors'
import { EXPRESSION_LIMITS } from './limits'

/** Operators written with letters; `not in`, `starts with` and `ends with` are one token each. */
export const WORD_OPERATORS = [
  'not in',
  'not',
  'and',
  'or',
  'xor',
  'in',
  'matches',
  'contains',
  'starts with',
  'ends with'
] as const

/** Operators written with symbols, longest first so that `===` wins over `==`. */
export const SYMBOL_OPERATORS = [
  '===',
  '!==',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '**',
  '..',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '!',
  '|',
  '^',
  '&'
] as const

/** Punctuation, longest first. */
export const PUNCTUATION = ['??', '?.', '?', ':', ',', '.', '(', ')', '[', ']', '{', '}'] as const

export type WordOperator = (typeof WORD_OPERATORS)[number]
export type SymbolOperator = (typeof SYMBOL_OPERATORS)[number]
export type Operator = WordOperator | SymbolOperator
export type Punctuation = (typeof PUNCTUATION)[number]

/** One lexical token; `position` is the 0-based index of its first character. */
export type Token =
  | { readonly type: 'number'; readonly value: number; readonly position: number }
  | { readonly type: 'string'; readonly value: string; readonly position: number }
  /** A bare name (`image`) or a stack variable with its sigil (`$w`). */
  | { readonly type: 'name'; readonly value: string; readonly position: number }
  | { readonly type: 'operator'; readonly value: Operator; readonly position: number }
  | { readonly type: 'punctuation'; readonly value: Punctuation; readonly position: number }
  | { readonly type: 'end'; readonly position: number }

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' }

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9'
const isNameStart = (char: string | undefined) =>
  char !== undefined && (/[A-Za-z_]/.test(char) || char.charCodeAt(0) >= 0x80)
const isNamePart = (char: string | undefined) => isNameStart(char) || isDigit(char)
const isSpace = (char: string | undefined) => char !== undefined && /[ \t\n\r\v\f]/.test(char)

/** Tokens after which `.5` is a property access attempt, not a number. */
const endsValue = (token: Token | undefined) =>
  token !== undefined &&
  (token.type === 'number' ||
    token.type === 'string' ||
    token.type === 'name' ||
    (token.type === 'punctuation' &&
      (token.value === ')' || token.value === ']' || token.value === '}')))

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  v: '\v',
  f: '\f',
  e: '\x1b',
  a: '\x07',
  b: '\b'
}

/**
 * Splits an expression into tokens. Brackets are matched here so that a stray `)` is reported
 * where it is, not where the parser gives up.
 */
export const tokenize = (source: string): Token[] => {
  const fail = (reason: string, position: number): never => {
    throw new ExpressionError('syntax', reason, source, position)
  }
  if (source.length > EXPRESSION_LIMITS.maxSourceLength) {
    throw new ExpressionError(
      'limit',
      `Expression is longer than ${EXPRESSION_LIMITS.maxSourceLength} characters`,
      source,
      EXPRESSION_LIMITS.maxSourceLength
    )
  }

  const tokens: Token[] = []
  const brackets: { char: string; position: number }[] = []
  let index = 0

  const readDigits = (): string => {
    const start = index
    while (isDigit(source[index]) || (source[index] === '_' && isDigit(source[index + 1]))) {
      if (source[index] === '_' && !isDigit(source[index - 1])) fail('Invalid number', start)
      index++
    }
    return source.slice(start, index).replaceAll('_', '')
  }

  const readNumber = (position: number): void => {
    let text = readDigits()
    if (source[index] === '.' && source[index + 1] !== '.' && !isNameStart(source[index + 1])) {
      index++
      text += `.${readDigits()}`
    }
    if (
      (source[index] === 'e' || source[index] === 'E') &&
      (isDigit(source[index + 1]) ||
        ((source[index + 1] === '+' || source[index + 1] === '-') && isDigit(source[index + 2])))
    ) {
      text += source[index + 1] === '-' ? 'e-' : 'e'
      index += source[index + 1] === '+' || source[index + 1] === '-' ? 2 : 1
      text += readDigits()
    }
    if (isNamePart(source[index])) fail('Invalid number', position)
    tokens.push({
      type: 'number',
      value: Number(text.startsWith('.') ? `0${text}` : text),
      position
    })
  }

  const readString = (position: number): void => {
    const quote = source[index]
    let value = ''
    index++
    for (;;) {
      const char = source[index]
      if (char === undefined) return fail('Unterminated string', position)
      index++
      if (char === quote) break
      if (char !== '\\') {
        value += char
        continue
      }
      const next = source[index]
      if (next === undefined) return fail('Unterminated string', position)
      index++
      const simple = SIMPLE_ESCAPES[next]
      if (simple !== undefined) {
        value += simple
      } else if (next === 'x' && /^[0-9A-Fa-f]/.test(source[index] ?? '')) {
        const hex = /^[0-9A-Fa-f]{1,2}/.exec(source.slice(index))?.[0] ?? ''
        value += String.fromCharCode(parseInt(hex, 16))
        index += hex.length
      } else if (next >= '0' && next <= '7') {
        const octal = /^[0-7]{1,3}/.exec(source.slice(index - 1))?.[0] ?? ''
        value += String.fromCharCode(parseInt(octal, 8) & 0xff)
        index += octal.length - 1
      } else {
        // as PHP's stripcslashes: any other escaped character stands for itself
        value += next
      }
    }
    tokens.push({ type: 'string', value, position })
  }

  const readWord = (position: number): void => {
    while (isNamePart(source[index])) index++
    const word = source.slice(position, index)
    const pair = /^([ \t\n\r\v\f]+)([A-Za-z_]+)/.exec(source.slice(index))
    const combined = pair === null ? undefined : `${word} ${pair[2]}`
    if (
      pair !== null &&
      (combined === 'not in' || combined === 'starts with' || combined === 'ends with') &&
      !isNamePart(source[index + pair[0].length])
    ) {
      index += pair[0].length
      tokens.push({ type: 'operator', value: combined, position })
      return
    }
    const operator = WORD_OPERATORS.find((candidate) => candidate === word)
    tokens.push(
      operator === undefined
        ? { type: 'name', value: word, position }
        : { type: 'operator', value: operator, position }
    )
  }

  const readSymbol = (position: number): void => {
    const rest = source.slice(index, index + 3)
    const punctuation = PUNCTUATION.find((candidate) => rest.startsWith(candidate))
    const operator = SYMBOL_OPERATORS.find((candidate) => rest.startsWith(candidate))
    // `a ?.5 : 1` is a conditional with the number .5, not a null-safe access
    if (punctuation === '?.' && isDigit(source[index + 2])) {
      index++
      tokens.push({ type: 'punctuation', value: '?', position })
      return
    }
    if (
      punctuation !== undefined &&
      (operator === undefined || punctuation.length >= operator.length)
    ) {
      index += punctuation.length
      trackBracket(punctuation, position)
      tokens.push({ type: 'punctuation', value: punctuation, position })
      return
    }
    if (operator !== undefined) {
      index += operator.length
      tokens.push({ type: 'operator', value: operator, position })
      return
    }
    const char = source[index] ?? ''
    if (char === '=') fail('Unexpected "=" (compare with "==")', position)
    fail(`Unexpected character "${char}"`, position)
  }

  const trackBracket = (char: Punctuation, position: number): void => {
    if (char === '(' || char === '[' || char === '{') {
      brackets.push({ char, position })
    } else if (char === ')' || char === ']' || char === '}') {
      const open = brackets.pop()
      if (open === undefined || CLOSING[open.char] !== char) fail(`Unexpected "${char}"`, position)
    }
  }

  while (index < source.length) {
    const char = source[index]
    const position = index
    if (isSpace(char)) {
      index++
    } else if (
      isDigit(char) ||
      (char === '.' && isDigit(source[index + 1]) && !endsValue(tokens.at(-1)))
    ) {
      readNumber(position)
    } else if (char === '"' || char === "'") {
      readString(position)
    } else if (char === '$' && isNameStart(source[index + 1])) {
      index++
      while (isNamePart(source[index])) index++
      tokens.push({ type: 'name', value: source.slice(position, index), position })
    } else if (isNameStart(char)) {
      readWord(position)
    } else {
      readSymbol(position)
    }
  }

  const unclosed = brackets.pop()
  if (unclosed !== undefined) fail(`Unclosed "${unclosed.char}"`, unclosed.position)
  tokens.push({ type: 'end', position: source.length })
  return tokens
}
