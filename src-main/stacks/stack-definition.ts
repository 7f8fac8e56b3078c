import type { StackExpression, StackOperation } from '../../src-shared/api/stacks'
import { badRequest } from '../errors'

/** What a PUT /stacks body defines, whatever spelling the client used. */
export interface StackDefinition {
  operations: StackOperation[]
  options: Record<string, unknown>
  expressions: StackExpression[]
  variables: Record<string, unknown>
  description: string | null
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** PHP's json_encode writes an empty map as `[]`; treat that as `{}`. */
const asMap = (value: unknown, what: string): Record<string, unknown> => {
  if (value === undefined || value === null) return {}
  if (Array.isArray(value) && value.length === 0) return {}
  if (isObject(value)) return value
  throw badRequest(`${what} must be a JSON object.`)
}

const asList = (value: unknown, what: string): unknown[] => {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value
  throw badRequest(`${what} must be a JSON array.`)
}

const parseOperation = (value: unknown, index: number): StackOperation => {
  if (!isObject(value) || typeof value.name !== 'string' || value.name === '') {
    throw badRequest(`Operation ${index + 1} needs a "name", e.g. {"name":"resize","options":{"width":200}}.`)
  }
  const options = asMap(value.options, `The options of operation "${value.name}"`)
  const expressions = asMap(value.expressions, `The expressions of operation "${value.name}"`)
  for (const [key, expression] of Object.entries(expressions)) {
    if (typeof expression !== 'string' && typeof expression !== 'number' && typeof expression !== 'boolean') {
      throw badRequest(`Expression "${key}" of operation "${value.name}" must be a string.`)
    }
  }
  const operation: StackOperation = { name: value.name, options }
  if (Object.keys(expressions).length > 0) {
    operation.expressions = Object.fromEntries(
      Object.entries(expressions).map(([key, expression]) => [key, String(expression)])
    )
  }
  return operation
}

const parseExpression = (value: unknown, index: number): StackExpression => {
  if (!isObject(value) || typeof value.expression !== 'string') {
    throw badRequest(`Stack expression ${index + 1} needs an "expression" string and "overrides".`)
  }
  const overrides = asMap(value.overrides, `The overrides of stack expression ${index + 1}`)
  const out: StackExpression['overrides'] = {}
  if (overrides.options !== undefined) out.options = asMap(overrides.options, 'overrides.options')
  if (overrides.variables !== undefined) {
    out.variables = asMap(overrides.variables, 'overrides.variables')
  }
  return { expression: value.expression, overrides: out }
}

/**
 * Reads the three body forms clients send: `{operations, options, expressions, variables}`,
 * a bare array of operations, and the `stack_*` spelling.
 */
export const parseStackDefinition = (body: unknown): StackDefinition => {
  if (body === undefined || body === null || body === '') {
    return { operations: [], options: {}, expressions: [], variables: {}, description: null }
  }
  if (Array.isArray(body)) {
    return {
      operations: body.map(parseOperation),
      options: {},
      expressions: [],
      variables: {},
      description: null
    }
  }
  if (!isObject(body)) throw badRequest('A stack must be a JSON object with "operations".')
  const pick = (plain: string) => (body[plain] !== undefined ? body[plain] : body[`stack_${plain}`])
  const description = body.description
  if (description !== undefined && description !== null && typeof description !== 'string') {
    throw badRequest('The stack description must be a string.')
  }
  return {
    operations: asList(pick('operations'), 'operations').map(parseOperation),
    options: asMap(pick('options'), 'options'),
    expressions: asList(pick('expressions'), 'expressions').map(parseExpression),
    variables: asMap(pick('variables'), 'variables'),
    description: (description as string | undefined) ?? null
  }
}
