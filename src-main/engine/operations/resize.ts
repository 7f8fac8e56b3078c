import { resize } from '../../../src-shared/operations/resize'
import { outputTooLarge } from '../../errors'
import { step, type Operation } from '../operation'
import { readOptions } from './option-reader'
import { resizeTarget, type ResizeRequest } from './resize-size'

/** Largest width or height a resize may produce, dpr included (rokka's option maximum). */
export const MAX_OUTPUT_SIDE = 10000

/** rokka sharpens downsized images only when they have detail worth keeping. */
const SHARPEN_MIN_ENTROPY = 5
// a light unsharp mask: restores edge contrast lost to the lanczos filter without halos
const SHARPEN = { sigma: 0.5 }

const MODES: readonly ResizeRequest['mode'][] = ['box', 'fill', 'absolute']
const isMode = (value: string): value is ResizeRequest['mode'] =>
  (MODES as readonly string[]).includes(value)

/**
 * `resize`: scales the image to `width` and/or `height` (pixels) times the stack's dpr. Modes
 * `box` (default; fit inside), `fill` (cover; pair it with a crop) and `absolute` (exact, may
 * distort); `upscale` and `upscale_dpr` (both default true) limit enlarging as rokka's DPR table
 * says. `sharpen` sharpens a downsized image whose entropy is above 5 (or unknown). Results over
 * 10000 px a side are refused (400). Uses lanczos3; as the first operation on a file it resizes
 * on the file pipeline, so JPEG and WebP shrink while decoding.
 */
export const resizeOperation: Operation = {
  spec: resize,
  apply: async (ctx, options) => {
    const read = readOptions(resize, options)
    const mode = read.string('mode') ?? 'box'
    const request: ResizeRequest = {
      width: read.number('width'),
      height: read.number('height'),
      mode: isMode(mode) ? mode : 'box',
      upscale: read.boolean('upscale') ?? true,
      upscaleDpr: read.boolean('upscale_dpr') ?? true
    }
    const from = await ctx.size()
    const to = resizeTarget(from, request, ctx.dpr)
    if (to.width > MAX_OUTPUT_SIDE || to.height > MAX_OUTPUT_SIDE) {
      throw outputTooLarge(to.width, to.height, MAX_OUTPUT_SIDE)
    }
    if (to.width === from.width && to.height === from.height) return
    const entropy = ctx.source.entropy
    const shouldSharpen =
      (read.boolean('sharpen') ?? false) &&
      to.width * to.height < from.width * from.height &&
      (entropy === null || entropy > SHARPEN_MIN_ENTROPY)
    await step(ctx, (image) => {
      const resized = image.resize(to.width, to.height, { fit: 'fill', kernel: 'lanczos3' })
      return shouldSharpen ? resized.sharpen(SHARPEN) : resized
    })
    ctx.noteScale(from, to)
  }
}
