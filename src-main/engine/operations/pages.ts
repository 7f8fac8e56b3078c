import sharp, { type Sharp } from 'sharp'
import type { RasterFrame, RenderContext } from '../context'

/** Whether the render works on several frames (an animated source rendered as animation). */
export const isMultiPage = (ctx: RenderContext): boolean => ctx.animated && ctx.source.animated

/** Page `index` of `frame` as a sharp input of its own. */
export const pageOf = (frame: RasterFrame, index: number): Sharp => {
  const { width, height, channels } = frame
  const bytes = width * height * channels
  return sharp(frame.data.subarray(index * bytes, (index + 1) * bytes), {
    raw: { width, height, channels }
  })
}

/**
 * Runs `build` on every page of the current image on its own and stacks the results again.
 * libvips treats a multi-page image as one tall strip for rotations, so they go page by page.
 */
export const eachPage = async (
  ctx: RenderContext,
  build: (page: Sharp) => Sharp
): Promise<void> => {
  const frame = await ctx.raw()
  const pages: Buffer[] = []
  let size: { width: number; height: number; channels: RasterFrame['channels'] } | undefined
  for (let index = 0; index < frame.pages; index += 1) {
    ctx.throwIfAborted()
    const { data, info } = await build(pageOf(frame, index))
      .raw()
      .toBuffer({ resolveWithObject: true })
    pages.push(data)
    size = { width: info.width, height: info.height, channels: info.channels }
  }
  if (size === undefined) return
  ctx.setFrame({ data: Buffer.concat(pages), ...size, pages: pages.length })
}
