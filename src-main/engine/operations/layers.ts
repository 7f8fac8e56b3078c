import sharp, { type OverlayOptions } from 'sharp'
import type { Size } from './anchor'
import { rawInput, type RasterPage } from './page-map'

/** RGBA pixels to draw, with the canvas position of their top-left corner (may lie outside). */
export interface Layer {
  image: RasterPage
  left: number
  top: number
}

/** The part of `layer` that falls on a canvas of size `canvas`, cut out; undefined if none. */
const visiblePart = (canvas: Size, layer: Layer): OverlayOptions | undefined => {
  const { image } = layer
  const left = Math.max(0, layer.left)
  const top = Math.max(0, layer.top)
  const right = Math.min(canvas.width, layer.left + image.width)
  const bottom = Math.min(canvas.height, layer.top + image.height)
  if (right <= left || bottom <= top) return undefined
  const width = right - left
  const height = bottom - top
  if (width === image.width && height === image.height) {
    return { input: image.data, raw: rawInput(image).raw, left, top }
  }
  // sharp refuses overlays larger than the canvas, so the overhang is cut off here
  const rowBytes = width * image.channels
  const data = Buffer.alloc(rowBytes * height)
  for (let y = 0; y < height; y += 1) {
    const start = ((top - layer.top + y) * image.width + (left - layer.left)) * image.channels
    image.data.copy(data, y * rowBytes, start, start + rowBytes)
  }
  return { input: data, raw: { width, height, channels: image.channels }, left, top }
}

/**
 * Draws `layers` in order (each over what is already there) onto `base` and returns the result
 * as RGBA pixels of the size of `base`. Parts of layers beyond the canvas are cut off.
 */
export const drawLayers = async (
  base: RasterPage,
  layers: readonly Layer[]
): Promise<RasterPage> => {
  const entries = layers
    .map((layer) => visiblePart(base, layer))
    .filter((entry): entry is OverlayOptions => entry !== undefined)
  const image = sharp(base.data, rawInput(base)).toColourspace('srgb').ensureAlpha()
  const { data, info } = await (entries.length > 0 ? image.composite(entries) : image)
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels: 4 }
}

/** A fully transparent RGBA canvas. */
export const emptyCanvas = (size: Size): RasterPage => ({
  data: Buffer.alloc(size.width * size.height * 4),
  width: size.width,
  height: size.height,
  channels: 4
})

/** `image` (RGBA) turned clockwise by `angle` degrees on a transparent, grown canvas. */
export const rotateLayer = async (image: RasterPage, angle: number): Promise<RasterPage> => {
  const turn = ((angle % 360) + 360) % 360
  if (turn === 0) return image
  const { data, info } = await sharp(image.data, rawInput(image))
    .rotate(turn, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels: 4 }
}
