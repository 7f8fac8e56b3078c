import { multiply } from '../../../src-shared/operations/multiply'
import { step, type Operation } from '../operation'
import { parseHexColour } from './hex-colour'
import { readOptions } from './option-reader'

/**
 * `multiply`: multiplies the colour channels, which darkens the image: by `factor` (0–1,
 * default 0.96), or channel by channel by `factor_color` (hex; `FF8000` keeps red, halves green
 * and removes blue), which wins when given. Alpha is kept; results are truncated to integers.
 */
export const multiplyOperation: Operation = {
  spec: multiply,
  apply: async (ctx, options) => {
    const read = readOptions(multiply, options)
    const hex = read.string('factor_color')
    if (hex !== undefined) {
      const { r, g, b } = parseHexColour(hex)
      const factors = [r / 255, g / 255, b / 255]
      // grey images need three channels before they can take three factors
      await step(ctx, (image) => image.pipelineColourspace('srgb').linear(factors, [0, 0, 0]))
      return
    }
    const factor = read.number('factor') ?? 0.96
    if (factor === 1) return
    await step(ctx, (image) => image.linear(factor, 0))
  }
}
