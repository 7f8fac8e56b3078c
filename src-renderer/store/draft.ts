import type { Stack, StackExpression, StackOperation } from '@shared/api/stacks'
import type { OperationSchema, OptionSchema } from '@shared/operations'
import type { StackBody } from '../api/types'
import { checkOption, toDraftValue, type DraftValue } from './option-value'

export interface DraftOperation {
  /** Stable key for React and drag and drop; not sent to the server. */
  id: string
  name: string
  enabled: boolean
  values: Record<string, DraftValue>
}

/** The stack being edited, as form values. */
export interface StackDraft {
  name: string
  /** False once the stack exists on the server (saving then overwrites). */
  isNew: boolean
  operations: DraftOperation[]
  options: Record<string, DraftValue>
  expressions: StackExpression[]
  variables: Record<string, unknown>
  description?: string
}

/** A draft turned into what the server takes, plus the problems to flag, keyed by field id. */
export interface CompiledDraft {
  body: StackBody
  /** Enabled operations only, for the live preview. */
  previewOperations: StackOperation[]
  errors: Record<string, string>
}

let counter = 0
export const newOperationId = (): string => `op-${++counter}`

const valuesOf = (operation: StackOperation): Record<string, DraftValue> => {
  const values: Record<string, DraftValue> = {}
  for (const [key, value] of Object.entries(operation.options ?? {})) {
    if (key !== 'enabled') values[key] = toDraftValue(value)
  }
  for (const [key, expression] of Object.entries(operation.expressions ?? {})) {
    values[key] = `[${expression}]`
  }
  return values
}

export const draftFromStack = (stack: Stack): StackDraft => ({
  name: stack.name,
  isNew: false,
  operations: stack.stack_operations.map((operation) => ({
    id: newOperationId(),
    name: operation.name,
    enabled: operation.options?.enabled !== false,
    values: valuesOf(operation)
  })),
  options: Object.fromEntries(
    Object.entries(stack.stack_options).map(([key, value]) => [key, toDraftValue(value)])
  ),
  expressions: stack.stack_expressions,
  variables: stack.stack_variables,
  ...(stack.description === undefined ? {} : { description: stack.description })
})

export const emptyDraft = (name: string): StackDraft => ({
  name,
  isNew: true,
  operations: [],
  options: {},
  expressions: [],
  variables: {}
})

/** Field id of an operation option in `CompiledDraft.errors`. */
export const operationFieldId = (operationId: string, key: string): string =>
  `${operationId}.${key}`
export const stackOptionFieldId = (key: string): string => `options.${key}`

const LOOSE: OptionSchema = { type: 'string' }

const compileOperation = (
  operation: DraftOperation,
  schema: OperationSchema | undefined,
  errors: Record<string, string>
): StackOperation => {
  const options: Record<string, unknown> = {}
  const expressions: Record<string, string> = {}
  for (const [key, raw] of Object.entries(operation.values)) {
    const check = checkOption(schema?.properties[key] ?? LOOSE, raw)
    if (check.error !== undefined) errors[operationFieldId(operation.id, key)] = check.error
    else if (check.expression !== undefined) expressions[key] = check.expression
    else if (check.value !== undefined) options[key] = check.value
  }
  const isSet = (key: string) => key in options || key in expressions
  for (const key of schema?.required ?? []) {
    const id = operationFieldId(operation.id, key)
    if (!isSet(key) && errors[id] === undefined) errors[id] = 'Required.'
  }
  const oneOf = schema?.oneOf ?? []
  const firstOf = oneOf[0]
  if (firstOf !== undefined && !oneOf.some(isSet)) {
    errors[operationFieldId(operation.id, firstOf)] ??= `Set at least one of ${oneOf.join(', ')}.`
  }
  if (!operation.enabled) options.enabled = false
  return {
    name: operation.name,
    options,
    ...(Object.keys(expressions).length > 0 ? { expressions } : {})
  }
}

export const compileDraft = (
  draft: StackDraft,
  operationSchemas: Readonly<Record<string, OperationSchema>>,
  optionSchemas: Readonly<Record<string, OptionSchema>>
): CompiledDraft => {
  const errors: Record<string, string> = {}
  const operations = draft.operations.map((operation) =>
    compileOperation(operation, operationSchemas[operation.name], errors)
  )
  const options: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(draft.options)) {
    const check = checkOption(optionSchemas[key] ?? LOOSE, raw)
    if (check.error !== undefined) errors[stackOptionFieldId(key)] = check.error
    else if (check.value !== undefined) options[key] = check.value
  }
  return {
    body: {
      operations,
      options,
      expressions: draft.expressions,
      variables: draft.variables,
      ...(draft.description === undefined ? {} : { description: draft.description })
    },
    previewOperations: operations.filter((operation) => operation.options?.enabled !== false),
    errors
  }
}
