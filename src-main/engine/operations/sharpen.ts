import type { Sharp, SharpenOptions } from 'sharp'
import { sharpen } from '../../../src-shared/operations/sharpen'
import { step, type Operation } from '../operation'
import { readOptions } from './option-reader'
import { eachPage, isMultiPage } from './pages'

/** sharp's limits: sigma up to 10, the other parameters up to a million. */
const MAX_SIGMA = 10
const MAX_PARAMETER = 1_000_000

const limit = (value: number, max: number): number => Math.min(max, Math.max(0, value))

/**
 * `sharpen`: libvips' unsharp mask on lightness with rokka's parameters, passed on as they are:
 * `sigma` (0.7; 0 sharpens nothing, above 10 counts as 10), `m1` (0.4), `m2` (0.8), `x1` (2),
 * `y2` (10), `y3` (20). Alpha is kept. Animated images are sharpened frame by frame.
 */
export const sharpenOperation: Operation = {
  spec: sharpen,
  apply: async (ctx, options) => {
    const read = readOptions(sharpen, options)
    const sigma = read.number('sigma') ?? 0.7
    if (sigma <= 0) return
    const settings: SharpenOptions = {
      sigma: Math.min(MAX_SIGMA, sigma),
      m1: limit(read.number('m1') ?? 0.4, MAX_PARAMETER),
      m2: limit(read.number('m2') ?? 0.8, MAX_PARAMETER),
      x1: limit(read.number('x1') ?? 2, MAX_PARAMETER),
      y2: limit(read.number('y2') ?? 10, MAX_PARAMETER),
      y3: limit(read.number('y3') ?? 20, MAX_PARAMETER)
    }
    const build = (image: Sharp): Sharp => image.sharpen(settings)
    // a convolution over the stacked frames would bleed from one into the next
    if (isMultiPage(ctx)) await eachPage(ctx, build)
    else await step(ctx, build)
  }
}
