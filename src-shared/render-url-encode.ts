import { badRenderUrl, quote } from './render-url-error'
import { expressionInside } from './render-url-tokens'

/** Characters a path segment may carry unencoded (RFC 3986 pchar), except `-`. */
const PATH_SAFE = /^[A-Za-z0-9._~!$&'()*+,;=:@]$/

const percentEncode = (char: string): string => {
  const code = char.codePointAt(0) ?? 0
  if (code < 0x80) return `%${code.toString(16).toUpperCase().padStart(2, '0')}`
  try {
    return encodeURIComponent(char)
  } catch {
    throw badRenderUrl(`${quote(char)} is not valid Unicode text and cannot be put in a URL.`)
  }
}

/** Percent-encodes every character of `text` that is not path-safe and not in `keep`. */
export const encodePath = (text: string, keep = ''): string =>
  Array.from(text, (char) =>
    PATH_SAFE.test(char) || keep.includes(char) ? char : percentEncode(char)
  ).join('')

const isBalanced = (text: string): boolean => {
  let depth = 0
  for (const char of text) {
    if (char === '[') depth += 1
    if (char === ']') depth -= 1
    if (depth < 0) return false
  }
  return depth === 0
}

/**
 * A literal option or variable value as a URL token: `-` becomes `%2D`. Brackets may stay if
 * they pair up and do not wrap the whole value, which would read as an expression.
 */
export const encodeLiteral = (text: string, what: string): string => {
  if (text === '') throw badRenderUrl(`${what} cannot be empty in a render URL.`)
  if (!isBalanced(text) || expressionInside(text) !== undefined) {
    throw badRenderUrl(
      `${what} ${quote(text)} has "[" and "]" that a render URL would read as an expression.`
    )
  }
  if (text.includes('/')) {
    throw badRenderUrl(
      `${what} ${quote(text)} contains "/", which a render URL path cannot carry; put such variables in queryVariables (?v=).`
    )
  }
  return encodePath(text, '[]')
}

/** An expression as a URL token, `[…]`; its own brackets must pair up. */
export const encodeExpression = (text: string, what: string): string => {
  if (text.trim() === '') throw badRenderUrl(`${what} is an empty expression.`)
  if (!isBalanced(text)) {
    throw badRenderUrl(`${what} ${quote(text)} has "[" and "]" that do not pair up.`)
  }
  return `[${encodePath(text, '-[]')}]`
}
