import type { RasterFrame, RenderContext } from '../context'

/** One page (frame) of an image as raw 8-bit pixels. */
export interface RasterPage {
  data: Buffer
  width: number
  height: number
  channels: RasterFrame['channels']
}

/** sharp's input options for the raw pixels of `page`. */
export const rawInput = (page: RasterPage) => ({
  raw: { width: page.width, height: page.height, channels: page.channels }
})

/**
 * Replaces every page of the current image with `transform(page, index)`, one page after the
 * other, and stacks the results again. A still image is one page. Every result must have the
 * same size and channel count, as the pages of an animation share them.
 */
export const mapPages = async (
  ctx: RenderContext,
  transform: (page: RasterPage, index: number) => Promise<RasterPage>
): Promise<void> => {
  const frame = await ctx.raw()
  const bytes = frame.width * frame.height * frame.channels
  const results: RasterPage[] = []
  for (let index = 0; index < frame.pages; index += 1) {
    ctx.throwIfAborted()
    const page: RasterPage = {
      data: frame.data.subarray(index * bytes, (index + 1) * bytes),
      width: frame.width,
      height: frame.height,
      channels: frame.channels
    }
    results.push(await transform(page, index))
  }
  const first = results[0]
  if (!first) return
  const mismatch = results.find(
    (page) =>
      page.width !== first.width || page.height !== first.height || page.channels !== first.channels
  )
  if (mismatch) throw new Error('pages of one image must keep one size and channel count')
  ctx.setFrame({
    data: Buffer.concat(results.map((page) => page.data)),
    width: first.width,
    height: first.height,
    channels: first.channels,
    pages: results.length
  })
}
