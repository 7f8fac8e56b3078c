import sharp from 'sharp'
import { primitive } from '../../../src-shared/operations/primitive'
import type { RenderContext } from '../context'
import type { Operation } from '../operation'
import { readOptions } from './option-reader'
import { rawInput, type RasterPage } from './page-map'
import { approximate, type Approximation, type SearchEffort } from './primitive-model'
import { shapeSvg, type ShapeKind } from './primitive-shapes'
import { hashSeed } from './seeded-random'

/** Longest side of the working copy the shapes are fitted on. */
export const WORKING_SIDE = 128

const EFFORT: SearchEffort = { candidates: 48, patience: 48, maxSteps: 240 }

const COMBO: readonly ShapeKind[] = [
  'triangle',
  'rectangle',
  'ellipse',
  'circle',
  'rotated-rectangle'
]

/** Shape kinds by rokka's mode number (fogleman/primitive's numbering; 9 mixes every kind). */
export const KINDS_BY_MODE: Readonly<Record<number, readonly ShapeKind[]>> = {
  0: COMBO,
  1: ['triangle'],
  2: ['rectangle'],
  3: ['ellipse'],
  4: ['circle'],
  5: ['rotated-rectangle'],
  6: ['bezier'],
  7: ['rotated-ellipse'],
  8: ['polygon'],
  9: [...COMBO, 'bezier', 'rotated-ellipse', 'polygon']
}

/** The first page of the current image on white, shrunk to fit `WORKING_SIDE`, as RGB. */
const workingCopy = async (ctx: RenderContext) => {
  const frame = await ctx.raw()
  const page: RasterPage = {
    data: frame.data.subarray(0, frame.width * frame.height * frame.channels),
    width: frame.width,
    height: frame.height,
    channels: frame.channels
  }
  const scale = Math.min(1, WORKING_SIDE / Math.max(page.width, page.height))
  const width = Math.max(1, Math.round(page.width * scale))
  const height = Math.max(1, Math.round(page.height * scale))
  const { data, info } = await sharp(page.data, rawInput(page))
    .flatten({ background: '#ffffff' })
    .resize(width, height, { fit: 'fill' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data), width: info.width, height: info.height, full: page }
}

const rgb = ({ r, g, b }: { r: number; g: number; b: number }) => `rgb(${r},${g},${b})`

/** The approximation as an SVG of `width` × `height` pixels. */
const svgOf = (result: Approximation, width: number, height: number): Buffer => {
  const shapes = result.shapes.map(({ shape, colour }) =>
    shapeSvg(shape, rgb(colour), result.alpha)
  )
  const { width: w, height: h } = result
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${w} ${h}" preserveAspectRatio="none">` +
      `<rect x="0" y="0" width="${w}" height="${h}" fill="${rgb(result.background)}"/>` +
      `${shapes.join('')}</svg>`
  )
}

/**
 * `primitive`: redraws the image from `count` (default 20) translucent geometric shapes over its
 * mean colour, like fogleman/primitive: `mode` 0 (default) mixes triangles, rectangles,
 * ellipses, circles and rotated rectangles; 1 triangles, 2 rectangles, 3 ellipses, 4 circles,
 * 5 rotated rectangles, 6 curves, 7 rotated ellipses, 8 quadrilaterals, 9 all of these. Shapes
 * are fitted by seeded hill climbing on a copy of at most 128 px a side (a fixed amount of work,
 * so the result is always the same) and drawn back at full size. Transparency is laid on white;
 * the result is opaque. Animated images become a still of their first frame.
 */
export const primitiveOperation: Operation = {
  spec: primitive,
  apply: async (ctx, options) => {
    const read = readOptions(primitive, options)
    const count = Math.max(1, Math.round(read.number('count') ?? 20))
    const mode = Math.round(read.number('mode') ?? 0)
    const working = await workingCopy(ctx)
    const result = approximate(working.data, working.width, working.height, {
      count,
      kinds: KINDS_BY_MODE[mode] ?? COMBO,
      seed: hashSeed(`primitive ${count} ${mode}`),
      effort: EFFORT,
      beforeShape: () => ctx.throwIfAborted()
    })
    const { width, height } = working.full
    const data = await sharp(svgOf(result, width, height))
      .removeAlpha()
      .raw()
      .toBuffer()
    const pages = (await ctx.raw()).pages
    ctx.setFrame({ data, width, height, channels: 3, pages: 1 })
    if (pages > 1) ctx.delay = ctx.delay?.slice(0, 1)
  }
}
