import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `circlemask`: keeps the largest circle that fits the image and makes the rest transparent. */
export const circlemask = {
  name: 'circlemask',
  schema: {
    properties: {
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'circlemask'>
