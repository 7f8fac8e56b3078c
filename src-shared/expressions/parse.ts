import { forbiddenNameProblem } from './access'
import type { BinaryOperator, Expression, ExpressionNode, UnaryOperator } from './ast'
import { ExpressionError, type ExpressionErrorKind } from './errors'
import { arityProblem, FUNCTION_NAMES, isFunctionName } from './functions'
import { EXPRESSION_LIMITS } from './limits'
import { tokenize, type Punctuation, type Token } from './tokenize'

/**
 * Binding strength of binary operators, as in Symfony ExpressionLanguage: higher binds tighter.
 * All are left-associative except `**`.
 */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  or: 10,
  '||': 10,
  xor: 12,
  and: 15,
  '&&': 15,
  '|': 16,
  '^': 17,
  '&': 18,
  '==': 20,
  '===': 20,
  '!=': 20,
  '!==': 20,
  '<': 20,
  '>': 20,
  '<=': 20,
  '>=': 20,
  in: 20,
  'not in': 20,
  matches: 20,
  contains: 20,
  'starts with': 20,
  'ends with': 20,
  '..': 25,
  '+': 30,
  '-': 30,
  '~': 40,
  '*': 60,
  '/': 60,
  '%': 60,
  '**': 200
}

/** Unary operators: `not a and b` is `(not a) and b`; `-2 ** 2` is `(-2) ** 2`, as in Symfony. */
export const UNARY_PRECEDENCE: Readonly<Record<UnaryOperator, number>> = {
  not: 50,
  '!': 50,
  '-': 500,
  '+': 500
}

const isBinaryOperator = (value: string): value is BinaryOperator =>
  Object.hasOwn(BINARY_PRECEDENCE, value)
const isUnaryOperator = (value: string): value is UnaryOperator =>
  Object.hasOwn(UNARY_PRECEDENCE, value)

/** How a token is named in messages: `")"`, `end of expression`, `name "foo"`. */
const describeToken = (token: Token): string => {
  switch (token.type) {
    case 'end':
      return 'end of expression'
    case 'number':
      return `number ${token.value}`
    case 'string':
      return `string ${JSON.stringify(token.value.length > 20 ? `${token.value.slice(0, 20)}…` : token.value)}`
    case 'name':
      return token.value.startsWith('$') ? `variable "${token.value}"` : `name "${token.value}"`
    default:
      return `"${token.value}"`
  }
}

const LITERAL_NAMES: Readonly<Record<string, boolean | null>> = {
  true: true,
  false: false,
  null: null
}

/**
 * Parses an expression in Symfony ExpressionLanguage syntax (with rokka's `$variables`) into a
 * syntax tree. Throws `ExpressionError` (kind `syntax`, `reference`, `access` or `limit`) with the
 * position of the offending token.
 */
export const parseExpression = (source: string): Expression => {
  const tokens = tokenize(source)
  const depths = new WeakMap<ExpressionNode, number>()
  let nodeCount = 0
  let nesting = 0
  let index = 0

  const fail = (kind: ExpressionErrorKind, reason: string, position: number): never => {
    throw new ExpressionError(kind, reason, source, position)
  }
  const current = (): Token => tokens[index] ?? { type: 'end', position: source.length }
  const advance = (): Token => {
    const token = current()
    if (token.type !== 'end') index++
    return token
  }
  const isPunctuation = (token: Token, value: Punctuation) =>
    token.type === 'punctuation' && token.value === value
  const unexpected = (token: Token, expected?: string): never =>
    fail(
      'syntax',
      `Unexpected ${describeToken(token)}${expected === undefined ? '' : ` (expected ${expected})`}`,
      token.position
    )
  const expect = (value: Punctuation, expected: string = `"${value}"`): Token => {
    const token = current()
    if (!isPunctuation(token, value)) unexpected(token, expected)
    return advance()
  }

  const make = <N extends ExpressionNode>(node: N, children: readonly ExpressionNode[]): N => {
    if (++nodeCount > EXPRESSION_LIMITS.maxNodes) {
      fail('limit', `Expression has more than ${EXPRESSION_LIMITS.maxNodes} parts`, node.position)
    }
    const depth =
      1 + children.reduce((deepest, child) => Math.max(deepest, depths.get(child) ?? 1), 0)
    if (depth > EXPRESSION_LIMITS.maxDepth) {
      fail(
        'limit',
        `Expression is nested more than ${EXPRESSION_LIMITS.maxDepth} levels deep`,
        node.position
      )
    }
    depths.set(node, depth)
    return node
  }

  const checkLiteralKey = (key: ExpressionNode): void => {
    if (key.type !== 'literal' || typeof key.value !== 'string') return
    const problem = forbiddenNameProblem(key.value)
    if (problem !== null) fail('access', problem, key.position)
  }

  const parseList = (
    close: Punctuation,
    parseItem: () => void,
    allowTrailingComma: boolean
  ): void => {
    let first = true
    while (!isPunctuation(current(), close)) {
      if (!first) {
        expect(',', `"," or "${close}"`)
        if (allowTrailingComma && isPunctuation(current(), close)) break
      }
      first = false
      parseItem()
    }
    advance()
  }

  const parseArray = (position: number): ExpressionNode => {
    const elements: ExpressionNode[] = []
    parseList(']', () => elements.push(parseAt(0)), true)
    return make({ type: 'array', elements, position }, elements)
  }

  const parseHashKey = (): ExpressionNode => {
    const token = current()
    if (token.type === 'string' || token.type === 'number') {
      advance()
      return make({ type: 'literal', value: token.value, position: token.position }, [])
    }
    if (token.type === 'name' && !token.value.startsWith('$')) {
      advance()
      return make({ type: 'literal', value: token.value, position: token.position }, [])
    }
    if (isPunctuation(token, '(')) {
      advance()
      const key = parseAt(0)
      expect(')')
      return key
    }
    return unexpected(token, 'a hash key: a name, a quoted string, a number or (expression)')
  }

  const parseHash = (position: number): ExpressionNode => {
    const entries: { key: ExpressionNode; value: ExpressionNode }[] = []
    parseList(
      '}',
      () => {
        const key = parseHashKey()
        checkLiteralKey(key)
        expect(':')
        entries.push({ key, value: parseAt(0) })
      },
      true
    )
    const children = entries.flatMap((entry) => [entry.key, entry.value])
    return make({ type: 'hash', entries, position }, children)
  }

  const parseCall = (token: Extract<Token, { type: 'name' }>): ExpressionNode => {
    if (token.value.startsWith('$')) return unexpected(current())
    if (!isFunctionName(token.value)) {
      return fail(
        'reference',
        `The function "${token.value}" does not exist (available: ${FUNCTION_NAMES.join(', ')})`,
        token.position
      )
    }
    const name = token.value
    const args: ExpressionNode[] = []
    advance()
    parseList(')', () => args.push(parseAt(0)), false)
    const problem = arityProblem(name, args.length)
    if (problem !== null) fail('syntax', problem, token.position)
    return make({ type: 'call', name, args, position: token.position }, args)
  }

  const parsePropertyName = (): { name: string; position: number } => {
    const token = current()
    // Symfony lets word operators be property names: `a.in`, `a.not`
    const isProperty =
      (token.type === 'name' && !token.value.startsWith('$')) ||
      (token.type === 'operator' && /^[a-z]+$/.test(token.value))
    if (!isProperty) return unexpected(token, 'a property name')
    advance()
    return { name: token.value, position: token.position }
  }

  const parsePostfix = (start: ExpressionNode): ExpressionNode => {
    let node = start
    for (;;) {
      const token = current()
      const nullSafe = isPunctuation(token, '?.')
      if (nullSafe && isPunctuation(tokens[index + 1] ?? token, '[')) {
        advance()
        node = parseIndex(node, true)
      } else if (nullSafe || isPunctuation(token, '.')) {
        advance()
        const { name, position } = parsePropertyName()
        const problem = forbiddenNameProblem(name)
        if (problem !== null) fail('access', problem, position)
        if (isPunctuation(current(), '(')) {
          fail('syntax', `Methods cannot be called ("${name}(…)")`, current().position)
        }
        node = make({ type: 'property', object: node, name, nullSafe, position }, [node])
      } else if (isPunctuation(token, '[')) {
        node = parseIndex(node, false)
      } else {
        return node
      }
    }
  }

  const parseIndex = (object: ExpressionNode, nullSafe: boolean): ExpressionNode => {
    const open = advance()
    const key = parseAt(0)
    expect(']')
    checkLiteralKey(key)
    return make({ type: 'index', object, key, nullSafe, position: open.position }, [object, key])
  }

  const parsePrimary = (): ExpressionNode => {
    const token = current()
    if (token.type === 'operator' && isUnaryOperator(token.value)) {
      const operator = token.value
      advance()
      const operand = parseAt(UNARY_PRECEDENCE[operator])
      return make({ type: 'unary', operator, operand, position: token.position }, [operand])
    }
    if (isPunctuation(token, '(')) {
      advance()
      const inner = parseAt(0)
      expect(')')
      return parsePostfix(inner)
    }
    if (isPunctuation(token, '[')) return parsePostfix(parseArray(advance().position))
    if (isPunctuation(token, '{')) return parsePostfix(parseHash(advance().position))
    if (token.type === 'number' || token.type === 'string') {
      advance()
      return make({ type: 'literal', value: token.value, position: token.position }, [])
    }
    if (token.type !== 'name') return unexpected(token)
    advance()
    const lower = token.value.toLowerCase()
    if (!token.value.startsWith('$') && Object.hasOwn(LITERAL_NAMES, lower)) {
      const value = LITERAL_NAMES[lower] ?? null
      return make({ type: 'literal', value, position: token.position }, [])
    }
    if (isPunctuation(current(), '(')) return parsePostfix(parseCall(token))
    return parsePostfix(make({ type: 'name', name: token.value, position: token.position }, []))
  }

  /** `left ?? right`, then `test ? a : b`, `test ?: b`, `test ? a`: only at precedence 0. */
  const parseConditional = (start: ExpressionNode): ExpressionNode => {
    let node = start
    while (isPunctuation(current(), '??')) {
      const position = advance().position
      const right = parseAt(0)
      node = make({ type: 'coalesce', left: node, right, position }, [node, right])
    }
    while (isPunctuation(current(), '?')) {
      const position = advance().position
      if (isPunctuation(current(), ':')) {
        advance()
        const right = parseAt(0)
        node = make({ type: 'elvis', left: node, right, position }, [node, right])
        continue
      }
      const consequent = parseAt(0)
      let alternate: ExpressionNode | null = null
      if (isPunctuation(current(), ':')) {
        advance()
        alternate = parseAt(0)
      }
      const children = alternate === null ? [node, consequent] : [node, consequent, alternate]
      node = make({ type: 'conditional', test: node, consequent, alternate, position }, children)
    }
    return node
  }

  const parseAt = (minPrecedence: number): ExpressionNode => {
    if (++nesting > EXPRESSION_LIMITS.maxDepth * 2) {
      fail('limit', 'Expression is nested too deeply', current().position)
    }
    let node = parsePrimary()
    for (;;) {
      const token = current()
      if (token.type !== 'operator' || !isBinaryOperator(token.value)) break
      const operator = token.value
      const precedence = BINARY_PRECEDENCE[operator]
      if (precedence < minPrecedence) break
      advance()
      const right = parseAt(operator === '**' ? precedence : precedence + 1)
      node = make({ type: 'binary', operator, left: node, right, position: token.position }, [
        node,
        right
      ])
    }
    if (minPrecedence === 0) node = parseConditional(node)
    nesting--
    return node
  }

  if (current().type === 'end') fail('syntax', 'The expression is empty', 0)
  const root = parseAt(0)
  if (current().type !== 'end') unexpected(current())
  return { source, root }
}
