import type { StackOperation } from '../../src-shared/api/stacks'
import { stackOptionsSchema } from '../../src-shared/stack-options'
import { evaluateExpression, resolveVariables } from '../../src-shared/expressions'
import { coerceOptionValue, coerceStackOptionValue, validateOperation, validateStackOptions } from '../engine/validate'
import type { PlannedOperation } from '../engine/pipeline'
import type { StackRecord } from '../stacks/stack-repo'
import { badRequest } from '../errors'
import { operationByName } from '../engine/operations'

/** What the render URL adds to or changes in the stack (values still strings). */
export interface UrlOverrides {
  operations: { name: string; options: Record<string, string>; expressions: Record<string, string> }[]
  options: Record<string, string>
  variables: Record<string, string>
  /** `?v=` JSON variables, merged over the path's. */
  queryVariables: Record<string, unknown>
}

/** A stack made concrete for one image and one request. */
export interface ResolvedStack {
  name: string
  operations: PlannedOperation[]
  /** Every stack option, defaults filled in. */
  options: Record<string, unknown>
  /** Only the options the stack, its expressions or the URL set. */
  explicit: Record<string, unknown>
  /** The basestack chain, innermost (rendered first) last. */
  base: ResolvedStack | null
  /** Definitions of the stacks compositions render their secondary through (for the cache key). */
  secondaryStacks: SecondaryStackDefinition[]
}

export type SecondaryStackDefinition = Pick<
  StackRecord,
  'name' | 'operations' | 'options' | 'expressions' | 'variables'
>

const STACK_OPTION_DEFAULTS: Record<string, unknown> = Object.fromEntries(
  Object.entries(stackOptionsSchema.properties as Record<string, { default?: unknown }>)
    .filter(([, schema]) => schema.default !== undefined && schema.default !== null)
    .map(([name, schema]) => [name, schema.default])
)

const expressionText = (value: string) => value.replace(/^(?:\[|%5B)/i, '').replace(/(?:\]|%5D)$/i, '')

const evaluate = (source: string, scope: Record<string, unknown>, where: string): unknown => {
  try {
    return evaluateExpression(source, scope)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw badRequest(`The expression of ${where} cannot be evaluated: ${reason}`)
  }
}

export interface ResolveInput {
  stack: Pick<StackRecord, 'name' | 'operations' | 'options' | 'expressions' | 'variables'>
  overrides: UrlOverrides
  /** `dynamic` stacks take their operations from the URL. */
  isDynamic: boolean
  image: Record<string, unknown>
  request: Record<string, unknown>
  /** Loads a basestack by name (undefined when it does not exist). */
  loadStack: (name: string) => StackRecord | undefined
}

const applyOperationOverrides = (
  operations: StackOperation[],
  overrides: UrlOverrides['operations'],
  isDynamic: boolean
): { name: string; options: Record<string, unknown>; expressions: Record<string, string> }[] => {
  const list = (isDynamic ? [] : operations).map((op) => ({
    name: op.name,
    options: { ...(op.options ?? {}) } as Record<string, unknown>,
    expressions: { ...(op.expressions ?? {}) }
  }))
  if (isDynamic) {
    for (const op of overrides) {
      list.push({ name: op.name, options: coerceAll(op.name, op.options), expressions: mapExpressions(op.expressions) })
    }
    return list
  }
  // In a named stack, URL operation blocks change the options of every operation of that name.
  for (const override of overrides) {
    const targets = list.filter((op) => op.name === override.name)
    if (targets.length === 0) {
      throw badRequest(`The URL changes options of "${override.name}", but the stack has no such operation.`)
    }
    for (const target of targets) {
      Object.assign(target.options, coerceAll(override.name, override.options))
      Object.assign(target.expressions, mapExpressions(override.expressions))
    }
  }
  return list
}

const coerceAll = (operation: string, options: Record<string, string>) =>
  Object.fromEntries(Object.entries(options).map(([key, raw]) => [key, coerceOptionValue(operation, key, raw)]))

const mapExpressions = (expressions: Record<string, string>) =>
  Object.fromEntries(Object.entries(expressions).map(([key, raw]) => [key, expressionText(raw)]))

/** The stacks `composition` operations name in `secondary_stack`; 400 for one that is missing. */
const secondaryStacksOf = (
  planned: PlannedOperation[],
  loadStack: ResolveInput['loadStack']
): SecondaryStackDefinition[] =>
  planned.flatMap(({ operation, options }) => {
    const name = options.secondary_stack
    if (operation.spec.name !== 'composition' || typeof name !== 'string' || options.enabled === false) return []
    const found = loadStack(name)
    if (!found) throw badRequest(`The secondary stack "${name}" of composition does not exist.`)
    const { operations, options: stackOptions, expressions, variables } = found
    return [{ name, operations, options: stackOptions, expressions, variables }]
  })

/**
 * Resolves a stack for one render: URL overrides over stack options, variables (stack
 * definitions, then URL path, then `?v=`), stack expressions top to bottom, operation
 * expressions, validation of every result, and the basestack chain.
 */
export const resolveStack = (input: ResolveInput, depth = 0): ResolvedStack => {
  const { stack, overrides } = input
  const urlOptions = Object.fromEntries(
    Object.entries(overrides.options).map(([key, raw]) => [key, coerceStackOptionValue(key, raw)])
  )
  let explicit: Record<string, unknown> = { ...stack.options, ...urlOptions }
  validateStackOptions(explicit)

  const baseScope = { image: input.image, request: input.request }
  const withOptions = () => ({ ...baseScope, options: { ...STACK_OPTION_DEFAULTS, ...explicit } })
  let variables = resolveVariables(
    stack.variables,
    { ...overrides.variables, ...overrides.queryVariables },
    withOptions()
  )
  const variableScope = () =>
    Object.fromEntries(Object.entries(variables).map(([name, value]) => [`$${name}`, value]))

  stack.expressions.forEach((expression, index) => {
    const scope = { ...withOptions(), ...variableScope() }
    if (!evaluate(expression.expression, scope, `stack expression ${index + 1}`)) return
    if (expression.overrides.options) explicit = { ...explicit, ...expression.overrides.options }
    if (expression.overrides.variables) variables = { ...variables, ...expression.overrides.variables }
  })
  validateStackOptions(explicit)
  const options = { ...STACK_OPTION_DEFAULTS, ...explicit }

  const scope = { ...baseScope, options, ...variableScope() }
  const planned: PlannedOperation[] = applyOperationOverrides(stack.operations, overrides.operations, input.isDynamic).map(
    (op) => {
      const resolved = { ...op.options }
      for (const [key, expression] of Object.entries(op.expressions)) {
        resolved[key] = evaluate(expression, scope, `${op.name}.${key}`)
      }
      const operation = operationByName(op.name)
      return { operation, options: validateOperation(op.name, resolved) }
    }
  )

  const dpr = typeof options.dpr === 'number' ? options.dpr : 1
  if (dpr !== 1 && !planned.some((op) => op.operation.spec.name === 'resize' && op.options.enabled !== false)) {
    throw badRequest('The dpr option needs a resize operation in the stack itself (a basestack\'s does not count).')
  }

  let base: ResolvedStack | null = null
  const baseName = explicit.basestack
  if (typeof baseName === 'string' && baseName !== '') {
    if (depth >= 10) throw badRequest('Basestacks chain at most 10 deep.')
    const baseStack = input.loadStack(baseName)
    if (!baseStack) throw badRequest(`The basestack "${baseName}" does not exist.`)
    base = resolveStack(
      {
        ...input,
        stack: baseStack,
        isDynamic: false,
        overrides: { operations: [], options: {}, variables: overrides.variables, queryVariables: overrides.queryVariables }
      },
      depth + 1
    )
  }
  return { name: stack.name, operations: planned, options, explicit, base, secondaryStacks: secondaryStacksOf(planned, input.loadStack) }
}
