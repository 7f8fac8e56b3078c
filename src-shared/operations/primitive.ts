import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `primitive`: redraws the image from simple geometric shapes (a slow, artistic effect). */
export const primitive = {
  name: 'primitive',
  schema: {
    properties: {
      count: {
        type: 'integer',
        minimum: 1,
        maximum: 200,
        default: 20,
        description: 'Number of shapes to draw.'
      },
      mode: {
        type: 'integer',
        minimum: 0,
        maximum: 9,
        default: 0,
        description:
          'Kind of shape: 0 mixes them, 1 triangles, 2 rectangles, 3 ellipses, and so on.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'primitive'>
