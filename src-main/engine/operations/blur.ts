import type { Sharp } from 'sharp'
import { blur } from '../../../src-shared/operations/blur'
import { step, type Operation } from '../operation'
import { gaussianBlur } from './gaussian'
import { readOptions } from './option-reader'
import { eachPage, isMultiPage } from './pages'

/**
 * `blur`: Gaussian blur of `sigma` pixels (default 4; 0 leaves the image as it is, values
 * below 0.3 blur as 0.3). The deprecated `radius` (default 0) is approximated: it limits how far
 * the blur kernel reaches, as ImageMagick's radius does. Animated images blur frame by frame.
 */
export const blurOperation: Operation = {
  spec: blur,
  apply: async (ctx, options) => {
    const read = readOptions(blur, options)
    const sigma = read.number('sigma') ?? 4
    if (sigma <= 0) return
    const settings = gaussianBlur(sigma, read.number('radius') ?? 0)
    const build = (image: Sharp): Sharp => image.blur(settings)
    // libvips sees the frames as one tall strip, and a blur would bleed across them
    if (isMultiPage(ctx)) await eachPage(ctx, build)
    else await step(ctx, build)
  }
}
