import { parseExpression } from '@shared/expressions'
import type { OptionSchema, OptionType } from '@shared/operations'

/** A form value as typed: text for inputs and selects, booleans for checkboxes. */
export type DraftValue = string | boolean

/** What one form value means: a typed value, an expression, nothing, or an error to show. */
export interface OptionCheck {
  value?: unknown
  expression?: string
  error?: string
}

/** The option's type without `null` (rokka's editor uses the first non-null type too). */
export const primaryType = (schema: OptionSchema): OptionType => {
  const types = typeof schema.type === 'string' ? [schema.type] : schema.type
  return types.find((type) => type !== 'null') ?? 'string'
}

/** `[…]` marks an expression, as in render URLs. */
export const expressionOf = (raw: DraftValue): string | undefined =>
  typeof raw === 'string' && raw.startsWith('[') && raw.endsWith(']') && raw.length > 2
    ? raw.slice(1, -1)
    : undefined

const checkRange = (value: number, schema: OptionSchema): string | undefined => {
  const { minimum, maximum } = schema
  if (minimum !== undefined && maximum !== undefined && (value < minimum || value > maximum)) {
    return `Must be between ${minimum} and ${maximum}.`
  }
  if (minimum !== undefined && value < minimum) return `Must be at least ${minimum}.`
  if (maximum !== undefined && value > maximum) return `Must be at most ${maximum}.`
  return undefined
}

const checkNumber = (text: string, schema: OptionSchema, whole: boolean): OptionCheck => {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) return { error: 'Must be a number.' }
  if (whole && !Number.isInteger(value)) return { error: 'Must be a whole number.' }
  const error = checkRange(value, schema)
  return error === undefined ? { value } : { error }
}

const checkString = (text: string, schema: OptionSchema): OptionCheck => {
  if (schema.values !== undefined && !schema.values.includes(text)) {
    return { error: `Must be one of ${schema.values.join(', ')}.` }
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(text)) {
    return { error: `Does not match the expected form (${schema.pattern}).` }
  }
  return { value: text }
}

/** Checks one form value against its schema; empty means "not set" (the default applies). */
export const checkOption = (schema: OptionSchema, raw: DraftValue | undefined): OptionCheck => {
  if (raw === undefined || raw === '') return {}
  const expression = expressionOf(raw)
  if (expression !== undefined) {
    try {
      parseExpression(expression)
      return { expression }
    } catch (thrown) {
      return { error: thrown instanceof Error ? thrown.message : 'Not a valid expression.' }
    }
  }
  const type = primaryType(schema)
  if (typeof raw === 'boolean') return type === 'boolean' ? { value: raw } : { value: String(raw) }
  switch (type) {
    case 'integer':
      return checkNumber(raw, schema, true)
    case 'number':
      return checkNumber(raw, schema, false)
    case 'boolean':
      return raw === 'true' || raw === 'false'
        ? { value: raw === 'true' }
        : { error: 'Must be true or false.' }
    case 'array':
      return { value: raw.split(',').map((part) => part.trim()) }
    default:
      return checkString(raw, schema)
  }
}

/** A stored option value as form text. */
export const toDraftValue = (value: unknown): DraftValue => {
  if (typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.join(',')
  return value === null || value === undefined ? '' : String(value)
}
