import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `grayscale`: removes all colour, keeping brightness. */
export const grayscale = {
  name: 'grayscale',
  schema: {
    properties: {
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'grayscale'>
