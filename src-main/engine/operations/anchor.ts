import { invalidOption } from '../../errors'

/** Anchors that name a strategy rather than a position; each operation decides what they mean. */
export type AnchorKeyword = 'auto' | 'smart' | 'face' | 'subjectarea' | 'croparea'

/** One axis of a positional anchor: an edge, the centre, or an offset in pixels from the start. */
export type AxisAnchor = 'start' | 'center' | 'end' | number

/** A width and height in pixels. */
export interface Size {
  width: number
  height: number
}

/** Top-left corner of a box, in pixels. */
export interface Position {
  left: number
  top: number
}

/**
 * Where a box of size `inner` goes inside `outer` (pixels). Pixel offsets of the anchor are
 * multiplied by `pixelScale` (default 1; the dpr, for operations that scale with it). The result
 * is not clamped: a box larger than `outer`, or a pixel offset past its edge, gives a position
 * outside it.
 */
export type Placement = (outer: Size, inner: Size, pixelScale?: number) => Position

/** A parsed rokka anchor: a placement (`x_y`) or a strategy keyword. */
export type Anchor =
  | { kind: 'position'; x: AxisAnchor; y: AxisAnchor; place: Placement }
  | { kind: 'keyword'; keyword: AnchorKeyword }

const KEYWORDS: readonly AnchorKeyword[] = ['auto', 'smart', 'face', 'subjectarea', 'croparea']
const POSITION = /^(left|center|right|\d{1,5})[_-](top|center|bottom|\d{1,5})$/
const MAX_OFFSET = 10000

const isKeyword = (value: string): value is AnchorKeyword =>
  (KEYWORDS as readonly string[]).includes(value)

const parseAxis = (token: string, start: string, end: string): AxisAnchor | undefined => {
  if (token === start) return 'start'
  if (token === end) return 'end'
  if (token === 'center') return 'center'
  const offset = Number(token)
  return offset <= MAX_OFFSET ? offset : undefined
}

const placeAxis = (axis: AxisAnchor, outer: number, inner: number, pixelScale: number): number => {
  if (axis === 'start') return 0
  if (axis === 'end') return outer - inner
  if (axis === 'center') return Math.floor((outer - inner) / 2)
  return Math.round(axis * pixelScale)
}

/** A placement for the two axes of a positional anchor. */
export const placementOf =
  (x: AxisAnchor, y: AxisAnchor): Placement =>
  (outer, inner, pixelScale = 1) => ({
    left: placeAxis(x, outer.width, inner.width, pixelScale),
    top: placeAxis(y, outer.height, inner.height, pixelScale)
  })

/** The anchor `center_center`, the usual fallback. */
export const CENTER: Anchor = {
  kind: 'position',
  x: 'center',
  y: 'center',
  place: placementOf('center', 'center')
}

/**
 * Parses rokka's anchor grammar: `X_Y` (or `X-Y`) with X = `left`, `center`, `right` or a pixel
 * offset 0–10000 from the left edge, and Y = `top`, `center`, `bottom` or a pixel offset from the
 * top edge; or one of `auto`, `smart`, `face`, `subjectarea`, `croparea`.
 *
 * @param name - option name for the error message, e.g. `crop.anchor`
 * @throws AppError `invalid_option` (400) for anything else
 */
export const parseAnchor = (value: string, name = 'anchor'): Anchor => {
  if (isKeyword(value)) return { kind: 'keyword', keyword: value }
  const match = POSITION.exec(value)
  const x = match?.[1] === undefined ? undefined : parseAxis(match[1], 'left', 'right')
  const y = match?.[2] === undefined ? undefined : parseAxis(match[2], 'top', 'bottom')
  if (x === undefined || y === undefined) {
    throw invalidOption(
      name,
      'anchor like center_center, right_bottom, 10_20, auto, smart, face, subjectarea or croparea',
      value
    )
  }
  return { kind: 'position', x, y, place: placementOf(x, y) }
}
