import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors'
import type { RenderContext } from '../context'
import {
  assertSimilar,
  contextFor,
  makeFlat,
  makeQuadrants,
  pixelAt,
  renderedPng
} from '../testing/images'
import { resizeOperation } from './resize'

const RED = [255, 0, 0, 255]
const GREEN = [0, 255, 0, 255]
const BLUE = [0, 0, 255, 255]
const YELLOW = [255, 255, 0, 255]

const sizeOf = async (png: Buffer) => {
  const { width, height } = await sharp(png).metadata()
  return { width, height }
}

const resized = async (input: Buffer, options: Record<string, unknown>, dpr = 1) => {
  const ctx = await contextFor(input, { dpr })
  await resizeOperation.apply(ctx, options)
  return renderedPng(ctx)
}

/** A 3-frame GIF whose frames are red, green and blue. */
const makeAnimatedGif = async (width: number, height: number): Promise<Buffer> => {
  const colours = [
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255]
  ]
  const frame = Buffer.alloc(width * height * 3 * colours.length)
  colours.forEach((colour, page) => {
    for (let i = 0; i < width * height; i += 1) {
      frame.set(colour, (page * width * height + i) * 3)
    }
  })
  return sharp(frame, { raw: { width, height: height * 3, channels: 3, pageHeight: height } })
    .gif({ delay: [100, 100, 100] })
    .toBuffer()
}

const pagesOf = async (ctx: RenderContext) => {
  const gif = await (await ctx.finalPipeline()).gif().toBuffer()
  return sharp(gif).metadata()
}

describe('resize', () => {
  it('fits the image inside the box in box mode (the default)', async () => {
    const input = await makeQuadrants(300, 200)
    const output = await resized(input, { width: 150, height: 150 })
    expect(await sizeOf(output)).toEqual({ width: 150, height: 100 })
    expect(await pixelAt(output, 10, 10)).toEqual(RED)
    expect(await pixelAt(output, 140, 10)).toEqual(GREEN)
    expect(await pixelAt(output, 10, 90)).toEqual(BLUE)
    expect(await pixelAt(output, 140, 90)).toEqual(YELLOW)
    await assertSimilar(output, await sharp(input).resize(150, 100).png().toBuffer(), 2)
  })

  it('covers the box in fill mode, without cropping', async () => {
    const output = await resized(await makeQuadrants(300, 200), {
      width: 150,
      height: 150,
      mode: 'fill'
    })
    expect(await sizeOf(output)).toEqual({ width: 225, height: 150 })
    expect(await pixelAt(output, 5, 5)).toEqual(RED)
    expect(await pixelAt(output, 220, 145)).toEqual(YELLOW)
  })

  it('stretches to exactly width × height in absolute mode', async () => {
    const input = await makeQuadrants(300, 200)
    const output = await resized(input, { width: 100, height: 180, mode: 'absolute' })
    expect(await sizeOf(output)).toEqual({ width: 100, height: 180 })
    expect(await pixelAt(output, 5, 5)).toEqual(RED)
    expect(await pixelAt(output, 95, 175)).toEqual(YELLOW)
    const expected = await sharp(input).resize(100, 180, { fit: 'fill' }).png().toBuffer()
    await assertSimilar(output, expected, 2)
  })

  it.each([
    [{ width: 150 }, 150, 100],
    [{ height: 50 }, 75, 50],
    [{ width: 150, mode: 'absolute' }, 150, 100],
    [{ height: 400, mode: 'fill' }, 600, 400]
  ])('scales proportionally when only one dimension is given: %j', async (options, w, h) => {
    const output = await resized(await makeQuadrants(300, 200), options)
    expect(await sizeOf(output)).toEqual({ width: w, height: h })
  })

  it('does not enlarge with upscale false', async () => {
    const output = await resized(await makeQuadrants(300, 200), { width: 600, upscale: false })
    expect(await sizeOf(output)).toEqual({ width: 300, height: 200 })
  })

  it('caps each axis on its own with upscale false in absolute mode', async () => {
    const output = await resized(await makeQuadrants(300, 200), {
      width: 600,
      height: 100,
      mode: 'absolute',
      upscale: false
    })
    expect(await sizeOf(output)).toEqual({ width: 300, height: 100 })
  })

  // rokka's DPR table, for a 300 px wide source
  describe.each([
    [true, true, [200, 400, 400, 800]],
    [false, true, [200, 400, 300, 600]],
    [false, false, [200, 300, 300, 300]]
  ])('dpr with upscale %s and upscale_dpr %s', (upscale, upscaleDpr, widths) => {
    it.each([
      [200, 1, widths[0]],
      [200, 2, widths[1]],
      [400, 1, widths[2]],
      [400, 2, widths[3]]
    ])('width %i at dpr %i gives %i px', async (width, dpr, expected) => {
      const output = await resized(
        await makeQuadrants(300, 150),
        { width, upscale, upscale_dpr: upscaleDpr },
        dpr
      )
      expect(await sizeOf(output)).toEqual({ width: expected, height: (expected ?? 0) / 2 })
    })
  })

  it('lets only the requested size enlarge with upscale true and upscale_dpr false', async () => {
    const input = await makeQuadrants(300, 150)
    const options = { upscale: true, upscale_dpr: false }
    expect((await sizeOf(await resized(input, { ...options, width: 200 }, 2))).width).toBe(300)
    expect((await sizeOf(await resized(input, { ...options, width: 400 }, 2))).width).toBe(400)
    expect((await sizeOf(await resized(input, { ...options, width: 100 }, 2))).width).toBe(200)
  })

  it('applies a fractional dpr', async () => {
    const output = await resized(await makeQuadrants(300, 150), { width: 100 }, 1.5)
    expect(await sizeOf(output)).toEqual({ width: 150, height: 75 })
  })

  it('refuses results over 10000 px a side after the dpr with a 400', async () => {
    const ctx = await contextFor(await makeFlat(100, 50, '#808080'), { dpr: 2 })
    const error = await resizeOperation.apply(ctx, { width: 6000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).status).toBe(400)
    expect((error as AppError).code).toBe('image_too_large')
    expect((error as AppError).message).toBe(
      'The rendered image would be 12000 × 6000 pixels, but at most 10000 pixels a side can be rendered; ask for a smaller size or dpr.'
    )
    const exact = await contextFor(await makeFlat(100, 1, '#808080'), { dpr: 2 })
    await resizeOperation.apply(exact, { width: 5000 })
    expect(await exact.size()).toEqual({ width: 10000, height: 100 })
  })

  it('resizes a JPEG while decoding it when it is the first operation', async () => {
    const noise = Buffer.alloc(800 * 600 * 3)
    for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 7919) % 251
    const input = await sharp(noise, { raw: { width: 800, height: 600, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer()
    const ctx = await contextFor(input)
    await resizeOperation.apply(ctx, { width: 100 })
    const output = await (await ctx.finalPipeline()).raw().toBuffer()
    const onLoad = await sharp(input).resize(100, 75, { kernel: 'lanczos3' }).raw().toBuffer()
    const decoded = await sharp(input).raw().toBuffer({ resolveWithObject: true })
    const afterDecode = await sharp(decoded.data, {
      raw: { width: 800, height: 600, channels: decoded.info.channels }
    })
      .resize(100, 75, { kernel: 'lanczos3' })
      .raw()
      .toBuffer()
    expect(afterDecode.equals(onLoad)).toBe(false)
    expect(output.equals(onLoad)).toBe(true)
  })

  it('resizes again from the raw pixels of an earlier step', async () => {
    const ctx = await contextFor(await makeQuadrants(400, 200))
    await resizeOperation.apply(ctx, { width: 200 })
    await resizeOperation.apply(ctx, { width: 50, height: 50, mode: 'absolute' })
    const output = await renderedPng(ctx)
    expect(await sizeOf(output)).toEqual({ width: 50, height: 50 })
    expect(await pixelAt(output, 2, 2)).toEqual(RED)
    expect(await pixelAt(output, 47, 47)).toEqual(YELLOW)
  })

  it('records the scale so areas in source pixels follow', async () => {
    const ctx = await contextFor(await makeQuadrants(400, 200))
    await resizeOperation.apply(ctx, { width: 100, height: 100, mode: 'absolute' })
    expect(ctx.mapFromSource({ x: 200, y: 100, width: 40, height: 20 })).toEqual({
      x: 50,
      y: 50,
      width: 10,
      height: 10
    })
  })

  describe('sharpen', () => {
    // fine stripes: detail that a lanczos downscale softens and sharpening restores
    const detailed = async () => {
      const stripes = Buffer.alloc(400 * 400 * 3)
      for (let y = 0; y < 400; y += 1) {
        for (let x = 0; x < 400; x += 1) {
          stripes.fill(
            Math.floor(x / 10) % 2 === 0 ? 30 : 220,
            (y * 400 + x) * 3,
            (y * 400 + x) * 3 + 3
          )
        }
      }
      return sharp(stripes, { raw: { width: 400, height: 400, channels: 3 } })
        .png()
        .toBuffer()
    }

    const render = async (options: Record<string, unknown>, entropy: number | null) => {
      const ctx = await contextFor(await detailed(), { source: { entropy } })
      await resizeOperation.apply(ctx, options)
      return (await ctx.finalPipeline()).raw().toBuffer()
    }

    it.each([null, 6])('sharpens a downsized image with entropy %s', async (entropy) => {
      const plain = await render({ width: 90 }, entropy)
      const sharpened = await render({ width: 90, sharpen: true }, entropy)
      expect(sharpened.equals(plain)).toBe(false)
      const expected = await sharp(await detailed())
        .resize(90, 90, { kernel: 'lanczos3' })
        .sharpen({ sigma: 0.5 })
        .raw()
        .toBuffer()
      expect(sharpened.equals(expected)).toBe(true)
    })

    it('leaves low-entropy images and enlargements unsharpened', async () => {
      const plainSmall = await render({ width: 90 }, 3)
      expect((await render({ width: 90, sharpen: true }, 3)).equals(plainSmall)).toBe(true)
      const plainLarge = await render({ width: 500 }, 7)
      expect((await render({ width: 500, sharpen: true }, 7)).equals(plainLarge)).toBe(true)
    })
  })

  it('keeps every frame of an animated GIF', async () => {
    const ctx = await contextFor(await makeAnimatedGif(40, 30), { animated: true })
    await resizeOperation.apply(ctx, { width: 20 })
    const meta = await pagesOf(ctx)
    expect(meta.pages).toBe(3)
    expect(meta.width).toBe(20)
    expect(meta.pageHeight ?? meta.height).toBe(15)

    await resizeOperation.apply(ctx, { width: 10, height: 10, mode: 'absolute' })
    const frame = await ctx.raw()
    expect({ width: frame.width, height: frame.height, pages: frame.pages }).toEqual({
      width: 10,
      height: 10,
      pages: 3
    })
    const colourOfPage = (page: number) => {
      const at = (page * 100 + 55) * frame.channels
      return [...frame.data.subarray(at, at + 3)]
    }
    expect([colourOfPage(0), colourOfPage(1), colourOfPage(2)]).toEqual([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255]
    ])
  })
})
