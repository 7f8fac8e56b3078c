import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `sharpen`: unsharp-mask sharpening with libvips' sharpen parameters. */
export const sharpen = {
  name: 'sharpen',
  schema: {
    properties: {
      m1: {
        type: 'number',
        minimum: 0,
        default: 0.4,
        description: 'How much to sharpen areas with fine detail.'
      },
      m2: {
        type: 'number',
        minimum: 0,
        default: 0.8,
        description: 'How much to sharpen flat areas; the one to change for more or less effect.'
      },
      sigma: {
        type: 'number',
        minimum: 0,
        default: 0.7,
        description: 'Radius of the Gaussian used to find edges.'
      },
      x1: {
        type: 'number',
        minimum: 0,
        default: 2,
        description: 'Threshold between flat and detailed areas.'
      },
      y2: {
        type: 'number',
        minimum: 0,
        default: 10,
        description: 'Upper limit of how much a pixel may be brightened.'
      },
      y3: {
        type: 'number',
        minimum: 0,
        default: 20,
        description: 'Upper limit of how much a pixel may be darkened.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'sharpen'>
