import { HEX_COLOUR_PATTERN, enabledOption } from './common'
import type { OperationSpec } from './types'

/** `multiply`: multiplies every pixel by a factor or a colour, which darkens the image. */
export const multiply = {
  name: 'multiply',
  schema: {
    properties: {
      factor: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        default: 0.96,
        description: 'Multiplier for every channel; lower values give a darker image.'
      },
      factor_color: {
        type: 'string',
        default: null,
        pattern: HEX_COLOUR_PATTERN,
        description: 'Hex colour (without #) to multiply with instead; wins over factor.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'multiply'>
