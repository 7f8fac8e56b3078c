import type { Placement, Position, Size } from './anchor'

/** Where the two images of a composition go. */
export interface CompositionLayout {
  canvas: Size
  primary: Position
  secondary: Position
}

/**
 * Lays out a composition. The canvas is as large as the larger image on each axis, so the result
 * is never smaller than the primary. On each axis the larger image starts at 0 and the smaller
 * one is placed inside it by the anchor (`place`); on a tie the secondary is the one placed, as a
 * watermark is. Pixel offsets of the anchor are multiplied by `pixelScale`.
 */
export const layoutComposition = (
  primary: Size,
  secondary: Size,
  place: Placement,
  pixelScale = 1
): CompositionLayout => {
  const primaryInSecondary = place(secondary, primary, pixelScale)
  const secondaryInPrimary = place(primary, secondary, pixelScale)
  const secondaryWider = secondary.width > primary.width
  const secondaryTaller = secondary.height > primary.height
  return {
    canvas: {
      width: Math.max(primary.width, secondary.width),
      height: Math.max(primary.height, secondary.height)
    },
    primary: {
      left: secondaryWider ? primaryInSecondary.left : 0,
      top: secondaryTaller ? primaryInSecondary.top : 0
    },
    secondary: {
      left: secondaryWider ? 0 : secondaryInPrimary.left,
      top: secondaryTaller ? 0 : secondaryInPrimary.top
    }
  }
}
