import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { framePixel, makeAnimated } from '../testing/frames'
import { assertSimilar, contextFor, pixelAt, renderedPng } from '../testing/images'
import { blurOperation } from './blur'

/** 100 × 20: black left half, white right half. */
const step = () =>
  sharp({ create: { width: 100, height: 20, channels: 3, background: '#000' } })
    .composite([
      {
        input: { create: { width: 50, height: 20, channels: 3, background: '#fff' } },
        left: 50,
        top: 0
      }
    ])
    .png()
    .toBuffer()

const blurred = async (input: Buffer, options: Record<string, unknown>) => {
  const ctx = await contextFor(input)
  await blurOperation.apply(ctx, options)
  return renderedPng(ctx)
}

describe('blur', () => {
  it('blurs with sigma 4 by default, as libvips does', async () => {
    const input = await step()
    const output = await blurred(input, {})
    const [edge] = await pixelAt(output, 49, 10)
    expect(edge).toBeGreaterThan(60)
    expect(edge).toBeLessThan(200)
    expect((await pixelAt(output, 5, 10))[0]).toBe(0)
    expect((await pixelAt(output, 95, 10))[0]).toBe(255)
    await assertSimilar(output, await sharp(input).blur(4).png().toBuffer(), 1)
  })

  it('blurs more with a larger sigma', async () => {
    const input = await step()
    const [soft] = await pixelAt(await blurred(input, { sigma: 10 }), 40, 10)
    const [hard] = await pixelAt(await blurred(input, { sigma: 2 }), 40, 10)
    expect(hard).toBe(0)
    expect(soft).toBeGreaterThan(10)
  })

  it('leaves the image as it is for sigma 0', async () => {
    const input = await step()
    const output = await blurred(input, { sigma: 0 })
    expect(await pixelAt(output, 49, 10)).toEqual([0, 0, 0, 255])
    expect(await pixelAt(output, 50, 10)).toEqual([255, 255, 255, 255])
  })

  it('limits how far the blur reaches with a radius', async () => {
    const input = await step()
    const wide = await blurred(input, { sigma: 4, radius: 0 })
    const narrow = await blurred(input, { sigma: 4, radius: 2 })
    // 4 px from the edge: inside the kernel of sigma 4, outside a radius of 2
    expect((await pixelAt(wide, 46, 10))[0]).toBeGreaterThan(10)
    expect((await pixelAt(narrow, 46, 10))[0]).toBe(0)
    expect((await pixelAt(narrow, 49, 10))[0]).toBeGreaterThan(20)
  })

  it('blurs animated frames one by one, without bleeding between them', async () => {
    const ctx = await contextFor(await makeAnimated(20, 10, ['#000000', '#ffffff']), {
      animated: true
    })
    await blurOperation.apply(ctx, { sigma: 3 })
    const frame = await ctx.raw()
    expect(frame.pages).toBe(2)
    expect(framePixel(frame, 0, 10, 9).slice(0, 3)).toEqual([0, 0, 0])
    expect(framePixel(frame, 1, 10, 0).slice(0, 3)).toEqual([255, 255, 255])
  })
})
