import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `noop`: deprecated, changes nothing; clients still use it for "no operations" URLs. */
export const noop = {
  name: 'noop',
  schema: {
    properties: {
      enabled: enabledOption
    },
    required: [],
    description: 'Deprecated: changes nothing. An empty operations list gives the same result.'
  }
} as const satisfies OperationSpec<'noop'>
