import type { Expression, ExpressionNode } from './ast'

const childrenOf = (node: ExpressionNode): readonly ExpressionNode[] => {
  switch (node.type) {
    case 'literal':
    case 'name':
      return []
    case 'array':
      return node.elements
    case 'hash':
      return node.entries.flatMap((entry) => [entry.key, entry.value])
    case 'property':
      return [node.object]
    case 'index':
      return [node.object, node.key]
    case 'call':
      return node.args
    case 'unary':
      return [node.operand]
    case 'binary':
    case 'elvis':
    case 'coalesce':
      return [node.left, node.right]
    case 'conditional':
      return node.alternate === null
        ? [node.test, node.consequent]
        : [node.test, node.consequent, node.alternate]
  }
}

/**
 * The names an expression reads from its scope, each once, in order of appearance: bare names
 * (`image`) and stack variables with their sigil (`$w`).
 */
export const referencedNames = (expression: Expression): string[] => {
  const names = new Set<string>()
  const pending: ExpressionNode[] = [expression.root]
  const visit = (node: ExpressionNode): void => {
    if (node.type === 'name') names.add(node.name)
    pending.push(...[...childrenOf(node)].reverse())
  }
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) visit(node)
  return [...names]
}
