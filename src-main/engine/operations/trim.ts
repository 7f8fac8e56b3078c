import { trim } from '../../../src-shared/operations/trim'
import type { RenderContext } from '../context'
import { step, type Operation } from '../operation'
import { readOptions } from './option-reader'
import { isMultiPage, pageOf } from './pages'

/** `fuzzy` percent → sharp's trim threshold, a difference in 8-bit channel values. */
const thresholdOf = (fuzzy: number): number => (fuzzy / 100) * 255

const trimSingle = async (ctx: RenderContext, threshold: number): Promise<void> => {
  const image = (await ctx.pipeline()).trim({ threshold })
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true })
  ctx.setFrame({
    data,
    width: info.width,
    height: info.height,
    channels: info.channels,
    pages: 1
  })
  ctx.noteCrop(-(info.trimOffsetLeft ?? 0), -(info.trimOffsetTop ?? 0))
}

// libvips cannot trim a multi-page image: the first frame decides the box for all of them
const trimPages = async (ctx: RenderContext, threshold: number): Promise<void> => {
  const frame = await ctx.raw()
  const { info } = await pageOf(frame, 0)
    .trim({ threshold })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const left = -(info.trimOffsetLeft ?? 0)
  const top = -(info.trimOffsetTop ?? 0)
  if (info.width === frame.width && info.height === frame.height) return
  await step(ctx, (image) => image.extract({ left, top, width: info.width, height: info.height }))
  ctx.noteCrop(left, top)
}

/**
 * `trim`: cuts away the borders that have the colour of the top-left pixel. `fuzzy` (0–100,
 * default 0) is the colour tolerance in percent. An image of one colour stays as it is.
 * Animated images are trimmed to the box of their first frame.
 */
export const trimOperation: Operation = {
  spec: trim,
  apply: async (ctx, options) => {
    const threshold = thresholdOf(readOptions(trim, options).number('fuzzy') ?? 0)
    if (isMultiPage(ctx)) await trimPages(ctx, threshold)
    else await trimSingle(ctx, threshold)
  }
}
