import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv'
import { operationSpecs } from '../../src-shared/operations'
import { ANCHOR_PATTERN, HEX_COLOUR_PATTERN } from '../../src-shared/operations/common'
import type { OperationSchema, OptionSchema, OptionType } from '../../src-shared/operations/types'
import { stackOptionsSchema } from '../../src-shared/stack-options'
import { badRequest, invalidOption } from '../errors'

type Properties = Readonly<Record<string, OptionSchema>>

interface CompiledOperation {
  readonly schema: OperationSchema
  /** Full schema: values, unknown keys, `required` and the resize at-least-one rule. */
  readonly validate: ValidateFunction
  /** Values and unknown keys only, for when expressions supply some of the options. */
  readonly validateValues: ValidateFunction
}

const ajv = new Ajv({ allErrors: false, strict: false })

const typesOf = (option: OptionSchema): OptionType[] => {
  const types: OptionType[] = typeof option.type === 'string' ? [option.type] : [...option.type]
  // rokka publishes `default: null` for "unset"; a client echoing that null back must pass
  if (option.default === null && !types.includes('null')) types.push('null')
  return types
}

// rokka's unanchored patterns describe whole values (colour, anchor, stack name); patterns
// that start with ^ carry their own anchoring (remote_basepath is a prefix test)
const wholeValuePattern = (pattern: string): string =>
  pattern.startsWith('^') ? pattern : `^(?:${pattern})$`

const toJsonSchema = (option: OptionSchema): SchemaObject => {
  const types = typesOf(option)
  const schema: SchemaObject = { type: types.length === 1 ? types[0] : types }
  if (option.minimum !== undefined) schema.minimum = option.minimum
  if (option.maximum !== undefined) schema.maximum = option.maximum
  if (option.pattern !== undefined) schema.pattern = wholeValuePattern(option.pattern)
  if (option.items !== undefined) schema.items = toJsonSchema(option.items)
  if (option.values !== undefined) {
    schema.enum = [
      ...option.values,
      ...(types.includes('boolean') ? [true, false] : []),
      ...(types.includes('null') ? [null] : [])
    ]
  }
  return schema
}

const toObjectSchema = (properties: Properties): SchemaObject => ({
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(properties).map(([key, option]) => [key, toJsonSchema(option)])
  ),
  additionalProperties: false
})

const compileOperation = (schema: OperationSchema): CompiledOperation => {
  const values = toObjectSchema(schema.properties)
  const full: SchemaObject = { ...values }
  if (schema.required !== undefined && schema.required.length > 0) {
    full.required = [...schema.required]
  }
  if (schema.oneOf !== undefined) full.anyOf = schema.oneOf.map((key) => ({ required: [key] }))
  return { schema, validate: ajv.compile(full), validateValues: ajv.compile(values) }
}

const compiledOperations: ReadonlyMap<string, CompiledOperation> = new Map(
  operationSpecs.map((spec) => [spec.name, compileOperation(spec.schema)])
)

const stackOptionProperties: Properties = stackOptionsSchema.properties
const validateStackOptionValues = ajv.compile(toObjectSchema(stackOptionProperties))

const propertyOf = (properties: Properties, key: string): OptionSchema | undefined =>
  Object.hasOwn(properties, key) ? properties[key] : undefined

const rangeText = ({ minimum, maximum }: OptionSchema): string => {
  if (minimum !== undefined && maximum !== undefined) return ` between ${minimum} and ${maximum}`
  if (minimum !== undefined) return ` of at least ${minimum}`
  if (maximum !== undefined) return ` of at most ${maximum}`
  return ''
}

const describeNonNull = (option: OptionSchema, types: readonly OptionType[]): string => {
  if (option.values !== undefined) return `one of ${option.values.join(', ')}`
  if (option.pattern === HEX_COLOUR_PATTERN) return 'hex colour like FFFFFF'
  if (option.pattern === ANCHOR_PATTERN) {
    return 'anchor like center_center, right_bottom, 10_20, auto, smart, face, subjectarea or croparea'
  }
  if (option.pattern !== undefined) return `string matching ${option.pattern}`
  const [only] = types
  if (types.length === 1 && (only === 'integer' || only === 'number')) {
    return `${only}${rangeText(option)}`
  }
  if (types.length === 1 && only === 'array' && option.items !== undefined) {
    return `array of ${option.items.type}s`
  }
  return types.join(' or ')
}

/** The `<expected>` part of a validation message, e.g. `integer between 1 and 10000`. */
const describeExpected = (option: OptionSchema): string => {
  const types = typesOf(option)
  const nonNull = types.filter((type) => type !== 'null')
  const text = describeNonNull(option, nonNull)
  return nonNull.length < types.length ? `${text} or null` : text
}

const asOptionsRecord = (value: unknown, label: string): Record<string, unknown> => {
  if (value === undefined || value === null) return {}
  // PHP's json_encode turns an empty options array into `[]`
  if (Array.isArray(value)) {
    if (value.length === 0) return {}
    throw badRequest(`Expected object for ${label} but received a non-empty array`)
  }
  if (typeof value !== 'object') throw invalidOption(label, 'object', value)
  return value as Record<string, unknown>
}

const unescapePointer = (segment: string): string =>
  segment.replaceAll('~1', '/').replaceAll('~0', '~')

/** The top-level option an ajv error is about. */
const keyOfError = (error: ErrorObject): string | undefined => {
  const params = error.params as Record<string, unknown>
  if (typeof params.additionalProperty === 'string') return params.additionalProperty
  if (typeof params.missingProperty === 'string') return params.missingProperty
  const [, first] = error.instancePath.split('/')
  return first === undefined ? undefined : unescapePointer(first)
}

/** The AppError for the first value ajv rejected; `qualify` turns the key into the message name. */
const valueError = (
  validate: ValidateFunction,
  properties: Properties,
  record: Record<string, unknown>,
  qualify: (key: string) => string
) => {
  const error = validate.errors?.[0]
  const key = error === undefined ? undefined : keyOfError(error)
  const option = key === undefined ? undefined : propertyOf(properties, key)
  // unreachable while the structural checks above run first; kept so nothing passes silently
  if (key === undefined || option === undefined) return badRequest(`Invalid ${qualify('options')}`)
  return invalidOption(qualify(key), describeExpected(option), record[key])
}

const hasKey = (record: Record<string, unknown>, key: string): boolean => Object.hasOwn(record, key)

/**
 * Checks one operation's options against its published schema and throws an AppError (400) for
 * the first problem: unknown operation, options that are not an object, an unknown option, a
 * missing required option (`Expected width and height for crop`; resize: `Expected width or
 * height for resize`) or a wrong value in sharp's fixed form (`Expected integer between 1 and
 * 10000 for resize.width but received 0 of type number`).
 *
 * `expressionKeys` names options the operation's `expressions` will supply at render time; they
 * count as present for the required checks. Defaults are not applied; the options come back as
 * given (`[]`, `null` and `undefined` come back as `{}`).
 */
export const validateOperation = (
  name: string,
  options: unknown,
  expressionKeys: Iterable<string> = []
): Record<string, unknown> => {
  const compiled = compiledOperations.get(name)
  if (compiled === undefined) {
    throw badRequest(`Operation "${name}" does not exist; see GET /operations for the list.`)
  }
  const record = asOptionsRecord(options, `${name} options`)
  const { properties, required = [], oneOf } = compiled.schema

  const unknownKey = Object.keys(record).find((key) => propertyOf(properties, key) === undefined)
  if (unknownKey !== undefined) {
    throw badRequest(`Unknown option "${unknownKey}" for operation "${name}"`)
  }
  const fromExpressions = new Set(expressionKeys)
  const isGiven = (key: string) => hasKey(record, key) || fromExpressions.has(key)
  const missing = required.filter((key) => !isGiven(key))
  if (missing.length > 0) throw badRequest(`Expected ${missing.join(' and ')} for ${name}`)
  if (oneOf !== undefined && !oneOf.some(isGiven)) {
    throw badRequest(`Expected ${oneOf.join(' or ')} for ${name}`)
  }

  const validate = fromExpressions.size > 0 ? compiled.validateValues : compiled.validate
  if (validate(record)) return record
  throw valueError(validate, properties, record, (key) => `${name}.${key}`)
}

/**
 * Checks a stack's `options` against the stack option schema (`GET /stackoptions`) and throws an
 * AppError (400) for the first problem: `Unknown stack option "<key>"; see GET /stackoptions for
 * the list.` or `Expected integer between 1 and 100 for jpg.quality but received 101 of type
 * number`. Returns the options as given (`[]`, `null` and `undefined` come back as `{}`).
 */
export const validateStackOptions = (options: unknown): Record<string, unknown> => {
  const record = asOptionsRecord(options, 'stack options')
  const unknownKey = Object.keys(record).find(
    (key) => propertyOf(stackOptionProperties, key) === undefined
  )
  if (unknownKey !== undefined) {
    throw badRequest(`Unknown stack option "${unknownKey}"; see GET /stackoptions for the list.`)
  }
  if (validateStackOptionValues(record)) return record
  throw valueError(validateStackOptionValues, stackOptionProperties, record, (key) => key)
}

const EXPRESSION = /^(\[.*\]|%5B.*%5D)$/is
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

const coerceBySchema = (option: OptionSchema | undefined, raw: string): unknown => {
  if (option === undefined || EXPRESSION.test(raw)) return raw
  const types = typesOf(option)
  if (types.includes('string')) return raw
  if (raw === 'null' && types.includes('null')) return null
  if ((types.includes('integer') || types.includes('number')) && NUMERIC.test(raw)) {
    const value = Number(raw)
    if (Number.isFinite(value)) return value
  }
  if (types.includes('boolean')) {
    if (raw === 'true' || raw === '1') return true
    if (raw === 'false' || raw === '0') return false
  }
  return raw
}

/**
 * Converts a render-URL value (always a string, as in `resize-width-200` or `upscale-false`) to
 * the type the option's schema asks for: integer/number → number, boolean (`true`/`false`,
 * `1`/`0`) → boolean, `null` → null where null is allowed. String options, `[expression]` values
 * (also `%5B…%5D`), unknown options and values that do not convert come back unchanged, so that
 * validation reports them.
 */
export const coerceOptionValue = (op: string, key: string, raw: string): unknown => {
  const compiled = compiledOperations.get(op)
  return coerceBySchema(compiled && propertyOf(compiled.schema.properties, key), raw)
}

/** `coerceOptionValue` for stack options given in a render URL (`options-jpg.quality-50`). */
export const coerceStackOptionValue = (key: string, raw: string): unknown =>
  coerceBySchema(propertyOf(stackOptionProperties, key), raw)
