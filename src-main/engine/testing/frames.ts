import sharp from 'sharp'
import type { RasterFrame } from '../context'

/** An animated lossless WebP of flat frames, one per colour, each `width` × `height`. */
export const makeAnimated = async (
  width: number,
  height: number,
  colours: string[]
): Promise<Buffer> => {
  const frames = await Promise.all(
    colours.map((colour) =>
      sharp({ create: { width, height, channels: 4, background: colour } })
        .raw()
        .toBuffer()
    )
  )
  return sharp(Buffer.concat(frames), {
    raw: { width, height: height * colours.length, channels: 4, pageHeight: height }
  })
    .webp({ lossless: true, delay: colours.map(() => 100) })
    .toBuffer()
}

/** The channel values of pixel (`x`, `y`) of page `page` of a raw frame. */
export const framePixel = (frame: RasterFrame, page: number, x: number, y: number): number[] => {
  const start = ((page * frame.height + y) * frame.width + x) * frame.channels
  return [...frame.data.subarray(start, start + frame.channels)]
}
