/** What went wrong, for callers that react differently (the studio underlines syntax errors). */
export type ExpressionErrorKind =
  /** The source is not a valid expression. */
  | 'syntax'
  /** A name, stack variable or function that does not exist. */
  | 'reference'
  /** A value of the wrong type for an operator or function. */
  | 'type'
  /** Division or modulo by zero, or a result that is not a finite number. */
  | 'arithmetic'
  /** Reading a property that may never be read (`__proto__`, a property of null). */
  | 'access'
  /** One of `EXPRESSION_LIMITS` was exceeded. */
  | 'limit'

const EXCERPT_RADIUS = 30

/** The source as quoted in messages: whole when short, else the part around `position`. */
const excerpt = (source: string, position: number): string => {
  if (source.length <= EXCERPT_RADIUS * 2) return source
  const from = Math.max(0, position - EXCERPT_RADIUS)
  const to = Math.min(source.length, position + EXCERPT_RADIUS)
  return `${from > 0 ? '…' : ''}${source.slice(from, to)}${to < source.length ? '…' : ''}`
}

/**
 * The one error of expression parsing and evaluation. `message` reads
 * `Unexpected ")" at position 12 in "…"`; `reason` is the part before ` at position`.
 */
export class ExpressionError extends Error {
  readonly kind: ExpressionErrorKind
  /** The message without position and source, for showing next to the expression. */
  readonly reason: string
  /** 0-based index of the character in `source` where the problem is. */
  readonly position: number
  /** The whole expression. */
  readonly source: string

  constructor(kind: ExpressionErrorKind, reason: string, source: string, position: number) {
    super(`${reason} at position ${position} in "${excerpt(source, position)}"`)
    this.name = 'ExpressionError'
    this.kind = kind
    this.reason = reason
    this.position = position
    this.source = source
  }
}

/**
 * A problem found by a value helper that does not know where in the source it is; the evaluator
 * turns it into an `ExpressionError` at the node being evaluated.
 */
export class ExpressionFault extends Error {
  readonly kind: ExpressionErrorKind

  constructor(kind: ExpressionErrorKind, reason: string) {
    super(reason)
    this.name = 'ExpressionFault'
    this.kind = kind
  }
}
