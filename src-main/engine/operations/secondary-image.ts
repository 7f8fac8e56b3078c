import sharp, { type FitEnum } from 'sharp'
import { invalidImage } from '../../errors'
import type { RenderContext } from '../context'
import type { RasterPage } from './page-map'

/** How a secondary image is fitted into its box; the same modes as `resize`. */
export type FitMode = 'box' | 'absolute' | 'fill'

const FITS: Record<FitMode, keyof FitEnum> = { box: 'inside', absolute: 'fill', fill: 'outside' }

/** A box to fit into; with one side only, the other follows the image's aspect ratio. */
export interface FitBox {
  width?: number
  height?: number
}

/**
 * Loads the uploaded image `hash` (first frame) as RGBA pixels, fitted into `box` by `mode`
 * when a box is given, else at its own size.
 *
 * @throws AppError `invalid_image` (400) when the stored file cannot be decoded
 */
export const loadSecondaryImage = async (
  ctx: RenderContext,
  hash: string,
  box: FitBox | undefined,
  mode: FitMode
): Promise<RasterPage> => {
  const { data: bytes } = await ctx.resources.loadSourceImage(hash)
  const hasBox = box !== undefined && (box.width !== undefined || box.height !== undefined)
  try {
    const image = sharp(bytes, { failOn: 'error' })
    const sized = hasBox ? image.resize(box.width, box.height, { fit: FITS[mode] }) : image
    const { data, info } = await sized
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    return { data, width: info.width, height: info.height, channels: 4 }
  } catch (cause) {
    throw invalidImage(`The secondary image "${hash}" cannot be decoded: ${String(cause)}.`)
  }
}
