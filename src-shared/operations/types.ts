/** JSON type names used in rokka's option schemas; `null` only ever appears inside a type list. */
export type OptionType = 'integer' | 'number' | 'string' | 'boolean' | 'array' | 'object' | 'null'

/**
 * One option as rokka publishes it in `GET /operations` and `GET /stackoptions`: JSON-Schema-like,
 * except that the allowed values are listed under `values` (JSON Schema would say `enum`).
 */
export interface OptionSchema {
  readonly type: OptionType | readonly OptionType[]
  readonly minimum?: number
  readonly maximum?: number
  readonly default?: string | number | boolean | null
  readonly values?: readonly string[]
  readonly pattern?: string
  readonly items?: { readonly type: OptionType }
  readonly description?: string
}

/**
 * The description of one operation as rokka's `GET /operations` lists it. `oneOf` (resize only)
 * names options of which at least one must be given.
 */
export interface OperationSchema {
  readonly properties: { readonly enabled: OptionSchema } & Readonly<Record<string, OptionSchema>>
  readonly required?: readonly string[]
  readonly oneOf?: readonly string[]
  readonly description: string
}

/** An operation's name (also its file and registry key) together with its published schema. */
export interface OperationSpec<N extends string = string> {
  readonly name: N
  readonly schema: OperationSchema
}
