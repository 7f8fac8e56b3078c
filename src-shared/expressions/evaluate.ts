import { readMember, readScopeName, toMemberKey } from './access'
import type { Expression, ExpressionNode } from './ast'
import { ExpressionError, ExpressionFault } from './errors'
import { callFunction } from './functions'
import { EXPRESSION_LIMITS } from './limits'
import { applyBinary } from './operators'
import { parseExpression } from './parse'
import { isTruthy, toNumber } from './values'

/**
 * The names an expression can see: `image`, `options`, `request`, and stack variables under
 * their sigil (`$w`). Only own enumerable properties of plain objects and arrays are reachable.
 */
export type ExpressionScope = Readonly<Record<string, unknown>>

interface Context {
  readonly source: string
  readonly scope: ExpressionScope
}

/** Runs one step of `node`, giving value-level faults the node's position. */
const at = <T>(context: Context, node: ExpressionNode, run: () => T): T => {
  try {
    return run()
  } catch (error) {
    if (error instanceof ExpressionFault) {
      throw new ExpressionError(error.kind, error.message, context.source, node.position)
    }
    throw error
  }
}

const unknownName = (context: Context, node: ExpressionNode & { type: 'name' }): never => {
  if (node.name.startsWith('$')) {
    throw new ExpressionError(
      'reference',
      `The stack variable "${node.name}" is not defined`,
      context.source,
      node.position
    )
  }
  const known = Object.keys(context.scope).filter((name) => !name.startsWith('$'))
  const hint = known.length === 0 ? '' : ` (known names: ${known.join(', ')})`
  throw new ExpressionError(
    'reference',
    `The name "${node.name}" is not defined${hint}`,
    context.source,
    node.position
  )
}

/**
 * Evaluates a node. `lenient` is set for the left side of `??`: there a missing name or a
 * property of null reads as null instead of failing, as in Symfony.
 */
const evaluateNode = (
  node: ExpressionNode,
  context: Context,
  depth: number,
  lenient = false
): unknown => {
  if (depth > EXPRESSION_LIMITS.maxDepth) {
    throw new ExpressionError(
      'limit',
      `Expression is nested more than ${EXPRESSION_LIMITS.maxDepth} levels deep`,
      context.source,
      node.position
    )
  }
  const evaluate = (child: ExpressionNode, childLenient = false) =>
    evaluateNode(child, context, depth + 1, childLenient)

  switch (node.type) {
    case 'literal':
      return node.value
    case 'name': {
      const found = at(context, node, () => readScopeName(context.scope, node.name))
      if (found.found) return found.value
      return lenient ? null : unknownName(context, node)
    }
    case 'array':
      return node.elements.map((element) => evaluate(element))
    case 'hash': {
      const entries = node.entries.map(({ key, value }): [string, unknown] => {
        const name = at(context, key, () => toMemberKey(evaluate(key)))
        return [name, evaluate(value)]
      })
      return Object.fromEntries(entries)
    }
    case 'property': {
      const target = evaluate(node.object, lenient)
      if (target === null && (node.nullSafe || lenient)) return null
      return at(context, node, () => readMember(target, node.name))
    }
    case 'index': {
      const target = evaluate(node.object, lenient)
      if (target === null && (node.nullSafe || lenient)) return null
      const key = evaluate(node.key)
      return at(context, node, () => readMember(target, key))
    }
    case 'call': {
      const args = node.args.map((arg) => evaluate(arg))
      return at(context, node, () => callFunction(node.name, args))
    }
    case 'unary': {
      const operand = evaluate(node.operand)
      if (node.operator === 'not' || node.operator === '!') return !isTruthy(operand)
      const value = at(context, node, () => toNumber(operand))
      return node.operator === '-' ? -value : value
    }
    case 'binary': {
      const left = evaluate(node.left)
      switch (node.operator) {
        case 'or':
        case '||':
          return isTruthy(left) || isTruthy(evaluate(node.right))
        case 'and':
        case '&&':
          return isTruthy(left) && isTruthy(evaluate(node.right))
        default: {
          const right = evaluate(node.right)
          const operator = node.operator
          return at(context, node, () => applyBinary(operator, left, right))
        }
      }
    }
    case 'conditional':
      if (isTruthy(evaluate(node.test))) return evaluate(node.consequent)
      return node.alternate === null ? null : evaluate(node.alternate)
    case 'elvis': {
      const left = evaluate(node.left)
      return isTruthy(left) ? left : evaluate(node.right)
    }
    case 'coalesce':
      return evaluate(node.left, true) ?? evaluate(node.right)
  }
}

/**
 * Evaluates an expression (parsed, or source to parse) against a scope. Throws `ExpressionError`
 * for syntax errors, unknown names and variables, type errors, division by zero and exceeded
 * limits; the error's `position` points into the source.
 */
export const evaluateExpression = (
  expression: Expression | string,
  scope: ExpressionScope
): unknown => {
  const parsed = typeof expression === 'string' ? parseExpression(expression) : expression
  const context: Context = { source: parsed.source, scope }
  const result = evaluateNode(parsed.root, context, 1)
  if (typeof result === 'string' && result.length > EXPRESSION_LIMITS.maxStringLength) {
    throw new ExpressionError(
      'limit',
      `The result is longer than ${EXPRESSION_LIMITS.maxStringLength} characters`,
      parsed.source,
      parsed.root.position
    )
  }
  return result ?? null
}
