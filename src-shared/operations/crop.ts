import { ANCHOR_PATTERN, enabledOption } from './common'
import type { OperationSpec } from './types'

/** `crop`: cuts a box of width × height (pixels, or a ratio in ratio mode) out of the image. */
export const crop = {
  name: 'crop',
  schema: {
    properties: {
      width: {
        type: 'integer',
        minimum: 1,
        // schema caps at 10000, docs at 99999: accept both
        maximum: 99999,
        description: 'Width of the crop in pixels, or the width part of the ratio in ratio mode.'
      },
      height: {
        type: 'integer',
        minimum: 1,
        // schema caps at 10000, docs at 99999: accept both
        maximum: 99999,
        description: 'Height of the crop in pixels, or the height part of the ratio in ratio mode.'
      },
      anchor: {
        type: 'string',
        default: 'auto',
        pattern: ANCHOR_PATTERN,
        description:
          'Where the crop box sits: x_y with x = left, center, right or pixels and y = top, center, bottom or pixels; or auto, smart, face, subjectarea, croparea.'
      },
      fallback: {
        type: 'string',
        default: 'center_center',
        pattern: ANCHOR_PATTERN,
        description: 'Anchor to use when the image has no subject area to crop around.'
      },
      mode: {
        type: 'string',
        default: 'absolute',
        // schema lists absolute and ratio, docs add box and area: accept all four
        values: ['absolute', 'ratio', 'box', 'area'],
        description:
          'absolute takes width and height as pixels; ratio takes the largest crop with that aspect ratio; box crops to the stored subject or crop area; area fits the subject area into the width:height ratio.'
      },
      area: {
        type: 'string',
        default: null,
        pattern: '^[a-zA-Z0-9_]+$',
        description:
          'Name of an area from the multi_areas metadata to crop on (letters, digits, underscores).'
      },
      scale: {
        type: 'number',
        minimum: 0,
        maximum: 100,
        default: 100,
        description: 'Shrinks the crop box to this percentage of its size; handy with ratio mode.'
      },
      movearea_x: {
        type: 'number',
        default: 0,
        description: 'Shifts the subject area sideways by this percentage before cropping.'
      },
      movearea_y: {
        type: 'number',
        default: 0,
        description: 'Shifts the subject area up or down by this percentage before cropping.'
      },
      enabled: enabledOption
    },
    required: ['width', 'height'],
    description: ''
  }
} as const satisfies OperationSpec<'crop'>
