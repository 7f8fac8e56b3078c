import type { Sharp } from 'sharp'
import { circlemask } from '../../../src-shared/operations/circlemask'
import { step, type Operation } from '../operation'
import { eachPage, isMultiPage } from './pages'

/** An SVG of `width` × `height` holding the largest centred circle, in white. */
const circleSvg = (width: number, height: number): Buffer => {
  const radius = Math.min(width, height) / 2
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<circle cx="${width / 2}" cy="${height / 2}" r="${radius}" fill="#fff"/></svg>`
  )
}

/**
 * `circlemask`: keeps the largest circle that fits, centred, and makes everything outside it
 * transparent (edge anti-aliased); the size stays, so crop to a square first for a round
 * picture. The result always has alpha. Animated images are masked frame by frame.
 */
export const circlemaskOperation: Operation = {
  spec: circlemask,
  apply: async (ctx) => {
    const { width, height } = await ctx.size()
    const circle = circleSvg(width, height)
    const build = (image: Sharp): Sharp => image.composite([{ input: circle, blend: 'dest-in' }])
    if (isMultiPage(ctx)) await eachPage(ctx, build)
    else await step(ctx, build)
  }
}
