import { badRenderUrl, quote } from './render-url-error'

interface Bracket {
  /** +1 opens, -1 closes, 0 is no bracket. */
  delta: number
  /** Characters taken: 1 for `[`/`]`, 3 for `%5B`/`%5D`. */
  width: number
}

const bracketAt = (text: string, index: number): Bracket => {
  const char = text[index]
  if (char === '[') return { delta: 1, width: 1 }
  if (char === ']') return { delta: -1, width: 1 }
  if (char === '%') {
    const code = text.slice(index + 1, index + 3).toUpperCase()
    if (code === '5B') return { delta: 1, width: 3 }
    if (code === '5D') return { delta: -1, width: 3 }
  }
  return { delta: 0, width: 1 }
}

/**
 * Splits `text` at `separator` where it is not inside `[…]` (or `%5B…%5D`), so that expressions
 * like `[image.width-10]` keep their dashes. Throws a 400 for brackets that do not pair up.
 */
export const splitOutsideBrackets = (text: string, separator: string): string[] => {
  const pieces: string[] = []
  let depth = 0
  let start = 0
  let index = 0
  while (index < text.length) {
    if (depth === 0 && text.startsWith(separator, index)) {
      pieces.push(text.slice(start, index))
      index += separator.length
      start = index
      continue
    }
    const bracket = bracketAt(text, index)
    depth += bracket.delta
    if (depth < 0) throw badRenderUrl(`${quote(text)} has a "]" without a "[" before it.`)
    index += bracket.width
  }
  if (depth > 0) {
    throw badRenderUrl(
      `${quote(text)} opens an expression with "[" but never closes it with "]" (a "/" inside an expression must be written as %2F).`
    )
  }
  pieces.push(text.slice(start))
  return pieces
}

/**
 * The inside of a token wholly wrapped in one pair of brackets (`[a]`, `%5Ba%5D`), still
 * percent-encoded; `undefined` for any other token, including `[a][b]`.
 */
export const expressionInside = (token: string): string | undefined => {
  const open = bracketAt(token, 0)
  if (open.delta !== 1) return undefined
  let depth = 0
  let index = 0
  while (index < token.length) {
    const bracket = bracketAt(token, index)
    depth += bracket.delta
    index += bracket.width
    if (depth === 0) {
      return index === token.length ? token.slice(open.width, index - bracket.width) : undefined
    }
  }
  return undefined
}

/**
 * Percent-decodes one piece of a render URL path. An encoded slash (`%2F`) is refused unless
 * `allowSlash`: servers and proxies disagree on whether it separates path segments.
 */
export const decodePiece = (raw: string, what: string, allowSlash = false): string => {
  if (!allowSlash && /%2f/i.test(raw)) {
    throw badRenderUrl(
      `${what} ${quote(raw)} contains an encoded slash (%2F), which render URLs only allow inside [expressions] and remote image paths.`
    )
  }
  try {
    return decodeURIComponent(raw)
  } catch {
    throw badRenderUrl(`${what} ${quote(raw)} has malformed percent-encoding.`)
  }
}
