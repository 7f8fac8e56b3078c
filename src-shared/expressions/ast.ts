import type { FunctionName } from './functions'

/** Binary operators, from loosest to tightest binding (see `BINARY_PRECEDENCE` in parse.ts). */
export type BinaryOperator =
  | 'or'
  | '||'
  | 'xor'
  | 'and'
  | '&&'
  | '|'
  | '^'
  | '&'
  | '=='
  | '==='
  | '!='
  | '!=='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'in'
  | 'not in'
  | 'matches'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | '..'
  | '+'
  | '-'
  | '~'
  | '*'
  | '/'
  | '%'
  | '**'

export type UnaryOperator = 'not' | '!' | '-' | '+'

/** Every node knows where it is: the 0-based index of its operator, name or first character. */
interface NodeBase {
  readonly position: number
}

/** `12`, `'text'`, `true`, `null`. */
export interface LiteralNode extends NodeBase {
  readonly type: 'literal'
  readonly value: string | number | boolean | null
}

/** A name looked up in the scope: `image`, or a stack variable with its sigil, `$w`. */
export interface NameNode extends NodeBase {
  readonly type: 'name'
  readonly name: string
}

/** `[a, b]`. */
export interface ArrayNode extends NodeBase {
  readonly type: 'array'
  readonly elements: readonly ExpressionNode[]
}

/** `{a: 1, 'b': 2, (key): 3}`; `key` is a literal unless written in parentheses. */
export interface HashNode extends NodeBase {
  readonly type: 'hash'
  readonly entries: readonly { readonly key: ExpressionNode; readonly value: ExpressionNode }[]
}

/** `object.name` or `object?.name`. */
export interface PropertyNode extends NodeBase {
  readonly type: 'property'
  readonly object: ExpressionNode
  readonly name: string
  readonly nullSafe: boolean
}

/** `object[key]` or `object?.[key]`. */
export interface IndexNode extends NodeBase {
  readonly type: 'index'
  readonly object: ExpressionNode
  readonly key: ExpressionNode
  readonly nullSafe: boolean
}

/** `name(args…)`, only for functions of the allow-list. */
export interface CallNode extends NodeBase {
  readonly type: 'call'
  readonly name: FunctionName
  readonly args: readonly ExpressionNode[]
}

export interface UnaryNode extends NodeBase {
  readonly type: 'unary'
  readonly operator: UnaryOperator
  readonly operand: ExpressionNode
}

export interface BinaryNode extends NodeBase {
  readonly type: 'binary'
  readonly operator: BinaryOperator
  readonly left: ExpressionNode
  readonly right: ExpressionNode
}

/** `test ? consequent : alternate`; `test ? consequent` has a null alternate and yields null. */
export interface ConditionalNode extends NodeBase {
  readonly type: 'conditional'
  readonly test: ExpressionNode
  readonly consequent: ExpressionNode
  readonly alternate: ExpressionNode | null
}

/** `left ?: right`: left when truthy, else right. */
export interface ElvisNode extends NodeBase {
  readonly type: 'elvis'
  readonly left: ExpressionNode
  readonly right: ExpressionNode
}

/** `left ?? right`: left unless it is null or cannot be read, else right. */
export interface CoalesceNode extends NodeBase {
  readonly type: 'coalesce'
  readonly left: ExpressionNode
  readonly right: ExpressionNode
}

/** One node of the syntax tree of an expression. */
export type ExpressionNode =
  | LiteralNode
  | NameNode
  | ArrayNode
  | HashNode
  | PropertyNode
  | IndexNode
  | CallNode
  | UnaryNode
  | BinaryNode
  | ConditionalNode
  | ElvisNode
  | CoalesceNode

/** A parsed expression: its syntax tree and the source it came from (quoted in errors). */
export interface Expression {
  readonly source: string
  readonly root: ExpressionNode
}
