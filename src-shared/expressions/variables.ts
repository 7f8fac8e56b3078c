import { ExpressionError } from './errors'
import { evaluateExpression, type ExpressionScope } from './evaluate'
import { referencedNames } from './names'
import { parseExpression } from './parse'
import { isNumericString } from './values'

/**
 * What a definition says about the type its URL override should get:
 * - `number`, `boolean`: a JSON number or boolean;
 * - `text`: a string that is not an expression (`"notset"`, `"000000"`, `"center_center"`);
 * - `expression`: a string that reads a stack variable or a scope name (`"$w / 2"`);
 * - `unknown`: null, an array or object, or no definition at all.
 */
export type DefinitionKind = 'number' | 'boolean' | 'text' | 'expression' | 'unknown'

const VARIABLE_REFERENCE = /\$[A-Za-z_]/

/**
 * Whether a string definition is an expression. rokka's own best-practice stack defines
 * `"a": "notset"` next to `"r": "$defaultWidth / $defaultHeight"`, so a string is an expression
 * only when it reads a stack variable (`$name`) or a name of the scope (`image.width`); anything
 * else, `notset` or a colour like `000000`, stays the text it is.
 */
const isExpressionText = (text: string, scope: ExpressionScope): boolean => {
  if (VARIABLE_REFERENCE.test(text)) return true
  try {
    return referencedNames(parseExpression(text)).some((name) => Object.hasOwn(scope, name))
  } catch {
    return false
  }
}

const kindOf = (definition: unknown, scope: ExpressionScope): DefinitionKind => {
  if (typeof definition === 'number') return 'number'
  if (typeof definition === 'boolean') return 'boolean'
  if (typeof definition === 'string') {
    return isExpressionText(definition, scope) ? 'expression' : 'text'
  }
  return 'unknown'
}

const PLAIN_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/

/**
 * A URL override (`v-w-200` arrives as `"200"`) typed the way its definition is: numbers for
 * number variables, `true`/`false` (or `1`/`0`) for boolean ones, unchanged for text ones. For
 * expression-defined and undefined variables, `true`/`false` and plain decimals (`200`, `-1.5`,
 * but not `007` or `1e3`) are converted and everything else stays text. JSON values (`?v={…}`)
 * that are not strings are used as they are.
 */
export const coerceOverride = (value: unknown, kind: DefinitionKind): unknown => {
  if (typeof value !== 'string') return value
  switch (kind) {
    case 'text':
      return value
    case 'number':
      return isNumericString(value) ? Number(value.trim()) : value
    case 'boolean':
      if (value === 'true' || value === '1') return true
      if (value === 'false' || value === '0') return false
      return value
    default:
      if (value === 'true') return true
      if (value === 'false') return false
      return PLAIN_NUMBER.test(value) ? Number(value) : value
  }
}

/** The scope with stack variables added under their sigil: `{ w: 1 }` → `{ $w: 1 }`. */
export const scopeWithVariables = (
  scope: ExpressionScope,
  variables: Readonly<Record<string, unknown>>
): ExpressionScope => ({
  ...scope,
  ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [`$${name}`, value]))
})

/** The same error, saying which variable it belongs to. */
const inVariable = (name: string, error: unknown): unknown =>
  error instanceof ExpressionError
    ? new ExpressionError(
        error.kind,
        `Stack variable "${name}": ${error.reason}`,
        error.source,
        error.position
      )
    : error

const evaluateDefinition = (
  name: string,
  text: string,
  scope: ExpressionScope,
  resolved: ReadonlyMap<string, unknown>,
  definitions: Readonly<Record<string, unknown>>
): unknown => {
  try {
    const expression = parseExpression(text)
    for (const reference of referencedNames(expression)) {
      const target = reference.slice(1)
      if (
        reference.startsWith('$') &&
        !resolved.has(target) &&
        Object.hasOwn(definitions, target)
      ) {
        throw new ExpressionError(
          'reference',
          `"${reference}" is defined after "${name}"; a variable can only use variables defined before it`,
          text,
          text.indexOf(reference)
        )
      }
    }
    return evaluateExpression(expression, scopeWithVariables(scope, Object.fromEntries(resolved)))
  } catch (error) {
    throw inVariable(name, error)
  }
}

/**
 * Resolves a stack's variables for one render. Definitions are taken in order; a URL override
 * replaces a definition's value (typed by `coerceOverride`) and is never evaluated. A string
 * definition that reads `$variables` or scope names is an expression and may use only variables
 * defined before it (their overridden values, if overridden). Overrides of undefined variables
 * are added at the end. Returns values by name without sigil; throws `ExpressionError`.
 */
export const resolveVariables = (
  definitions: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, unknown>>,
  scope: ExpressionScope
): Record<string, unknown> => {
  const resolved = new Map<string, unknown>()
  for (const [name, definition] of Object.entries(definitions)) {
    const kind = kindOf(definition, scope)
    if (Object.hasOwn(overrides, name)) {
      resolved.set(name, coerceOverride(overrides[name], kind))
    } else if (kind === 'expression' && typeof definition === 'string') {
      resolved.set(name, evaluateDefinition(name, definition, scope, resolved, definitions))
    } else {
      resolved.set(name, definition)
    }
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (!resolved.has(name)) resolved.set(name, coerceOverride(value, 'unknown'))
  }
  return Object.fromEntries(resolved)
}
