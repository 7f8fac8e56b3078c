import type { Random } from './seeded-random'

/** The kinds of shape `primitive` draws with. */
export type ShapeKind =
  | 'triangle'
  | 'rectangle'
  | 'ellipse'
  | 'circle'
  | 'rotated-rectangle'
  | 'bezier'
  | 'rotated-ellipse'
  | 'polygon'

/**
 * A shape on the working canvas: its kind and numbers whose meaning `ROLES` gives per kind
 * (points as x, y pairs; rectangles by two corners; ellipses by centre and radii; rotated
 * shapes by centre, half sizes and degrees; curves by three points and a stroke width).
 */
export interface Shape {
  kind: ShapeKind
  values: readonly number[]
}

type Role = 'x' | 'y' | 'size' | 'angle' | 'width'

const ROLES: Record<ShapeKind, readonly Role[]> = {
  triangle: ['x', 'y', 'x', 'y', 'x', 'y'],
  polygon: ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y'],
  rectangle: ['x', 'y', 'x', 'y'],
  ellipse: ['x', 'y', 'size', 'size'],
  circle: ['x', 'y', 'size'],
  'rotated-rectangle': ['x', 'y', 'size', 'size', 'angle'],
  'rotated-ellipse': ['x', 'y', 'size', 'size', 'angle'],
  bezier: ['x', 'y', 'x', 'y', 'x', 'y', 'width']
}

/** Points of an outlined ellipse; enough for a smooth edge on a working copy of ≤ 256 px. */
const ELLIPSE_POINTS = 32
const CURVE_STEPS = 16

/** Typical shape extent: an eighth of the canvas, as a start for the climber. */
const unitOf = (width: number, height: number): number => Math.max(2, Math.max(width, height) / 8)

const limitOf = (role: Role, width: number, height: number): [number, number] => {
  const unit = unitOf(width, height)
  if (role === 'x') return [-unit, width + unit]
  if (role === 'y') return [-unit, height + unit]
  if (role === 'size') return [1, Math.max(width, height)]
  if (role === 'width') return [0.5, Math.max(1, unit / 4)]
  return [-Infinity, Infinity]
}

const clampTo = (value: number, [min, max]: [number, number]): number =>
  Math.min(max, Math.max(min, value))

/** A random shape of `kind` on a `width` × `height` canvas: first point anywhere, rest near it. */
export const randomShape = (
  kind: ShapeKind,
  width: number,
  height: number,
  random: Random
): Shape => {
  const unit = unitOf(width, height)
  const x = random.range(0, width)
  const y = random.range(0, height)
  const values = ROLES[kind].map((role, index) => {
    // the first x, y pair is the anchor point itself
    if (role === 'x') return index === 0 ? x : x + random.range(-unit, unit)
    if (role === 'y') return index === 1 ? y : y + random.range(-unit, unit)
    if (role === 'size') return random.range(1, unit)
    if (role === 'angle') return random.range(0, 360)
    return random.range(0.5, Math.max(1, unit / 8))
  })
  return { kind, values }
}

/** `shape` with one of its numbers nudged at random, kept within sensible limits. */
export const mutateShape = (shape: Shape, width: number, height: number, random: Random): Shape => {
  const roles = ROLES[shape.kind]
  const index = random.int(0, roles.length - 1)
  const role = roles[index] ?? 'x'
  const step = role === 'angle' ? 30 : role === 'width' ? 0.5 : unitOf(width, height) / 2
  const values = shape.values.slice()
  values[index] = clampTo(
    (values[index] ?? 0) + random.gaussian() * step,
    limitOf(role, width, height)
  )
  return { kind: shape.kind, values }
}

const ellipseOutline = (
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  degrees: number
): number[] => {
  const cos = Math.cos((degrees * Math.PI) / 180)
  const sin = Math.sin((degrees * Math.PI) / 180)
  const points: number[] = []
  for (let i = 0; i < ELLIPSE_POINTS; i += 1) {
    const t = (2 * Math.PI * i) / ELLIPSE_POINTS
    const dx = rx * Math.cos(t)
    const dy = ry * Math.sin(t)
    points.push(cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
  }
  return points
}

const boxOutline = (cx: number, cy: number, sx: number, sy: number, degrees: number): number[] => {
  const cos = Math.cos((degrees * Math.PI) / 180)
  const sin = Math.sin((degrees * Math.PI) / 180)
  return [
    [-sx, -sy],
    [sx, -sy],
    [sx, sy],
    [-sx, sy]
  ].flatMap(([dx = 0, dy = 0]) => [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos])
}

/** A quadratic curve stroked `width` wide, as the outline of the stroke. */
const curveOutline = (v: readonly number[]): number[] => {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0, x2 = 0, y2 = 0, width = 1] = v
  const left: number[] = []
  const right: Array<[number, number]> = []
  for (let i = 0; i <= CURVE_STEPS; i += 1) {
    const t = i / CURVE_STEPS
    const u = 1 - t
    const x = u * u * x0 + 2 * u * t * x1 + t * t * x2
    const y = u * u * y0 + 2 * u * t * y1 + t * t * y2
    const tx = 2 * u * (x1 - x0) + 2 * t * (x2 - x1)
    const ty = 2 * u * (y1 - y0) + 2 * t * (y2 - y1)
    const length = Math.hypot(tx, ty) || 1
    const nx = (-ty / length) * (width / 2)
    const ny = (tx / length) * (width / 2)
    left.push(x + nx, y + ny)
    right.push([x - nx, y - ny])
  }
  return [...left, ...right.reverse().flat()]
}

/** The outline of `shape` as polygon points (x, y pairs) on the working canvas. */
export const outlineOf = (shape: Shape): number[] => {
  const v = shape.values
  const [a = 0, b = 0, c = 0, d = 0, e = 0] = v
  switch (shape.kind) {
    case 'triangle':
    case 'polygon':
      return v.slice()
    case 'rectangle':
      return [a, b, c, b, c, d, a, d]
    case 'ellipse':
      return ellipseOutline(a, b, c, d, 0)
    case 'circle':
      return ellipseOutline(a, b, c, c, 0)
    case 'rotated-rectangle':
      return boxOutline(a, b, c, d, e)
    case 'rotated-ellipse':
      return ellipseOutline(a, b, c, d, e)
    case 'bezier':
      return curveOutline(v)
  }
}

const n = (value: number): string => value.toFixed(2)

/** An SVG element with the given attributes (numbers to two decimals). */
const tag = (name: string, attributes: Record<string, string | number>): string => {
  const written = Object.entries(attributes).map(
    ([key, value]) => `${key}="${typeof value === 'number' ? n(value) : value}"`
  )
  return `<${name} ${written.join(' ')}/>`
}

/**
 * `shape` as an SVG element in working-canvas units, filled with `colour` (any SVG colour) at
 * `opacity` (0–1); curves are stroked instead.
 */
export const shapeSvg = (shape: Shape, colour: string, opacity: number): string => {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 1] = shape.values
  const fill = { fill: colour, 'fill-opacity': opacity.toFixed(4) }
  const turn = `rotate(${n(e)} ${n(a)} ${n(b)})`
  switch (shape.kind) {
    case 'rectangle':
      return tag('rect', {
        x: Math.min(a, c),
        y: Math.min(b, d),
        width: Math.abs(c - a),
        height: Math.abs(d - b),
        ...fill
      })
    case 'ellipse':
      return tag('ellipse', { cx: a, cy: b, rx: c, ry: d, ...fill })
    case 'circle':
      return tag('circle', { cx: a, cy: b, r: c, ...fill })
    case 'rotated-rectangle':
      return tag('rect', {
        x: a - c,
        y: b - d,
        width: 2 * c,
        height: 2 * d,
        transform: turn,
        ...fill
      })
    case 'rotated-ellipse':
      return tag('ellipse', { cx: a, cy: b, rx: c, ry: d, transform: turn, ...fill })
    case 'bezier':
      return tag('path', {
        d: `M${n(a)} ${n(b)} Q${n(c)} ${n(d)} ${n(e)} ${n(f)}`,
        fill: 'none',
        stroke: colour,
        'stroke-opacity': opacity.toFixed(4),
        'stroke-width': g
      })
    case 'triangle':
    case 'polygon':
      return tag('polygon', {
        points: shape.values.map(n).join(' '),
        'fill-rule': 'evenodd',
        ...fill
      })
  }
}
