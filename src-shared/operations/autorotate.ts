import { enabledOption } from './common'
import type { OperationSpec } from './types'

/**
 * `autorotate`: applies the EXIF orientation; with width and height it instead turns the image
 * so that its orientation (portrait or landscape) matches that box.
 */
export const autorotate = {
  name: 'autorotate',
  schema: {
    properties: {
      width: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        description: 'Width of a box whose orientation the image should match; use with height.'
      },
      height: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        description: 'Height of a box whose orientation the image should match; use with width.'
      },
      rotation_direction: {
        type: 'string',
        values: ['clockwise', 'counterclockwise'],
        description:
          'Which way to turn when the box asks for a rotation; only used with width and height.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'autorotate'>
