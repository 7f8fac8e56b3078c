import { grayscale } from '../../../src-shared/operations/grayscale'
import { step, type Operation } from '../operation'

/**
 * `grayscale`: removes all colour, keeping libvips' luminance (as its `b-w` colourspace
 * computes it) and any alpha. The result stays three sRGB channels with R = G = B, so later
 * operations and encoders treat it like any colour image.
 */
export const grayscaleOperation: Operation = {
  spec: grayscale,
  // sharp's greyscale() drops alpha from raw output; converting the pipeline space keeps it
  apply: (ctx) => step(ctx, (image) => image.pipelineColourspace('b-w').toColourspace('srgb'))
}
