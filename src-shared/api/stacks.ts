export interface StackOperation {
  name: string
  options?: Record<string, unknown>
  expressions?: Record<string, string>
}

export interface StackExpression {
  expression: string
  overrides: { options?: Record<string, unknown>; variables?: Record<string, unknown> }
}

/** A stack as rokka's API returns it (snake_case `stack_*` keys). */
export interface Stack {
  name: string
  organization: string
  created: string
  description?: string
  stack_operations: StackOperation[]
  stack_options: Record<string, unknown>
  stack_expressions: StackExpression[]
  stack_variables: Record<string, unknown>
  link?: string
}

export interface StackList {
  items: Stack[]
  cursor?: string
}
