import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { framePixel, makeAnimated } from '../testing/frames'
import { contextFor, makeFlat } from '../testing/images'
import { alphaOperation } from './alpha'

/** Four pixels in a row with alphas 255, 128, 0 and 64. */
const strip = () =>
  sharp(Buffer.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 10, 20, 30, 64]), {
    raw: { width: 4, height: 1, channels: 4 }
  })
    .png()
    .toBuffer()

const applied = async (input: Buffer, options: Record<string, unknown>) => {
  const ctx = await contextFor(input)
  await alphaOperation.apply(ctx, options)
  return ctx.raw()
}

const pixels = (frame: Awaited<ReturnType<typeof applied>>) =>
  [0, 1, 2, 3].slice(0, frame.width).map((x) => framePixel(frame, 0, x, 0))

describe('alpha', () => {
  it('shows the alpha channel as an opaque grey image in mask mode (the default)', async () => {
    const frame = await applied(await strip(), {})
    expect(frame.channels).toBe(3)
    expect(pixels(frame)).toEqual([
      [255, 255, 255],
      [128, 128, 128],
      [0, 0, 0],
      [64, 64, 64]
    ])
  })

  it('shows an opaque image as white', async () => {
    const frame = await applied(await makeFlat(2, 2, '#123456'), { mode: 'mask' })
    expect(framePixel(frame, 0, 1, 1)).toEqual([255, 255, 255])
  })

  it('returns only the alpha channel in extract mode', async () => {
    const frame = await applied(await strip(), { mode: 'extract' })
    expect(frame.channels).toBe(1)
    expect([...frame.data]).toEqual([255, 128, 0, 64])
  })

  it('lays the image on white in remove mode', async () => {
    const input = await strip()
    const frame = await applied(input, { mode: 'remove' })
    expect(frame.channels).toBe(3)
    // 128/255 of green over 127/255 of white; 64/255 of (10, 20, 30) over 191/255 of white
    expect(pixels(frame)).toEqual([
      [255, 0, 0],
      [127, 255, 127],
      [255, 255, 255],
      [194, 196, 199]
    ])
    const flattened = await sharp(input).flatten({ background: '#ffffff' }).raw().toBuffer()
    ;[...frame.data].forEach((value, i) =>
      expect(Math.abs(value - (flattened[i] ?? -9))).toBeLessThanOrEqual(1)
    )
  })

  it('multiplies alpha by opacity in apply mode', async () => {
    const frame = await applied(await strip(), { mode: 'apply', opacity: 50 })
    expect(pixels(frame).map((pixel) => pixel[3])).toEqual([128, 64, 0, 32])
    expect(framePixel(frame, 0, 0, 0).slice(0, 3)).toEqual([255, 0, 0])
  })

  it('applies 50 % by default and gives opaque images alpha', async () => {
    const frame = await applied(await makeFlat(2, 2, '#123456'), { mode: 'apply' })
    expect(frame.channels).toBe(4)
    expect(framePixel(frame, 0, 1, 1)).toEqual([0x12, 0x34, 0x56, 128])
  })

  it('works on every frame of an animation', async () => {
    const ctx = await contextFor(await makeAnimated(4, 4, ['#ff000080', '#00ff00']), {
      animated: true
    })
    await alphaOperation.apply(ctx, { mode: 'mask' })
    const frame = await ctx.raw()
    expect(frame.pages).toBe(2)
    expect(framePixel(frame, 0, 1, 1)).toEqual([128, 128, 128])
    expect(framePixel(frame, 1, 1, 1)).toEqual([255, 255, 255])
  })
})
