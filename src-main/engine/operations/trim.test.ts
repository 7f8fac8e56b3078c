import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { assertSimilar, contextFor, makeFlat, pixelAt, renderedPng } from '../testing/images'
import { trimOperation } from './trim'

const block = (width: number, height: number, colour: string) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer()

/** A white 100×80 canvas with a light grey 60×40 band and a red 20×10 block inside it. */
const makeFramed = async (): Promise<Buffer> =>
  sharp({ create: { width: 100, height: 80, channels: 3, background: '#ffffff' } })
    .composite([
      { input: await block(60, 40, '#f0f0f0'), left: 20, top: 20 },
      { input: await block(20, 10, '#ff0000'), left: 40, top: 35 }
    ])
    .removeAlpha()
    .png()
    .toBuffer()

const trimmed = async (input: Buffer, options: Record<string, unknown> = {}) => {
  const ctx = await contextFor(input)
  await trimOperation.apply(ctx, options)
  return { ctx, output: await renderedPng(ctx) }
}

describe('trim', () => {
  it('cuts away the border that has the corner colour', async () => {
    const input = await makeFramed()
    const { ctx, output } = await trimmed(input)
    expect(await sharp(output).metadata()).toMatchObject({ width: 60, height: 40 })
    expect(await pixelAt(output, 0, 0)).toEqual([240, 240, 240, 255])
    expect(await pixelAt(output, 25, 17)).toEqual([255, 0, 0, 255])
    const expected = await sharp(input)
      .extract({ left: 20, top: 20, width: 60, height: 40 })
      .png()
      .toBuffer()
    await assertSimilar(output, expected, 1)
    expect(ctx.mapFromSource({ x: 40, y: 35, width: 20, height: 10 })).toEqual({
      x: 20,
      y: 15,
      width: 20,
      height: 10
    })
  })

  it('treats colours within the fuzzy tolerance as border', async () => {
    const { output } = await trimmed(await makeFramed(), { fuzzy: 10 })
    expect(await sharp(output).metadata()).toMatchObject({ width: 20, height: 10 })
    expect(await pixelAt(output, 0, 0)).toEqual([255, 0, 0, 255])
    expect(await pixelAt(output, 19, 9)).toEqual([255, 0, 0, 255])
  })

  it('keeps colours just beyond a small tolerance', async () => {
    const { output } = await trimmed(await makeFramed(), { fuzzy: 5 })
    expect(await sharp(output).metadata()).toMatchObject({ width: 60, height: 40 })
  })

  it('leaves an image of one colour as it is', async () => {
    const { output } = await trimmed(await makeFlat(30, 20, '#123456'))
    expect(await sharp(output).metadata()).toMatchObject({ width: 30, height: 20 })
    expect(await pixelAt(output, 15, 10)).toEqual([0x12, 0x34, 0x56, 255])
  })

  it('trims every frame of an animated image to the box of the first', async () => {
    const frames = await Promise.all(
      ['#ff0000', '#00ff00', '#0000ff'].map(async (colour) =>
        sharp({ create: { width: 50, height: 40, channels: 3, background: '#ffffff' } })
          .composite([{ input: await block(20, 10, colour), left: 5, top: 25 }])
          .removeAlpha()
          .raw()
          .toBuffer()
      )
    )
    const gif = await sharp(Buffer.concat(frames), {
      raw: { width: 50, height: 120, channels: 3, pageHeight: 40 }
    })
      .gif({ delay: [100, 100, 100] })
      .toBuffer()
    const ctx = await contextFor(gif, { animated: true })
    await trimOperation.apply(ctx, {})
    const raw = await ctx.raw()
    expect([raw.width, raw.height, raw.pages]).toEqual([20, 10, 3])
    const firstPixels = [0, 1, 2].map((page) => {
      const at = page * 20 * 10 * raw.channels
      return [...raw.data.subarray(at, at + 3)]
    })
    expect(firstPixels).toEqual([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255]
    ])
    expect(ctx.mapFromSource({ x: 5, y: 25, width: 1, height: 1 })).toMatchObject({ x: 0, y: 0 })
  })
})
