import { HEX_COLOUR_PATTERN, enabledOption } from './common'
import type { OperationSpec } from './types'

/** `dropshadow`: draws a soft shadow behind the image, growing the canvas to fit it. */
export const dropshadow = {
  name: 'dropshadow',
  schema: {
    properties: {
      horizontal: {
        type: 'integer',
        minimum: -100,
        maximum: 100,
        default: 0,
        description: 'Horizontal shadow offset in pixels; negative values move it left.'
      },
      vertical: {
        type: 'integer',
        minimum: -100,
        maximum: 100,
        default: 0,
        description: 'Vertical shadow offset in pixels; negative values move it up.'
      },
      opacity: {
        type: 'integer',
        minimum: 0,
        maximum: 100,
        // schema default 100, docs say 0; an invisible shadow is no useful default
        default: 100,
        description: 'Shadow opacity, from 0 (invisible) to 100 (solid).'
      },
      sigma: {
        type: 'number',
        minimum: 0,
        maximum: 10000,
        default: 0.5,
        description: 'Softness of the shadow edge; small values such as 0.5 look best.'
      },
      blur_radius: {
        type: 'number',
        minimum: 0,
        maximum: 10000,
        default: 0,
        description: 'How far the shadow edge may spread, in pixels; 0 suits most images.'
      },
      color: {
        type: 'string',
        default: '000000',
        pattern: HEX_COLOUR_PATTERN,
        description: 'Hex colour of the shadow, without #.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'dropshadow'>
