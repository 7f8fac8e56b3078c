import type { Area, RenderContext, SourceInfo } from '../context'
import type { Size } from './anchor'

type StoredArea = Area & { percentage?: boolean }

/** An area of interest from the source's dynamic metadata, in pixels of the current image. */
export interface FoundArea {
  /** `subject`: crop around it; `crop`: crop exactly it. */
  kind: 'subject' | 'crop'
  box: Area
}

/** Shift of the area in percent of the current image's width and height (right and down). */
export interface AreaShift {
  x: number
  y: number
}

const inSourcePixels = (area: StoredArea, source: SourceInfo): Area =>
  area.percentage === true
    ? {
        x: (area.x / 100) * source.width,
        y: (area.y / 100) * source.height,
        width: (area.width / 100) * source.width,
        height: (area.height / 100) * source.height
      }
    : area

const storedArea = (
  source: SourceInfo,
  name: string | undefined
): { kind: FoundArea['kind']; area: StoredArea } | undefined => {
  const named = name === undefined ? undefined : source.multiAreas?.[name]
  const subject = named === undefined ? source.subjectArea : named.subject_area
  const crop = named === undefined ? source.cropArea : named.crop_area
  if (subject !== undefined) return { kind: 'subject', area: subject }
  if (crop !== undefined) return { kind: 'crop', area: crop }
  // a named area that is missing falls back to the image's own areas
  return named === undefined ? undefined : storedArea(source, undefined)
}

/**
 * The area a crop should follow: the `multi_areas` entry called `name` when there is one, else
 * the source's own; a subject area wins over a crop area. Mapped through every resize and crop
 * so far and moved by `shift`. Undefined when there is none, or after a change areas cannot
 * follow (a rotation).
 */
export const findArea = (
  ctx: RenderContext,
  image: Size,
  name: string | undefined,
  shift: AreaShift
): FoundArea | undefined => {
  const stored = storedArea(ctx.source, name)
  if (stored === undefined) return undefined
  const box = ctx.mapFromSource(inSourcePixels(stored.area, ctx.source))
  if (box === undefined) return undefined
  return {
    kind: stored.kind,
    box: {
      ...box,
      x: box.x + Math.round((shift.x / 100) * image.width),
      y: box.y + Math.round((shift.y / 100) * image.height)
    }
  }
}
