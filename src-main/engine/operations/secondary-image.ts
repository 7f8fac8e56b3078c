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
  return fitSecondary(bytes, `The secondary image "${hash}"`, box, mode)
}

/**
 * Renders `hash` (or the image being rendered) through the stack `stack` and fits the result
 * like a secondary image.
 */
export const renderSecondaryStack = async (
  ctx: RenderContext,
  stack: string,
  hash: string | null,
  variables: Record<string, unknown>,
  box: FitBox | undefined,
  mode: FitMode
): Promise<RasterPage> => {
  if (!ctx.resources.renderStack) {
    throw invalidImage(`The secondary stack "${stack}" cannot be rendered here.`)
  }
  const { data } = await ctx.resources.renderStack(hash, stack, variables)
  return fitSecondary(data, `The render of the secondary stack "${stack}"`, box, mode)
}

/** Decodes `bytes` (first frame) to RGBA pixels, fitted into `box` by `mode` when given. */
const fitSecondary = async (
  bytes: Buffer,
  what: string,
  box: FitBox | undefined,
  mode: FitMode
): Promise<RasterPage> => {
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
    throw invalidImage(`${what} cannot be decoded: ${String(cause)}.`)
  }
}
