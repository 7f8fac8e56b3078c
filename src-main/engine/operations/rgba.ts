import sharp from 'sharp'
import type { RenderContext } from '../context'
import { rawInput, type RasterPage } from './page-map'

/** Whether the pixels of `page` carry an alpha channel (grey + alpha, or RGBA). */
export const hasAlpha = (page: RasterPage): boolean => page.channels === 2 || page.channels === 4

/** Whether the current image has an alpha channel. */
export const currentHasAlpha = async (ctx: RenderContext): Promise<boolean> => {
  const { channels } = await ctx.raw()
  return channels === 2 || channels === 4
}

/** `page` as sRGB with alpha (4 channels); pages without alpha become opaque. */
export const toRgba = async (page: RasterPage): Promise<RasterPage> => {
  if (page.channels === 4) return page
  const data = await sharp(page.data, rawInput(page))
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer()
  return { data, width: page.width, height: page.height, channels: 4 }
}

/** An RGBA page of one colour; `alpha` 0–255. */
export const solidRgba = (
  width: number,
  height: number,
  colour: { r: number; g: number; b: number },
  alpha: number
): RasterPage => {
  const data = Buffer.alloc(width * height * 4)
  for (let i = 0; i < data.length; i += 4) {
    data[i] = colour.r
    data[i + 1] = colour.g
    data[i + 2] = colour.b
    data[i + 3] = alpha
  }
  return { data, width, height, channels: 4 }
}

/** A copy of the RGBA `page` with every alpha value multiplied by `factor` (0–1). */
export const scaleAlpha = (page: RasterPage, factor: number): RasterPage => {
  if (factor >= 1) return page
  const data = Buffer.from(page.data)
  for (let i = 3; i < data.length; i += 4) data[i] = Math.round((data[i] ?? 0) * factor)
  return { ...page, data }
}

/**
 * Drops the alpha channel of the current image (RGBA) when every pixel is opaque and the image
 * had no alpha before the operation, so that operations add no transparency nobody asked for.
 */
export const dropOpaqueAlpha = async (ctx: RenderContext, hadAlpha: boolean): Promise<void> => {
  const frame = await ctx.raw()
  if (hadAlpha || frame.channels !== 4) return
  for (let i = 3; i < frame.data.length; i += 4) if (frame.data[i] !== 255) return
  const pixels = frame.data.length / 4
  const data = Buffer.alloc(pixels * 3)
  for (let p = 0; p < pixels; p += 1) frame.data.copy(data, p * 3, p * 4, p * 4 + 3)
  ctx.setFrame({ ...frame, data, channels: 3 })
}
