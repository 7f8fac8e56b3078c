import type { OperationSpec } from '../../../src-shared/operations'
import { invalidOption } from '../../errors'
import type { OperationOptions } from '../operation'

type KeyOf<S extends OperationSpec> = keyof S['schema']['properties'] & string

/** Typed access to one operation's options, each falling back to its published default. */
export interface OptionReader<S extends OperationSpec> {
  /** The option or its default; `undefined` when neither is set (`null` counts as unset). */
  number(key: KeyOf<S>): number | undefined
  string(key: KeyOf<S>): string | undefined
  boolean(key: KeyOf<S>): boolean | undefined
  /** The option or its default as given, for options of more than one type. */
  raw(key: KeyOf<S>): unknown
}

/**
 * Reads `options` (already validated, defaults not applied) with the defaults of `spec`. A value
 * of the wrong type can only come from a bug upstream; it throws `invalid_option` rather than
 * being guessed at.
 */
export const readOptions = <S extends OperationSpec>(
  spec: S,
  options: OperationOptions
): OptionReader<S> => {
  const valueOf = (key: string): unknown => {
    const given = Object.hasOwn(options, key) ? options[key] : undefined
    if (given !== undefined && given !== null) return given
    const declared = Object.hasOwn(spec.schema.properties, key)
      ? spec.schema.properties[key]?.default
      : undefined
    return declared ?? undefined
  }
  const typed =
    <T>(type: string, is: (value: unknown) => value is T) =>
    (key: string): T | undefined => {
      const value = valueOf(key)
      if (value === undefined || is(value)) return value
      throw invalidOption(`${spec.name}.${key}`, type, value)
    }
  return {
    number: typed('number', (value): value is number => typeof value === 'number'),
    string: typed('string', (value): value is string => typeof value === 'string'),
    boolean: typed('boolean', (value): value is boolean => typeof value === 'boolean'),
    raw: valueOf
  }
}
