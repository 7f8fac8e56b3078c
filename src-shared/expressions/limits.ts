/**
 * Bounds on what one expression may cost. Expressions arrive in render URLs, so every limit is
 * enforced with an `ExpressionError` of kind `limit` instead of trusting the author.
 */
export const EXPRESSION_LIMITS = {
  /** Characters in the source of one expression. */
  maxSourceLength: 1000,
  /** Levels of nesting in the syntax tree (`-(-(1))` is three). */
  maxDepth: 64,
  /** Nodes in the syntax tree. */
  maxNodes: 500,
  /** Elements one `a..b` range may produce. */
  maxRangeSize: 10_000,
  /** Characters in any string an expression builds or returns. */
  maxStringLength: 10_000,
  /** Characters in the pattern of `matches`, delimiters and flags included. */
  maxPatternLength: 200,
  /** Characters in the string `matches` tests. */
  maxMatchSubjectLength: 256,
  /** Unbounded quantifiers (`*`, `+`, `{n,}`, `{n,m}`) in one `matches` pattern. */
  maxUnboundedQuantifiers: 3
} as const
