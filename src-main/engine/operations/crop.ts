import { crop } from '../../../src-shared/operations/crop'
import { step, type Operation } from '../operation'
import { parseAnchor } from './anchor'
import { attentionPoint } from './attention'
import { findArea } from './crop-areas'
import { planCrop, type CropMode, type CropRequest } from './crop-plan'
import { readOptions } from './option-reader'

const MODES: readonly CropMode[] = ['absolute', 'ratio', 'box', 'area']
const isMode = (value: string): value is CropMode => (MODES as readonly string[]).includes(value)

/**
 * `crop`: cuts a box out of the image. Modes: `absolute` (default; `width` × `height` pixels,
 * times the dpr like the resize before it), `ratio` (the largest box of that aspect ratio),
 * `box` (exactly the subject or crop area) and `area` (the smallest box of that ratio around the
 * area). `anchor` (default `auto`) places the box: `x_y` positions (pixel offsets scale with the
 * dpr), `auto`/`subjectarea`/`croparea` follow the stored areas (subject area centred, crop area
 * cut exactly; subject wins), `smart` centres on libvips' attention point, and `face` (no face
 * data here) and area anchors without an area use `fallback` (default `center_center`). `area`
 * picks a `multi_areas` entry, `movearea_x`/`movearea_y` move the area by percent of the image,
 * `scale` shrinks the box to that percentage. The box never exceeds the image.
 */
export const cropOperation: Operation = {
  spec: crop,
  apply: async (ctx, options) => {
    const read = readOptions(crop, options)
    const mode = read.string('mode') ?? 'absolute'
    const request: CropRequest = {
      width: read.number('width') ?? 1,
      height: read.number('height') ?? 1,
      mode: isMode(mode) ? mode : 'absolute',
      anchor: parseAnchor(read.string('anchor') ?? 'auto', 'crop.anchor'),
      fallback: parseAnchor(read.string('fallback') ?? 'center_center', 'crop.fallback'),
      scale: read.number('scale') ?? 100,
      dpr: ctx.dpr
    }
    const image = await ctx.size()
    const shift = { x: read.number('movearea_x') ?? 0, y: read.number('movearea_y') ?? 0 }
    const area = findArea(ctx, image, read.string('area'), shift)
    const box = await planCrop(image, request, area, () => attentionPoint(ctx))
    if (box.width === image.width && box.height === image.height) return
    await step(ctx, (current) => current.extract(box))
    ctx.noteCrop(box.left, box.top)
  }
}
