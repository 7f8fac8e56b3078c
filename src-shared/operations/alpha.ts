import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `alpha`: works on the transparency channel — show it, extract it, drop it or set it. */
export const alpha = {
  name: 'alpha',
  schema: {
    properties: {
      mode: {
        type: 'string',
        default: 'mask',
        values: ['mask', 'remove', 'extract', 'apply'],
        description:
          'mask shows transparency as a grayscale image, extract keeps only the alpha channel, remove drops it, apply sets the opacity option.'
      },
      opacity: {
        type: 'integer',
        default: 50,
        minimum: 0,
        maximum: 100,
        description: 'Opacity used by the apply mode, from 0 (transparent) to 100 (opaque).'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'alpha'>
