/** Six hex digits without `#` (e.g. `FFFFFF`): rokka's pattern for colour options. */
export const HEX_COLOUR_PATTERN = '[0-9a-fA-F]{6}'

/**
 * rokka's anchor grammar: `<x>_<y>` (or `<x>-<y>`) with x = left|center|right|0–10000 px and
 * y = top|center|bottom|0–10000 px, or one of auto, smart, face, subjectarea, croparea.
 */
export const ANCHOR_PATTERN =
  '\\b(subjectarea|smart|face|auto|croparea|((center|left|right|(0|[1-9][0-9]{0,3}|10000))[_-](center|top|bottom|(0|[1-9][0-9]{0,3}|10000))))\\b'

/** The `enabled` option every operation accepts; `false` skips the operation when rendering. */
export const enabledOption = {
  type: 'boolean',
  default: true,
  description: 'If set to false, will not use this operation for rendering.'
} as const
