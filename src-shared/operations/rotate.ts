import { HEX_COLOUR_PATTERN, enabledOption } from './common'
import type { OperationSpec } from './types'

/** `rotate`: turns the image by an angle in degrees and fills the uncovered corners. */
export const rotate = {
  name: 'rotate',
  schema: {
    properties: {
      angle: {
        type: 'number',
        // schema says 0–360, docs allow negative angles down to -360: accept both
        minimum: -360,
        maximum: 360,
        description:
          'Rotation in degrees, clockwise; negative values turn counter-clockwise. Fractions are allowed.'
      },
      background_color: {
        type: 'string',
        default: 'FFFFFF',
        pattern: HEX_COLOUR_PATTERN,
        description: 'Hex colour (without #) for the corners the rotation leaves empty.'
      },
      background_opacity: {
        type: 'number',
        default: 0,
        minimum: 0,
        maximum: 100,
        description: 'Opacity of that corner colour, from 0 (transparent) to 100 (opaque).'
      },
      enabled: enabledOption
    },
    required: ['angle'],
    description: ''
  }
} as const satisfies OperationSpec<'rotate'>
