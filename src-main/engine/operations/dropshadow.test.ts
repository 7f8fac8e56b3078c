import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { framePixel, makeAnimated } from '../testing/frames'
import { contextFor, makeFlat, pixelAt, renderedPng } from '../testing/images'
import { dropshadowOperation } from './dropshadow'

const shadowed = async (input: Buffer, options: Record<string, unknown>, dpr = 1) => {
  const ctx = await contextFor(input, { dpr })
  await dropshadowOperation.apply(ctx, options)
  return renderedPng(ctx)
}

const sizeOf = async (png: Buffer) => {
  const { width, height } = await sharp(png).metadata()
  return { width, height }
}

describe('dropshadow', () => {
  it('casts a hard shadow at the offset and grows the canvas to hold it', async () => {
    const output = await shadowed(await makeFlat(20, 20, '#ff0000'), {
      horizontal: 10,
      vertical: 5,
      sigma: 0,
      color: '0000FF'
    })
    expect(await sizeOf(output)).toEqual({ width: 30, height: 25 })
    expect(await pixelAt(output, 5, 5)).toEqual([255, 0, 0, 255])
    expect(await pixelAt(output, 25, 22)).toEqual([0, 0, 255, 255])
    expect((await pixelAt(output, 25, 2))[3]).toBe(0)
    expect((await pixelAt(output, 2, 22))[3]).toBe(0)
  })

  it('grows the canvas to the left and top for negative offsets', async () => {
    const output = await shadowed(await makeFlat(20, 20, '#ff0000'), {
      horizontal: -8,
      vertical: -4,
      sigma: 0
    })
    expect(await sizeOf(output)).toEqual({ width: 28, height: 24 })
    expect(await pixelAt(output, 2, 2)).toEqual([0, 0, 0, 255])
    expect(await pixelAt(output, 26, 22)).toEqual([255, 0, 0, 255])
    expect((await pixelAt(output, 26, 1))[3]).toBe(0)
  })

  it('draws the shadow at the given opacity', async () => {
    const output = await shadowed(await makeFlat(20, 20, '#ff0000'), {
      horizontal: 10,
      vertical: 10,
      sigma: 0,
      opacity: 50
    })
    expect(await pixelAt(output, 25, 25)).toEqual([0, 0, 0, 128])
  })

  it('blurs the shadow by sigma, spreading 3 × sigma beyond the offset outline', async () => {
    const output = await shadowed(await makeFlat(20, 20, '#ff0000'), {
      horizontal: 10,
      vertical: 5,
      sigma: 2
    })
    // right: 20 + 10 + 6; top: 5 - 6 = -1; bottom: 20 + 5 + 6
    expect(await sizeOf(output)).toEqual({ width: 36, height: 32 })
    expect(await pixelAt(output, 6, 6)).toEqual([255, 0, 0, 255])
    const inside = (await pixelAt(output, 25, 20))[3]
    const edge = (await pixelAt(output, 30, 20))[3]
    const outside = (await pixelAt(output, 34, 20))[3]
    expect(inside).toBeGreaterThan(240)
    expect(edge).toBeGreaterThan(60)
    expect(edge).toBeLessThan(200)
    expect(outside).toBeLessThan(edge)
  })

  it('follows the outline of a transparent image', async () => {
    const dot = await sharp({ create: { width: 20, height: 20, channels: 4, background: '#0000' } })
      .composite([
        {
          input: { create: { width: 4, height: 4, channels: 4, background: '#00ff00' } },
          left: 8,
          top: 8
        }
      ])
      .png()
      .toBuffer()
    const output = await shadowed(dot, { horizontal: 6, vertical: 0, sigma: 0 })
    expect(await pixelAt(output, 15, 9)).toEqual([0, 0, 0, 255])
    expect((await pixelAt(output, 15, 3))[3]).toBe(0)
    expect(await pixelAt(output, 9, 9)).toEqual([0, 255, 0, 255])
  })

  it('scales offsets with the dpr', async () => {
    const output = await shadowed(await makeFlat(20, 20, '#ff0000'), { horizontal: 5, sigma: 0 }, 2)
    expect(await sizeOf(output)).toEqual({ width: 30, height: 20 })
  })

  it('refuses a shadow that would grow the canvas past 10000 pixels', async () => {
    await expect(
      shadowed(await makeFlat(20, 20, '#ff0000'), { sigma: 5000 })
    ).rejects.toMatchObject({ code: 'image_too_large', status: 400 })
  })

  it('shadows every frame of an animation', async () => {
    const ctx = await contextFor(await makeAnimated(10, 10, ['#ff0000', '#00ff00']), {
      animated: true
    })
    await dropshadowOperation.apply(ctx, { horizontal: 4, vertical: 4, sigma: 0 })
    const frame = await ctx.raw()
    expect(frame).toMatchObject({ width: 14, height: 14, pages: 2 })
    expect(framePixel(frame, 0, 12, 12)).toEqual([0, 0, 0, 255])
    expect(framePixel(frame, 1, 2, 2)).toEqual([0, 255, 0, 255])
    expect(framePixel(frame, 1, 12, 1)[3]).toBe(0)
  })
})
