import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `sepia`: gives the image a warm, old-photograph brown tone. */
export const sepia = {
  name: 'sepia',
  schema: {
    properties: {
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'sepia'>
