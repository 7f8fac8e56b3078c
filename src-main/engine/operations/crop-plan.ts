import type { Area } from '../context'
import { CENTER, type Anchor, type Size } from './anchor'
import type { Point } from './attention'
import type { FoundArea } from './crop-areas'

/** rokka's crop modes. */
export type CropMode = 'absolute' | 'ratio' | 'box' | 'area'

/** A crop as its options ask for it, defaults applied and anchors parsed. */
export interface CropRequest {
  /** Pixels (absolute, box) or a ratio part (ratio, area). */
  width: number
  height: number
  mode: CropMode
  anchor: Anchor
  fallback: Anchor
  /** Percent (0–100) the crop box is shrunk to. */
  scale: number
  /** Multiplies pixel sizes and pixel anchor offsets. */
  dpr: number
}

/** The rectangle to extract, in pixels of the current image. */
export interface CropBox {
  left: number
  top: number
  width: number
  height: number
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max)

const fitSize = (size: Size, image: Size): Size => ({
  width: clamp(Math.round(size.width), 1, image.width),
  height: clamp(Math.round(size.height), 1, image.height)
})

const scaled = (size: Size, scale: number): Size => ({
  width: Math.max(1, Math.round((size.width * scale) / 100)),
  height: Math.max(1, Math.round((size.height * scale) / 100))
})

const inside = (image: Size, size: Size, left: number, top: number): CropBox => ({
  left: clamp(left, 0, image.width - size.width),
  top: clamp(top, 0, image.height - size.height),
  ...size
})

const centredOn = (image: Size, size: Size, point: Point): CropBox =>
  inside(image, size, Math.round(point.x - size.width / 2), Math.round(point.y - size.height / 2))

const centreOf = (area: Area): Point => ({
  x: area.x + area.width / 2,
  y: area.y + area.height / 2
})

/** The largest box with the aspect ratio `width`:`height` that fits in `image`. */
const largestWithRatio = (image: Size, width: number, height: number): Size =>
  image.width * height >= image.height * width
    ? fitSize({ width: (image.height * width) / height, height: image.height }, image)
    : fitSize({ width: image.width, height: (image.width * height) / width }, image)

/** The smallest `width`:`height` box around `area`, shrunk to fit when the image is smaller. */
const ratioAround = (area: Area, image: Size, width: number, height: number): Size => {
  const ratio = width / height
  const boxWidth = Math.max(area.width, area.height * ratio)
  const boxHeight = boxWidth / ratio
  const fit = Math.min(1, image.width / boxWidth, image.height / boxHeight)
  return fitSize({ width: boxWidth * fit, height: boxHeight * fit }, image)
}

/** `area` cut to the image, or undefined when nothing of it is inside. */
const visiblePart = (area: Area, image: Size): Area | undefined => {
  const x = Math.max(0, area.x)
  const y = Math.max(0, area.y)
  const width = Math.min(image.width, area.x + area.width) - x
  const height = Math.min(image.height, area.y + area.height) - y
  return width >= 1 && height >= 1 ? { x, y, width, height } : undefined
}

const baseSize = (image: Size, request: CropRequest): Size =>
  request.mode === 'ratio' || request.mode === 'area'
    ? largestWithRatio(image, request.width, request.height)
    : fitSize({ width: request.width * request.dpr, height: request.height * request.dpr }, image)

const seeksArea = (anchor: Anchor, area: FoundArea): boolean => {
  if (anchor.kind !== 'keyword') return false
  if (anchor.keyword === 'subjectarea') return area.kind === 'subject'
  return anchor.keyword === 'auto' || anchor.keyword === 'croparea'
}

/** The crop an area decides, or undefined when this request does not follow areas. */
const planAroundArea = (
  image: Size,
  request: CropRequest,
  area: FoundArea
): CropBox | undefined => {
  if (request.mode === 'area') {
    const size = ratioAround(area.box, image, request.width, request.height)
    return centredOn(image, scaled(size, request.scale), centreOf(area.box))
  }
  const follows = seeksArea(request.anchor, area)
  if (request.mode === 'box' || (follows && area.kind === 'crop')) {
    const visible = visiblePart(area.box, image)
    if (visible === undefined) return undefined
    return centredOn(image, scaled(visible, request.scale), centreOf(visible))
  }
  if (!follows) return undefined
  return centredOn(image, scaled(baseSize(image, request), request.scale), centreOf(area.box))
}

/** The anchor that places a crop no area decided: keywords other than smart fall back. */
const placingAnchor = (request: CropRequest): Anchor => {
  for (const anchor of [request.anchor, request.fallback]) {
    if (anchor.kind === 'position' || anchor.keyword === 'smart') return anchor
  }
  return CENTER
}

/**
 * Where the crop goes, in pixels of the current `image`. A subject area (in current pixels,
 * already moved) centres the box for anchors auto, subjectarea and croparea; a crop area is cut
 * exactly for auto and croparea; mode box cuts the area exactly and mode area takes the smallest
 * width:height box around it. Without an area the anchor places the box, keywords falling back
 * to `fallback` (and to center_center when that is a keyword too, except smart). `focus` finds
 * the smart anchor's point and is only called for it. The box always lies inside the image.
 */
export const planCrop = async (
  image: Size,
  request: CropRequest,
  area: FoundArea | undefined,
  focus: () => Promise<Point>
): Promise<CropBox> => {
  const aroundArea = area === undefined ? undefined : planAroundArea(image, request, area)
  if (aroundArea !== undefined) return aroundArea
  const size = scaled(baseSize(image, request), request.scale)
  const anchor = placingAnchor(request)
  if (anchor.kind === 'keyword') return centredOn(image, size, await focus())
  const { left, top } = anchor.place(image, size, request.dpr)
  return inside(image, size, left, top)
}
