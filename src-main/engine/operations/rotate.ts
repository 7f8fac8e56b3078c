import type { Sharp } from 'sharp'
import { rotate } from '../../../src-shared/operations/rotate'
import { step, type Operation } from '../operation'
import { parseHexColour } from './hex-colour'
import { readOptions } from './option-reader'
import { eachPage, isMultiPage } from './pages'

/**
 * `rotate`: turns the image clockwise by `angle` degrees (negative turns counter-clockwise;
 * fractions allowed). The corners a rotation uncovers get `background_color` (default `FFFFFF`)
 * at `background_opacity` percent (default 0, transparent); below 100 the result has an alpha
 * channel. Animated images turn frame by frame.
 */
export const rotateOperation: Operation = {
  spec: rotate,
  apply: async (ctx, options) => {
    const read = readOptions(rotate, options)
    const turn = (((read.number('angle') ?? 0) % 360) + 360) % 360
    if (turn === 0) return
    const colour = parseHexColour(read.string('background_color') ?? 'FFFFFF')
    const alpha = (read.number('background_opacity') ?? 0) / 100
    const build = (image: Sharp): Sharp =>
      turn % 90 === 0
        ? image.rotate(turn)
        : image.rotate(turn, { background: { ...colour, alpha } })
    if (isMultiPage(ctx)) await eachPage(ctx, build)
    else await step(ctx, build)
    ctx.loseMapping()
  }
}
