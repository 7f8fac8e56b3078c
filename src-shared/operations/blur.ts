import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `blur`: Gaussian blur of the whole image. */
export const blur = {
  name: 'blur',
  schema: {
    properties: {
      sigma: {
        type: 'number',
        minimum: 0,
        maximum: 100,
        default: 4,
        description: 'Strength of the blur; larger values blur more.'
      },
      radius: {
        type: 'integer',
        minimum: 0,
        maximum: 500,
        default: 0,
        description: 'Deprecated blur radius in pixels; leave at 0 and use sigma.'
      },
      enabled: enabledOption
    },
    // the 2019 schema marks sigma required, yet it has a default and clients send bare `blur`
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'blur'>
