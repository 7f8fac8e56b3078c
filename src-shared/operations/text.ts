import { ANCHOR_PATTERN, HEX_COLOUR_PATTERN, enabledOption } from './common'
import type { OperationSpec } from './types'

/** `text`: writes text onto the image with an uploaded TrueType font. */
export const text = {
  name: 'text',
  schema: {
    properties: {
      font: {
        type: 'string',
        description: 'Hash or short hash of an uploaded TTF font file.'
      },
      text: {
        type: 'string',
        description: 'The text to write.'
      },
      size: {
        type: 'number',
        minimum: 1,
        maximum: 10000,
        default: 16,
        description: 'Font size in pixels.'
      },
      color: {
        type: 'string',
        default: '000000',
        pattern: HEX_COLOUR_PATTERN,
        description: 'Hex colour of the text, without #.'
      },
      opacity: {
        type: 'integer',
        minimum: 0,
        maximum: 100,
        default: 100,
        description: 'Opacity of the text, from 0 (invisible) to 100 (solid).'
      },
      angle: {
        type: 'number',
        minimum: -360,
        maximum: 360,
        default: 0,
        description: 'Rotation of the text in degrees.'
      },
      anchor: {
        type: 'string',
        default: 'center_center',
        pattern: ANCHOR_PATTERN,
        description: 'Where the text is placed; same grammar as the crop anchor.'
      },
      width: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        default: null,
        description: 'Width in pixels at which lines wrap; unset writes a single line.'
      },
      height: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        default: null,
        description:
          'Height in pixels of the text box; text beyond it is cut off unless resize_to_box is set.'
      },
      spacing: {
        type: 'number',
        default: 0,
        description: 'Extra space between lines, in pixels.'
      },
      align: {
        type: 'string',
        default: 'left',
        values: ['left', 'centre', 'right'],
        description: 'Alignment of wrapped lines (needs width).'
      },
      resize_to_box: {
        type: 'boolean',
        default: false,
        description: 'Pick the font size so that the whole text fits into width × height.'
      },
      enabled: enabledOption
    },
    required: ['font', 'text'],
    description: ''
  }
} as const satisfies OperationSpec<'text'>
