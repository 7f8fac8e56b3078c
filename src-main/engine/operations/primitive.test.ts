import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { makeAnimated } from '../testing/frames'
import { contextFor, imageDistance, makeFlat, makeQuadrants, renderedPng } from '../testing/images'
import { primitiveOperation } from './primitive'

/** A picture with a gradient sky, a sun and two hills. */
const landscape = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="160">' +
        '<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">' +
        '<stop offset="0" stop-color="#2a6fdb"/><stop offset="1" stop-color="#f6d365"/>' +
        '</linearGradient></defs>' +
        '<rect width="240" height="160" fill="url(#g)"/>' +
        '<circle cx="180" cy="45" r="25" fill="#ffef5a"/>' +
        '<polygon points="0,160 70,70 140,160" fill="#3b5d3a"/>' +
        '<polygon points="90,160 160,90 240,160" fill="#24402a"/></svg>'
    )
  )
    .png()
    .toBuffer()

const approximated = async (input: Buffer, options: Record<string, unknown>) => {
  const ctx = await contextFor(input)
  await primitiveOperation.apply(ctx, options)
  return renderedPng(ctx)
}

/** A flat image of the input's mean colour, from sharp's statistics. */
const meanFill = async (input: Buffer) => {
  const { channels } = await sharp(input).stats()
  const [r = 0, g = 0, b = 0] = channels.map((channel) => Math.round(channel.mean))
  const { width = 1, height = 1 } = await sharp(input).metadata()
  return makeFlat(width, height, `rgb(${r},${g},${b})`)
}

describe('primitive', () => {
  it('keeps the size and draws an opaque picture of shapes', async () => {
    const output = await approximated(await landscape(), {})
    expect(await sharp(output).metadata()).toMatchObject({ width: 240, height: 160, channels: 3 })
  })

  it('is closer to the input than a flat fill of its mean colour', async () => {
    const input = await landscape()
    const flat = await meanFill(input)
    const output = await approximated(input, { count: 20 })
    expect(await imageDistance(output, flat)).toBeGreaterThan(10)
    const shapes = await imageDistance(output, input)
    expect(shapes).toBeLessThan(0.6 * (await imageDistance(flat, input)))
  })

  it('gets closer with more shapes', async () => {
    const input = await landscape()
    const few = await imageDistance(await approximated(input, { count: 3 }), input)
    const many = await imageDistance(await approximated(input, { count: 60 }), input)
    expect(many).toBeLessThan(few)
  })

  it('reproduces the four quadrants of a simple image', async () => {
    const input = await makeQuadrants(120, 120)
    expect(await imageDistance(await approximated(input, { count: 30 }), input)).toBeLessThan(25)
  })

  it('gives the same picture every time', async () => {
    const input = await landscape()
    const first = await approximated(input, { count: 15, mode: 1 })
    const second = await approximated(input, { count: 15, mode: 1 })
    expect(first.equals(second)).toBe(true)
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9])('draws with shapes of mode %i', async (mode) => {
    const input = await landscape()
    const flat = await meanFill(input)
    const output = await approximated(input, { count: 15, mode })
    expect(await imageDistance(output, input)).toBeLessThan(await imageDistance(flat, input))
  })

  it('draws different shapes in different modes', async () => {
    const input = await landscape()
    const circles = await approximated(input, { count: 10, mode: 4 })
    const rectangles = await approximated(input, { count: 10, mode: 2 })
    expect(circles.equals(rectangles)).toBe(false)
  })

  it('stops when the render is aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const ctx = await contextFor(await landscape(), { signal: controller.signal })
    await expect(primitiveOperation.apply(ctx, { count: 200 })).rejects.toMatchObject({
      status: 503
    })
  })

  it('turns an animation into a still of its first frame', async () => {
    const ctx = await contextFor(await makeAnimated(40, 30, ['#ff0000', '#0000ff']), {
      animated: true
    })
    ctx.delay = [100, 100]
    await primitiveOperation.apply(ctx, { count: 5 })
    const frame = await ctx.raw()
    expect(frame).toMatchObject({ pages: 1, width: 40, height: 30, channels: 3 })
    expect(ctx.delay).toEqual([100])
    expect([...frame.data.subarray(0, 3)]).toEqual([255, 0, 0])
  })
})
