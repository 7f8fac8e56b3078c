import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors'
import { parseAnchor, type Anchor } from './anchor'

const outer = { width: 100, height: 50 }
const inner = { width: 20, height: 10 }

const place = (anchor: Anchor, pixelScale?: number) => {
  if (anchor.kind !== 'position') throw new Error(`expected a position, got ${anchor.keyword}`)
  return anchor.place(outer, inner, pixelScale)
}

describe('parseAnchor', () => {
  it.each([
    ['left_top', 0, 0],
    ['center_top', 40, 0],
    ['right_top', 80, 0],
    ['left_center', 0, 20],
    ['center_center', 40, 20],
    ['right_center', 80, 20],
    ['left_bottom', 0, 40],
    ['center_bottom', 40, 40],
    ['right_bottom', 80, 40],
    ['15_65', 15, 65],
    ['0_0', 0, 0],
    ['right_7', 80, 7],
    ['3_bottom', 3, 40],
    ['right-bottom', 80, 40],
    ['12-center', 12, 20]
  ])('places %s at (%i, %i)', (value, left, top) => {
    expect(place(parseAnchor(value))).toEqual({ left, top })
  })

  it('multiplies pixel offsets, and only them, by the pixel scale', () => {
    expect(place(parseAnchor('15_7'), 2)).toEqual({ left: 30, top: 14 })
    expect(place(parseAnchor('right_bottom'), 2)).toEqual({ left: 80, top: 40 })
    expect(place(parseAnchor('5_center'), 1.5)).toEqual({ left: 8, top: 20 })
  })

  it('leaves placements unclamped for the caller to decide', () => {
    const anchor = parseAnchor('center_center')
    if (anchor.kind !== 'position') throw new Error('expected a position')
    expect(anchor.place({ width: 10, height: 10 }, { width: 30, height: 20 })).toEqual({
      left: -10,
      top: -5
    })
    expect(place(parseAnchor('10000_10000'))).toEqual({ left: 10000, top: 10000 })
  })

  it.each(['auto', 'smart', 'face', 'subjectarea', 'croparea'])(
    'keeps %s as a keyword',
    (value) => {
      expect(parseAnchor(value)).toEqual({ kind: 'keyword', keyword: value })
    }
  )

  it('reports the axes it parsed', () => {
    expect(parseAnchor('left_42')).toMatchObject({ kind: 'position', x: 'start', y: 42 })
    expect(parseAnchor('center_bottom')).toMatchObject({ x: 'center', y: 'end' })
  })

  it.each(['top_left', 'center', 'left_top_', 'centre_centre', '10001_0', '-5_5', 'AUTO', ''])(
    'rejects %j with a 400 naming the option',
    (value) => {
      let caught: unknown
      try {
        parseAnchor(value, 'crop.anchor')
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(AppError)
      expect((caught as AppError).status).toBe(400)
      expect((caught as AppError).message).toBe(
        `Expected anchor like center_center, right_bottom, 10_20, auto, smart, face, subjectarea or croparea for crop.anchor but received ${value} of type string`
      )
    }
  )
})
