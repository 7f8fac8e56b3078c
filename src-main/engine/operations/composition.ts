import { composition } from '../../../src-shared/operations/composition'
import { outputTooLarge } from '../../errors'
import type { RenderContext } from '../context'
import type { Operation } from '../operation'
import { parseAnchor, placementOf, type Size } from './anchor'
import { layoutComposition } from './composition-layout'
import { parseHexColour } from './hex-colour'
import { drawLayers, emptyCanvas, rotateLayer, type Layer } from './layers'
import { readOptions, type OptionReader } from './option-reader'
import { mapPages, type RasterPage } from './page-map'
import { currentHasAlpha, dropOpaqueAlpha, scaleAlpha, solidRgba, toRgba } from './rgba'
import { loadSecondaryImage, renderSecondaryStack, type FitMode } from './secondary-image'

/** Largest canvas side a composition may produce unless the primary is already larger. */
const MAX_CANVAS_SIDE = 10000

const FIT_MODES: readonly FitMode[] = ['box', 'absolute', 'fill']
const isFitMode = (value: string): value is FitMode =>
  (FIT_MODES as readonly string[]).includes(value)

type Reader = OptionReader<typeof composition>

/** Throws 400 when `size` is larger than a composition may get next to `primary`. */
const checkSize = (size: Partial<Size>, primary: Size): void => {
  const limit = Math.max(MAX_CANVAS_SIDE, primary.width, primary.height)
  const width = size.width ?? 0
  const height = size.height ?? 0
  if (width > limit || height > limit) throw outputTooLarge(width, height, limit)
}

/** `secondary_stack_variables` as an object: given as one, or as `name=value` pairs. */
const secondaryVariables = (value: unknown): Record<string, unknown> => {
  if (value && typeof value === 'object') return value as Record<string, unknown>
  if (typeof value !== 'string' || value === '') return {}
  return Object.fromEntries(
    value.split(/[,&]/).map((pair) => {
      const at = pair.indexOf('=')
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)]
    })
  )
}

/** The secondary image or colour box as RGBA pixels, with opacity and rotation applied. */
const secondaryOf = async (
  ctx: RenderContext,
  read: Reader,
  primary: Size
): Promise<RasterPage> => {
  const scaled = (value: number | undefined) =>
    value === undefined ? undefined : Math.max(1, Math.round(value * ctx.dpr))
  const width = scaled(read.number('width'))
  const height = scaled(read.number('height'))
  // checked before any pixels exist: width 10000 at dpr 10 would be gigabytes
  checkSize({ width, height }, primary)
  const toPrimary = read.boolean('resize_to_primary') ?? false
  const opacity = (read.number('secondary_opacity') ?? 100) / 100
  const hash = read.string('secondary_image')
  const stack = read.string('secondary_stack')
  const mode = read.string('resize_mode') ?? 'box'
  const fit = isFitMode(mode) ? mode : 'box'
  const fitBox = toPrimary ? primary : { width, height }
  let secondary: RasterPage
  if (stack !== undefined) {
    const variables = secondaryVariables(read.raw('secondary_stack_variables'))
    const image = await renderSecondaryStack(ctx, stack, hash ?? null, variables, fitBox, fit)
    secondary = scaleAlpha(image, opacity)
  } else if (hash !== undefined) {
    const image = await loadSecondaryImage(ctx, hash, fitBox, fit)
    secondary = scaleAlpha(image, opacity)
  } else {
    const box = toPrimary
      ? primary
      : { width: width ?? primary.width, height: height ?? primary.height }
    const colour = parseHexColour(read.string('secondary_color') ?? '000000')
    secondary = solidRgba(box.width, box.height, colour, Math.round(255 * opacity))
  }
  return rotateLayer(secondary, read.number('angle') ?? 0)
}

/**
 * `composition`: combines the image with a secondary one — an uploaded image
 * (`secondary_image`, a hash; fitted into `width` × `height` by `resize_mode` box/absolute/fill,
 * or into the primary's size with `resize_to_primary`, else at its own size) or a box of
 * `secondary_color` (default black) of `width` × `height` (each defaulting to the primary's).
 * `secondary_opacity` (percent, default 100) fades it and `angle` turns it clockwise. `mode`
 * `foreground` (the default here) draws the image over the secondary, e.g. to extend the
 * canvas; `background` draws the secondary over the image, e.g. a watermark. The canvas is the
 * larger of the two on each axis (never smaller than the image); per axis the smaller one is
 * placed inside the larger by `anchor` (default `center_center`; strategy anchors such as
 * `auto` mean the centre). `empty_primary` leaves the image out. Sizes and pixel anchors scale
 * with the dpr; a canvas over 10000 px a side (unless the image is larger) is refused (400).
 * With `secondary_stack`, the secondary is `secondary_image` (or this image) rendered through
 * that stack with `secondary_stack_variables`. Every frame of an animation gets the same secondary.
 */
export const compositionOperation: Operation = {
  spec: composition,
  apply: async (ctx, options) => {
    const read = readOptions(composition, options)
    const anchor = parseAnchor(read.string('anchor') ?? 'center_center', 'composition.anchor')
    const place = anchor.kind === 'position' ? anchor.place : placementOf('center', 'center')
    const primary = await ctx.size()
    const secondary = await secondaryOf(ctx, read, primary)
    const layout = layoutComposition(primary, secondary, place, ctx.dpr)
    checkSize(layout.canvas, primary)
    const background = read.string('mode') === 'background'
    const withPrimary = !(read.boolean('empty_primary') ?? false)
    const hadAlpha = await currentHasAlpha(ctx)
    const secondaryLayer: Layer = { image: secondary, ...layout.secondary }
    await mapPages(ctx, async (page) => {
      const primaryLayer: Layer = { image: await toRgba(page), ...layout.primary }
      const layers = !withPrimary
        ? [secondaryLayer]
        : background
          ? [primaryLayer, secondaryLayer]
          : [secondaryLayer, primaryLayer]
      return drawLayers(emptyCanvas(layout.canvas), layers)
    })
    await dropOpaqueAlpha(ctx, hadAlpha)
    ctx.noteCrop(-layout.primary.left, -layout.primary.top)
  }
}
