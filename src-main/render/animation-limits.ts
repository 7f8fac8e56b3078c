import type { SourceImageRecord } from '../storage/source-image-repo'
import { imageTooLarge } from '../errors'

/** Most frames an animated render decodes; stills of longer animations use their first frame. */
export const MAX_ANIMATION_FRAMES = 1000
/** Most pixels an animated render decodes over all frames: sharp's input pixel cap (16383²). */
export const MAX_ANIMATION_PIXELS = 0x3fff * 0x3fff

const megapixels = (pixels: number): string => String(Number((pixels / 1e6).toFixed(1)))

/**
 * Refuses, before decoding, an animated render whose frames are too many or too large together:
 * a 1 × 1 GIF with ten thousand frames, or 500 frames of 2000 × 2000 (B8, B9).
 * @throws AppError `image_too_large` (400)
 */
export const checkAnimationSize = (image: SourceImageRecord): void => {
  const pages = image.staticMetadata.pages
  const frames = typeof pages === 'number' && pages > 1 ? pages : 1
  const still = 'ask for a still format such as .png to get its first frame'
  if (frames > MAX_ANIMATION_FRAMES) {
    throw imageTooLarge(
      `The animation has ${frames} frames; Darkroom renders animations of at most ${MAX_ANIMATION_FRAMES} frames, so ${still}.`
    )
  }
  const pixels = frames * image.width * image.height
  if (pixels > MAX_ANIMATION_PIXELS) {
    throw imageTooLarge(
      `The animation has ${frames} frames of ${image.width} × ${image.height} pixels (${megapixels(pixels)} megapixels together); Darkroom renders animations of at most ${megapixels(MAX_ANIMATION_PIXELS)} megapixels, so ${still}.`
    )
  }
}
