import { alpha } from '../../../src-shared/operations/alpha'
import type { Operation } from '../operation'
import { mapPages, type RasterPage } from './page-map'
import { readOptions } from './option-reader'
import { hasAlpha, scaleAlpha, toRgba } from './rgba'

/** Alpha value (0–255) of every pixel of `page`; 255 throughout when it has no alpha. */
const alphaValues = (page: RasterPage): Uint8Array => {
  const pixels = page.width * page.height
  const values = new Uint8Array(pixels).fill(255)
  if (!hasAlpha(page)) return values
  const last = page.channels - 1
  for (let p = 0; p < pixels; p += 1) values[p] = page.data[p * page.channels + last] ?? 255
  return values
}

/** The alpha channel painted as an opaque grey sRGB image (white = opaque). */
const mask = (page: RasterPage): RasterPage => {
  const values = alphaValues(page)
  const data = Buffer.alloc(values.length * 3)
  values.forEach((value, p) => data.fill(value, p * 3, p * 3 + 3))
  return { data, width: page.width, height: page.height, channels: 3 }
}

/** Only the alpha channel, as a one-channel image. */
const extract = (page: RasterPage): RasterPage => ({
  data: Buffer.from(alphaValues(page)),
  width: page.width,
  height: page.height,
  channels: 1
})

/** Alpha dropped by laying the image on white, so hidden colours under transparency stay hidden. */
const removeAlpha = (page: RasterPage): RasterPage => {
  if (!hasAlpha(page)) return page
  const colours = page.channels - 1
  const pixels = page.width * page.height
  const data = Buffer.alloc(pixels * colours)
  for (let p = 0; p < pixels; p += 1) {
    const a = (page.data[p * page.channels + colours] ?? 255) / 255
    for (let c = 0; c < colours; c += 1) {
      const value = page.data[p * page.channels + c] ?? 0
      data[p * colours + c] = Math.round(value * a + 255 * (1 - a))
    }
  }
  return { data, width: page.width, height: page.height, channels: colours === 1 ? 1 : 3 }
}

/** Every alpha value multiplied by `opacity` (0–1); opaque images get that alpha. */
const applyOpacity = async (page: RasterPage, opacity: number): Promise<RasterPage> => {
  if (page.channels === 2) {
    const data = Buffer.from(page.data)
    for (let i = 1; i < data.length; i += 2) data[i] = Math.round((data[i] ?? 0) * opacity)
    return { ...page, data }
  }
  return scaleAlpha(await toRgba(page), opacity)
}

/**
 * `alpha`: works on transparency. `mode` `mask` (default) shows the alpha channel as an opaque
 * grey image (white = opaque; all white without alpha); `extract` returns the alpha channel alone
 * as a one-channel image; `remove` drops alpha by laying the image on white; `apply` multiplies
 * the alpha by `opacity` percent (default 50), adding alpha to opaque images. Works per frame.
 */
export const alphaOperation: Operation = {
  spec: alpha,
  apply: async (ctx, options) => {
    const read = readOptions(alpha, options)
    const mode = read.string('mode') ?? 'mask'
    const opacity = (read.number('opacity') ?? 50) / 100
    await mapPages(ctx, async (page) => {
      if (mode === 'extract') return extract(page)
      if (mode === 'remove') return removeAlpha(page)
      if (mode === 'apply') return applyOpacity(page, opacity)
      return mask(page)
    })
  }
}
