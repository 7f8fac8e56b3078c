import { enabledOption } from './common'
import type { OperationSpec } from './types'

/** `resize`: scales the image to a width and/or height (pixels); at least one of the two is needed. */
export const resize = {
  name: 'resize',
  schema: {
    properties: {
      width: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        description: 'Target width in pixels.'
      },
      height: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        description: 'Target height in pixels.'
      },
      mode: {
        type: 'string',
        default: 'box',
        values: ['box', 'absolute', 'fill'],
        description:
          'box fits the image inside width × height, fill makes it cover width × height (both keep the aspect ratio), absolute stretches it to exactly width × height.'
      },
      upscale: {
        type: 'boolean',
        default: true,
        description: 'Whether the result may come out larger than the source image.'
      },
      upscale_dpr: {
        type: 'boolean',
        default: true,
        description:
          'Whether the dpr stack option may still enlarge the result when upscale is false.'
      },
      sharpen: {
        type: 'boolean',
        default: false,
        description: 'Sharpen the result when a detailed image (entropy above 5) is made smaller.'
      },
      enabled: enabledOption
    },
    oneOf: ['width', 'height'],
    description: ''
  }
} as const satisfies OperationSpec<'resize'>
