import { ANCHOR_PATTERN, HEX_COLOUR_PATTERN, enabledOption } from './common'
import type { OperationSpec } from './types'

/**
 * `composition`: combines the image with a secondary one — a coloured box, another uploaded
 * image or another stack's result — either on top of it or underneath it.
 */
export const composition = {
  name: 'composition',
  schema: {
    properties: {
      mode: {
        type: 'string',
        values: ['foreground', 'background'],
        description:
          'foreground puts the current image on top of the secondary one; background puts the secondary one on top of the current image.'
      },
      width: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        description: 'Width of the secondary box or image in pixels.'
      },
      height: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        description: 'Height of the secondary box or image in pixels.'
      },
      resize_mode: {
        type: 'string',
        default: 'box',
        values: ['box', 'absolute', 'fill'],
        description:
          'How a secondary image or stack result is fitted into width × height; same modes as resize.'
      },
      resize_to_primary: {
        type: 'boolean',
        default: false,
        description: 'Scale the secondary image to the size of the current image.'
      },
      anchor: {
        type: 'string',
        // schema default auto, docs center_center; the docs describe the current behaviour
        default: 'center_center',
        pattern: ANCHOR_PATTERN,
        description: 'Where the secondary box or image is placed; same grammar as the crop anchor.'
      },
      secondary_color: {
        type: 'string',
        default: '000000',
        pattern: HEX_COLOUR_PATTERN,
        description: 'Hex colour (without #) of the secondary box; unused with a secondary image.'
      },
      secondary_opacity: {
        type: 'integer',
        default: 100,
        minimum: 0,
        maximum: 100,
        description: 'Opacity of the secondary box or image, from 0 (transparent) to 100 (opaque).'
      },
      secondary_image: {
        type: 'string',
        default: null,
        description: 'Hash or short hash of an uploaded image to use as the secondary image.'
      },
      secondary_stack: {
        type: 'string',
        description: 'Name of a stack whose rendering of the image becomes the secondary image.'
      },
      secondary_stack_variables: {
        // docs show an object in examples but call it query-string encoded: accept both
        type: ['object', 'string'],
        description: 'Stack variables handed to the secondary stack.'
      },
      angle: {
        type: 'number',
        minimum: -360,
        maximum: 360,
        default: 0,
        description: 'Rotation of the secondary image in degrees.'
      },
      // undocumented, but the official templates demo sends them
      empty_primary: {
        type: 'boolean',
        description: 'Start from an empty canvas instead of the current image.'
      },
      cache: {
        type: 'boolean',
        description: 'Whether the secondary rendering may be cached.'
      },
      enabled: enabledOption
    },
    required: [],
    description: ''
  }
} as const satisfies OperationSpec<'composition'>
