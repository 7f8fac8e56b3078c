import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `glitch`: a deliberate data-corruption ("databending") effect. */
export const glitch = {
  name: 'glitch',
  schema: {
    properties: {
      amount: {
        type: 'integer',
        minimum: 0,
        maximum: 10,
        default: 4,
        description: 'How strong the effect is.'
      },
      random: {
        type: 'string',
        description: 'Any text; a different value gives a different result and a new cache entry.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'glitch'>
