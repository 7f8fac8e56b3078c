import { text } from '../../../src-shared/operations/text'
import { invalidOption } from '../../errors'
import type { Operation } from '../operation'
import { parseAnchor, placementOf } from './anchor'
import { fontFilePath } from './font-file'
import { readFontFace } from './font-face'
import { parseHexColour } from './hex-colour'
import { drawLayers, rotateLayer } from './layers'
import { readOptions } from './option-reader'
import { mapPages, type RasterPage } from './page-map'
import { currentHasAlpha, dropOpaqueAlpha, toRgba } from './rgba'
import { setText, type TextSetting } from './text-layer'

/** Largest font size and text box side, in pixels after the dpr, to bound memory. */
const MAX_LENGTH = 10000

const ALIGNS: readonly TextSetting['align'][] = ['left', 'centre', 'right']
const isAlign = (value: string): value is TextSetting['align'] =>
  (ALIGNS as readonly string[]).includes(value)

/** The coverage `mask` painted in `colour` at `opacity` (0–1), as RGBA. */
const paint = (
  mask: RasterPage,
  colour: { r: number; g: number; b: number },
  opacity: number
): RasterPage => {
  const data = Buffer.alloc(mask.width * mask.height * 4)
  mask.data.forEach((coverage, p) => {
    data[p * 4] = colour.r
    data[p * 4 + 1] = colour.g
    data[p * 4 + 2] = colour.b
    data[p * 4 + 3] = Math.round(coverage * opacity)
  })
  return { data, width: mask.width, height: mask.height, channels: 4 }
}

/**
 * `text`: writes `text` with the uploaded TrueType/OpenType font whose hash is `font`, `size`
 * pixels high (default 16), in `color` (hex, default black) at `opacity` percent (default 100),
 * turned clockwise by `angle` degrees. `width` wraps the lines (aligned `left`, `centre` or
 * `right`); `height` cuts taller text off and centres shorter text in the box; `resize_to_box`
 * with both picks the size that fills the box. `spacing` adds pixels between lines. The text box
 * is placed by `anchor` (default `center_center`; strategy anchors mean the centre) and cut off
 * at the image's edges. Lengths scale with the dpr (capped at 10000 px). Animated images get the
 * text on every frame.
 *
 * @throws AppError `invalid_option` (400) when `font` is missing or not a font
 */
export const textOperation: Operation = {
  spec: text,
  apply: async (ctx, options) => {
    const read = readOptions(text, options)
    const content = read.string('text') ?? ''
    const opacity = (read.number('opacity') ?? 100) / 100
    const hash = read.string('font')
    const expected = 'hash of an uploaded TrueType or OpenType font'
    if (hash === undefined) throw invalidOption('text.font', expected, hash)
    if (content.trim() === '' || opacity <= 0) return
    const { data: fontBytes } = await ctx.resources.loadSourceImage(hash)
    const face = readFontFace(fontBytes)
    if (!face) throw invalidOption('text.font', expected, hash)
    const length = (value: number | undefined) =>
      value === undefined
        ? undefined
        : Math.min(MAX_LENGTH, Math.max(1, Math.round(value * ctx.dpr)))
    const align = read.string('align') ?? 'left'
    const mask = await setText(content, {
      fontFile: await fontFilePath(fontBytes),
      face,
      size: Math.min(MAX_LENGTH, (read.number('size') ?? 16) * ctx.dpr),
      width: length(read.number('width')),
      height: length(read.number('height')),
      spacing: (read.number('spacing') ?? 0) * ctx.dpr,
      align: isAlign(align) ? align : 'left',
      fitToBox: read.boolean('resize_to_box') ?? false
    })
    if (!mask) return
    const colour = parseHexColour(read.string('color') ?? '000000')
    const layer = await rotateLayer(paint(mask, colour, opacity), read.number('angle') ?? 0)
    const anchor = parseAnchor(read.string('anchor') ?? 'center_center', 'text.anchor')
    const place = anchor.kind === 'position' ? anchor.place : placementOf('center', 'center')
    const position = place(await ctx.size(), layer, ctx.dpr)
    const hadAlpha = await currentHasAlpha(ctx)
    await mapPages(ctx, async (page) =>
      drawLayers(await toRgba(page), [{ image: layer, ...position }])
    )
    await dropOpaqueAlpha(ctx, hadAlpha)
  }
}
