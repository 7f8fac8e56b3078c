import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { framePixel, makeAnimated } from '../testing/frames'
import { contextFor, makeFlat, pixelAt, renderedPng } from '../testing/images'
import { circlemaskOperation } from './circlemask'

const masked = async (input: Buffer) => {
  const ctx = await contextFor(input)
  await circlemaskOperation.apply(ctx, {})
  return renderedPng(ctx)
}

describe('circlemask', () => {
  it('makes the corners transparent and keeps the centre', async () => {
    const output = await masked(await makeFlat(100, 100, '#ff0000'))
    expect(await sharp(output).metadata()).toMatchObject({ width: 100, height: 100, channels: 4 })
    for (const [x, y] of [
      [0, 0],
      [99, 0],
      [0, 99],
      [99, 99],
      [10, 10]
    ] as const) {
      expect((await pixelAt(output, x, y))[3]).toBe(0)
    }
    expect(await pixelAt(output, 50, 50)).toEqual([255, 0, 0, 255])
    // the circle touches the middle of each edge
    expect((await pixelAt(output, 50, 1))[3]).toBe(255)
    expect((await pixelAt(output, 1, 50))[3]).toBe(255)
  })

  it('uses the largest centred circle of a wide image', async () => {
    const output = await masked(await makeFlat(200, 100, '#00ff00'))
    // radius 50 around (100, 50)
    expect((await pixelAt(output, 100, 2))[3]).toBe(255)
    expect((await pixelAt(output, 140, 50))[3]).toBe(255)
    expect((await pixelAt(output, 45, 50))[3]).toBe(0)
    expect((await pixelAt(output, 155, 50))[3]).toBe(0)
    expect((await pixelAt(output, 100, 50))[3]).toBe(255)
  })

  it('keeps existing transparency inside the circle', async () => {
    const output = await masked(await makeFlat(40, 40, 'rgba(0,0,255,0.5)', 4))
    expect((await pixelAt(output, 20, 20))[3]).toBe(128)
    expect((await pixelAt(output, 0, 0))[3]).toBe(0)
  })

  it('masks every frame of an animation on its own', async () => {
    const ctx = await contextFor(await makeAnimated(20, 20, ['#ff0000', '#0000ff']), {
      animated: true
    })
    await circlemaskOperation.apply(ctx, {})
    const frame = await ctx.raw()
    expect(frame.pages).toBe(2)
    for (const page of [0, 1]) {
      expect(framePixel(frame, page, 0, 0)[3]).toBe(0)
      expect(framePixel(frame, page, 10, 10)[3]).toBe(255)
      expect(framePixel(frame, page, 10, 19)[3]).toBeGreaterThan(128)
    }
  })
})
