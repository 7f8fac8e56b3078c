import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `trim`: cuts away borders that have the background colour. */
export const trim = {
  name: 'trim',
  schema: {
    properties: {
      fuzzy: {
        type: 'number',
        minimum: 0,
        maximum: 100,
        default: 0,
        description:
          'Colour tolerance in percent when deciding which border pixels count as background.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'trim'>
