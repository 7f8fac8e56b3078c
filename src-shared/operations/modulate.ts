import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `modulate`: changes brightness and saturation (percent) and rotates the hue (degrees). */
export const modulate = {
  name: 'modulate',
  schema: {
    properties: {
      brightness: {
        type: 'integer',
        minimum: 0,
        maximum: 500,
        default: 100,
        description: 'Brightness in percent of the original; 100 leaves it as it is, 0 is black.'
      },
      saturation: {
        type: 'integer',
        minimum: 0,
        maximum: 500,
        default: 100,
        description: 'Saturation in percent of the original; 100 leaves it, 0 removes all colour.'
      },
      hue: {
        type: 'integer',
        minimum: 0,
        maximum: 360,
        default: 0,
        description: 'Turn of the colour wheel in degrees; 180 swaps colours for their opposites.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'modulate'>
