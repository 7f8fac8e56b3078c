import { DecodeFailure } from './decode-types'

const megapixels = (pixels: number): string => String(Number((pixels / 1e6).toFixed(1)))

/**
 * Refuses an image by the size its header declares, before any pixel is decoded, so a file that
 * claims to be huge costs nothing.
 */
export const checkDeclaredSize = (label: string, width: number, height: number, maxPixels: number): void => {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new DecodeFailure('invalid', `The ${label} file declares no usable image size.`)
  }
  const pixels = width * height
  if (pixels > maxPixels) {
    throw new DecodeFailure(
      'too_large',
      `The image is ${width} × ${height} pixels (${megapixels(pixels)} megapixels); ${label} images may have at most ${megapixels(maxPixels)} megapixels.`
    )
  }
}
