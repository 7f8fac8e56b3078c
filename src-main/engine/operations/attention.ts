import sharp from 'sharp'
import type { RenderContext } from '../context'
import { pageOf } from './pages'

/** Longest side of the preview searched; libvips reduces it further for its own analysis. */
const PREVIEW_SIDE = 256

/** A point in pixels of the current image. */
export interface Point {
  x: number
  y: number
}

/**
 * The most interesting point of the current image (its first frame), as libvips' attention
 * strategy finds it (edges, skin tones, saturation), in pixels of the current image.
 */
export const attentionPoint = async (ctx: RenderContext): Promise<Point> => {
  const frame = await ctx.raw()
  const centre = { x: frame.width / 2, y: frame.height / 2 }
  if (frame.width < 2 || frame.height < 2) return centre
  const factor = Math.min(1, PREVIEW_SIDE / Math.max(frame.width, frame.height))
  const width = Math.max(2, Math.round(frame.width * factor))
  const height = Math.max(2, Math.round(frame.height * factor))
  const preview = await pageOf(frame, 0)
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  // sharp runs the attention search only when it must crop; a half-height crop of the same
  // width needs no scaling, so the point comes back in preview pixels
  const { info } = await sharp(preview.data, {
    raw: { width, height, channels: preview.info.channels }
  })
    .resize(width, Math.floor(height / 2), { fit: 'cover', position: 'attention' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  if (info.attentionX === undefined || info.attentionY === undefined) return centre
  return {
    x: (info.attentionX / width) * frame.width,
    y: (info.attentionY / height) * frame.height
  }
}
