import sharp from 'sharp'
import { dropshadow } from '../../../src-shared/operations/dropshadow'
import { outputTooLarge } from '../../errors'
import type { Operation } from '../operation'
import { MIN_BLUR_SIGMA, gaussianBlur } from './gaussian'
import { parseHexColour } from './hex-colour'
import { drawLayers } from './layers'
import { readOptions } from './option-reader'
import { mapPages, type RasterPage } from './page-map'
import { toRgba } from './rgba'

/** How a shadow is cast, in pixels of the current image. */
interface ShadowSpec {
  offsetX: number
  offsetY: number
  /** 0–1. */
  opacity: number
  sigma: number
  /** Kernel reach; 0 lets the blur fade out fully. */
  radius: number
  colour: { r: number; g: number; b: number }
}

/** Largest canvas side the shadow may grow to unless the image is already larger. */
const MAX_CANVAS_SIDE = 10000

/** A fine kernel, so the shadow fades out smoothly instead of stopping at a visible edge. */
const SHADOW_AMPLITUDE = 0.01

/** How far the blurred shadow spreads beyond the image's outline. */
const spreadOf = (spec: ShadowSpec): number => {
  if (spec.sigma < MIN_BLUR_SIGMA) return 0
  const visible = Math.ceil(3 * spec.sigma)
  return spec.radius > 0 ? Math.min(visible, Math.ceil(spec.radius)) : visible
}

/** The box holding both the image and its shadow, relative to the image's top-left corner. */
interface ShadowCanvas {
  left: number
  top: number
  width: number
  height: number
}

const shadowCanvas = (image: { width: number; height: number }, spec: ShadowSpec): ShadowCanvas => {
  const spread = spreadOf(spec)
  const left = Math.min(0, spec.offsetX - spread)
  const top = Math.min(0, spec.offsetY - spread)
  const right = Math.max(image.width, image.width + spec.offsetX + spread)
  const bottom = Math.max(image.height, image.height + spec.offsetY + spread)
  return { left, top, width: right - left, height: bottom - top }
}

/** The shadow's alpha: the image's alpha, moved by the offset, faded and blurred. */
const shadowAlpha = async (
  rgba: RasterPage,
  spec: ShadowSpec,
  canvas: ShadowCanvas
): Promise<Buffer> => {
  const alpha = Buffer.alloc(canvas.width * canvas.height)
  const x0 = spec.offsetX - canvas.left
  const y0 = spec.offsetY - canvas.top
  for (let y = 0; y < rgba.height; y += 1) {
    for (let x = 0; x < rgba.width; x += 1) {
      const value = rgba.data[(y * rgba.width + x) * 4 + 3] ?? 0
      alpha[(y0 + y) * canvas.width + x0 + x] = Math.round(value * spec.opacity)
    }
  }
  if (spec.sigma < MIN_BLUR_SIGMA) return alpha
  return sharp(alpha, { raw: { width: canvas.width, height: canvas.height, channels: 1 } })
    .blur(gaussianBlur(spec.sigma, spec.radius, SHADOW_AMPLITUDE))
    .extractChannel(0)
    .raw()
    .toBuffer()
}

const castShadow = async (
  page: RasterPage,
  spec: ShadowSpec,
  canvas: ShadowCanvas
): Promise<RasterPage> => {
  const rgba = await toRgba(page)
  const alpha = await shadowAlpha(rgba, spec, canvas)
  const data = Buffer.alloc(alpha.length * 4)
  alpha.forEach((value, p) => {
    data[p * 4] = spec.colour.r
    data[p * 4 + 1] = spec.colour.g
    data[p * 4 + 2] = spec.colour.b
    data[p * 4 + 3] = value
  })
  const shadow: RasterPage = { data, width: canvas.width, height: canvas.height, channels: 4 }
  return drawLayers(shadow, [{ image: rgba, left: -canvas.left, top: -canvas.top }])
}

/**
 * `dropshadow`: casts a shadow of the image's outline (its alpha; a rectangle when opaque)
 * `horizontal` and `vertical` pixels away (−100…100, default 0), in `color` (hex, default
 * `000000`) at `opacity` percent (default 100), blurred by `sigma` (default 0.5; below 0.3 the
 * edge stays hard). A non-zero `blur_radius` limits how far the blur reaches. The canvas grows
 * to hold image and shadow (the blur spreads about 3 × sigma; beyond 10000 px a side it is
 * refused with 400); the result has alpha. Lengths scale with the dpr. Animated images get the
 * shadow on every frame.
 */
export const dropshadowOperation: Operation = {
  spec: dropshadow,
  apply: async (ctx, options) => {
    const read = readOptions(dropshadow, options)
    const spec: ShadowSpec = {
      offsetX: Math.round((read.number('horizontal') ?? 0) * ctx.dpr),
      offsetY: Math.round((read.number('vertical') ?? 0) * ctx.dpr),
      opacity: (read.number('opacity') ?? 100) / 100,
      sigma: (read.number('sigma') ?? 0.5) * ctx.dpr,
      radius: (read.number('blur_radius') ?? 0) * ctx.dpr,
      colour: parseHexColour(read.string('color') ?? '000000')
    }
    const size = await ctx.size()
    const canvas = shadowCanvas(size, spec)
    const limit = Math.max(MAX_CANVAS_SIDE, size.width, size.height)
    if (canvas.width > limit || canvas.height > limit) {
      throw outputTooLarge(canvas.width, canvas.height, limit)
    }
    await mapPages(ctx, (page) => castShadow(page, spec, canvas))
    ctx.noteCrop(canvas.left, canvas.top)
  }
}
