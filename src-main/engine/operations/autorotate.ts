import type { Sharp } from 'sharp'
import { autorotate } from '../../../src-shared/operations/autorotate'
import type { RenderContext } from '../context'
import { step, type Operation } from '../operation'
import { readOptions } from './option-reader'
import { eachPage, isMultiPage } from './pages'

type Turn = 0 | 90 | 180 | 270

/** How to show an image stored with an EXIF orientation: turn clockwise, then mirror. */
interface Orientation {
  turn: Turn
  mirror: boolean
}

const UPRIGHT: Orientation = { turn: 0, mirror: false }

const ORIENTATIONS: Readonly<Record<number, Orientation>> = {
  1: UPRIGHT,
  2: { turn: 0, mirror: true },
  3: { turn: 180, mirror: false },
  4: { turn: 180, mirror: true },
  5: { turn: 90, mirror: true },
  6: { turn: 90, mirror: false },
  7: { turn: 270, mirror: true },
  8: { turn: 270, mirror: false }
}

// a stack may hold autorotate twice; the EXIF orientation must be applied only once per render
const oriented = new WeakSet<RenderContext>()

const exifOrientation = async (ctx: RenderContext): Promise<Orientation> => {
  if (oriented.has(ctx)) return UPRIGHT
  oriented.add(ctx)
  // only the original file carries EXIF; once pixels are raw, SourceInfo is the sole record
  const value = ctx.source.orientation ?? (await (await ctx.pipeline()).metadata()).orientation
  return ORIENTATIONS[value ?? 1] ?? UPRIGHT
}

const turnToMatchBox = (
  size: { width: number; height: number },
  box: { width?: number; height?: number },
  clockwise: boolean
): Turn => {
  if (box.width === undefined || box.height === undefined) return 0
  if (box.width === box.height || size.width === size.height) return 0
  if (box.width > box.height === size.width > size.height) return 0
  return clockwise ? 90 : 270
}

/**
 * `autorotate`: shows the image the way its EXIF orientation says (turns and mirrors it). With
 * `width` and `height` it then turns the image a quarter further when its orientation (portrait
 * or landscape) does not match that box's, in `rotation_direction`; without that option, in
 * the direction the EXIF orientation turned, else clockwise. Animated images turn frame by frame.
 */
export const autorotateOperation: Operation = {
  spec: autorotate,
  apply: async (ctx, options) => {
    const read = readOptions(autorotate, options)
    const exif = await exifOrientation(ctx)
    const stored = await ctx.size()
    const sideways = exif.turn % 180 !== 0
    const shown = sideways ? { width: stored.height, height: stored.width } : stored
    const direction = read.string('rotation_direction')
    const clockwise = direction === undefined ? exif.turn !== 270 : direction === 'clockwise'
    const box = { width: read.number('width'), height: read.number('height') }
    const extra = turnToMatchBox(shown, box, clockwise)
    if (exif.turn === 0 && !exif.mirror && extra === 0) return
    // sharp mirrors before it turns; mirroring first and turning by extra − turn is the same
    const build = (image: Sharp): Sharp => {
      const turn = (exif.mirror ? extra - exif.turn + 360 : exif.turn + extra) % 360
      const mirrored = exif.mirror ? image.flop() : image
      return turn === 0 ? mirrored : mirrored.rotate(turn)
    }
    if (isMultiPage(ctx)) await eachPage(ctx, build)
    else await step(ctx, build)
    ctx.loseMapping()
  }
}
