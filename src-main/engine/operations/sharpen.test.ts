import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { framePixel, makeAnimated } from '../testing/frames'
import { contextFor, makeFlat, pixelAt, renderedPng } from '../testing/images'
import { sharpenOperation } from './sharpen'

/** A soft step from dark grey to light grey, so sharpening has an edge to steepen. */
const softEdge = async () => {
  const hard = await sharp({
    create: { width: 60, height: 10, channels: 3, background: '#404040' }
  })
    .composite([
      {
        input: { create: { width: 30, height: 10, channels: 3, background: '#c0c0c0' } },
        left: 30,
        top: 0
      }
    ])
    .png()
    .toBuffer()
  // a second pipeline: sharp would blur before compositing
  return sharp(hard).blur(1.5).png().toBuffer()
}

const sharpened = async (input: Buffer, options: Record<string, unknown>) => {
  const ctx = await contextFor(input)
  await sharpenOperation.apply(ctx, options)
  return renderedPng(ctx)
}

/** Difference between the pixels either side of the edge. */
const contrast = async (png: Buffer) =>
  (await pixelAt(png, 32, 5))[0] - (await pixelAt(png, 27, 5))[0]

const rawOf = (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer()

describe('sharpen', () => {
  it('steepens edges with rokka’s defaults, as libvips sharpen does', async () => {
    const input = await softEdge()
    const output = await rawOf(await sharpened(input, {}))
    const expected = await sharp(input)
      .sharpen({ sigma: 0.7, m1: 0.4, m2: 0.8, x1: 2, y2: 10, y3: 20 })
      .removeAlpha()
      .raw()
      .toBuffer()
    expect(output.equals(expected)).toBe(true)
    expect(output.equals(await rawOf(input))).toBe(false)
  })

  it('sharpens more with larger slopes, sigma and limits', async () => {
    const input = await softEdge()
    const mild = await sharpened(input, {})
    const strong = await sharpened(input, { m1: 3, m2: 3, sigma: 2, y2: 50, y3: 50 })
    expect(await contrast(strong)).toBeGreaterThan((await contrast(mild)) + 50)
    expect(await contrast(mild)).toBeGreaterThanOrEqual(await contrast(input))
  })

  it('changes nothing at sigma 0 and nothing on a flat image', async () => {
    const input = await softEdge()
    expect(await contrast(await sharpened(input, { sigma: 0 }))).toBe(await contrast(input))
    const flat = await sharpened(await makeFlat(10, 10, '#808080'), { m2: 10 })
    expect(await pixelAt(flat, 5, 5)).toEqual([128, 128, 128, 255])
  })

  it('accepts a sigma above libvips’ limit of 10', async () => {
    const output = await sharpened(await softEdge(), { sigma: 50 })
    expect((await sharp(output).metadata()).width).toBe(60)
  })

  it('sharpens animated frames one by one, without halos across them', async () => {
    const ctx = await contextFor(await makeAnimated(20, 10, ['#404040', '#c0c0c0']), {
      animated: true
    })
    await sharpenOperation.apply(ctx, { m1: 3, m2: 3, sigma: 2, y2: 50, y3: 50 })
    const frame = await ctx.raw()
    expect(frame.pages).toBe(2)
    expect(framePixel(frame, 0, 10, 9).slice(0, 3)).toEqual([64, 64, 64])
    expect(framePixel(frame, 1, 10, 0).slice(0, 3)).toEqual([192, 192, 192])
  })
})
